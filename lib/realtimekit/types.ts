/**
 * The app's own view of RealtimeKit data: camelCase, units in the names, times as ISO strings
 * (sessions, participants) or epoch ms (samples, for charts). Nothing here is a vendor payload.
 */

export interface App {
  id: string;
  name: string | null;
  createdAt: string | null;
}

export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  perPage: number;
  /** Null when the upstream did not say. */
  total: number | null;
  /** 1-based inclusive positions of the first and last item, as the upstream counts them. */
  startOffset: number | null;
  endOffset: number | null;
  hasMore: boolean;
}

export type SessionStatus = "live" | "ended" | "unknown";

export interface Session {
  id: string;
  appId: string | null;
  meetingId: string | null;
  title: string | null;
  type: string | null;
  status: SessionStatus;
  liveParticipants: number | null;
  peakParticipants: number | null;
  /** Participant-minutes consumed so far. */
  participantMinutes: number | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Ended sessions only; a live session's duration depends on when you look. */
  durationS: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  breakoutRooms: Session[];
}

export type PeerEventKind = "created" | "joining" | "leaving" | "other";

export interface PeerEvent {
  id: string | null;
  kind: PeerEventKind;
  /** The upstream name, e.g. PEER_JOINING. */
  name: string | null;
  at: string | null;
  viewType: string | null;
  minutesConsumed: number | null;
}

export interface Participant {
  /** The participant id is the peer id (docs/upstream.md). */
  peerId: string;
  sessionId: string | null;
  userId: string | null;
  customParticipantId: string | null;
  name: string | null;
  /** Preset name: `preset_name` in session lists, `role` in peer reports. */
  preset: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  durationS: number | null;
  /** Null unless requested with peer events. */
  peerEvents: PeerEvent[] | null;
  /** Rejoins after the first join (from peer events); null when events were not requested. */
  reconnects: number | null;
}

export interface Meeting {
  id: string;
  title: string | null;
  status: string | null;
  createdAt: string | null;
}

// ---- Peer report ----

export interface DeviceInfo {
  os: string | null;
  osVersion: string | null;
  cpuCores: number | null;
  memoryGb: number | null;
  isMobile: boolean | null;
  browser: string | null;
  browserVersion: string | null;
  engine: string | null;
  userAgent: string | null;
  webglSupport: boolean | null;
  sdkName: string | null;
  sdkVersion: string | null;
  sdkType: string | null;
  roomViewType: string | null;
  audioEncoder: string | null;
  videoEncoder: string | null;
}

export interface NetworkInfo {
  ipv4: string | null;
  city: string | null;
  region: string | null;
  /** ISO 3166 alpha-2. */
  country: string | null;
  timezone: string | null;
  org: string | null;
  asn: string | null;
  asnName: string | null;
  asnDomain: string | null;
  asnRoute: string | null;
  asnType: string | null;
}

export interface PrecallResult {
  at: string | null;
  effectiveNetworkType: string | null;
  turnConnectivity: boolean | null;
  relayConnectivity: boolean | null;
  reflexiveConnectivity: boolean | null;
  /** Only the legacy (pre-2026) payload carried measurements. */
  rttMs: number | null;
  backendRttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  throughputKbps: number | null;
}

export interface CandidateInfo {
  type: string | null;
  protocol: string | null;
  address: string | null;
  port: number | null;
  networkType: string | null;
  relatedAddress: string | null;
  url: string | null;
}

export type CandidatePath = "relay" | "direct" | "unknown";

export interface CandidatePair {
  transport: "producing" | "consuming";
  nominated: boolean | null;
  rttMs: number | null;
  availableOutgoingKbps: number | null;
  availableIncomingKbps: number | null;
  bytesSent: number | null;
  bytesReceived: number | null;
  /** Through a TURN relay, direct, or not reported (a candidate type missing): see pairPath. */
  path: CandidatePath;
  local: CandidateInfo;
  remote: CandidateInfo;
}

export interface ClientEvent {
  name: string;
  /** Epoch ms. */
  t: number;
  metadata: Record<string, unknown> | null;
}

export interface DeviceUpdate {
  t: number;
  kind: "audio-devices" | "video-devices" | "speaker-devices" | "selected";
  added: MediaDevice[];
  removed: MediaDevice[];
  /** For `selected`: the device switched to. */
  device: MediaDevice | null;
}

export interface MediaDevice {
  id: string | null;
  kind: string | null;
  label: string | null;
}

/**
 * The eight quality series of a peer report, in the order the product shows them. The one list:
 * the schema, the reshaping and every label derive from it.
 */
export const TRACK_KEYS = [
  "audio_producer",
  "video_producer",
  "audio_consumer",
  "video_consumer",
  "screenshare_video_producer",
  "screenshare_audio_producer",
  "screenshare_video_consumer",
  "screenshare_audio_consumer",
] as const;
export type TrackKey = (typeof TRACK_KEYS)[number];

/** Metrics a track may carry, each a column aligned with `t`. Units are in the names. */
export const METRICS = [
  "bitrateKbps",
  "packets",
  "packetsLost",
  "lossPct",
  "jitterMs",
  "rttMs",
  "mos",
  "jitterBufferMs",
  "concealmentEvents",
  "fps",
  "frameWidthPx",
  "frameHeightPx",
  "framesDropped",
] as const;
export type Metric = (typeof METRICS)[number];

export type QualityLimitation = "cpu" | "bandwidth" | "other" | "none";

export interface Gap {
  /** Epoch ms of the last sample before and the first sample after the gap. */
  from: number;
  to: number;
  durationS: number;
}

export interface Track {
  key: TrackKey;
  kind: "audio" | "video";
  direction: "send" | "receive";
  screenshare: boolean;
  /** Sample times, epoch ms, ascending, unique. */
  t: number[];
  /** Only metrics with at least one value are present. */
  metrics: Partial<Record<Metric, (number | null)[]>>;
  /** Video senders only. */
  qualityLimitation: (QualityLimitation | null)[] | null;
  /** Whether byte/packet counters were per-interval deltas (as observed) or running totals. */
  counters: "interval" | "cumulative";
  /** Most streams seen at one instant (a receiver has one per remote sender); they are combined. */
  streams: number;
  /** The report's `mosScaleEvident`, repeated here for rules that look at one track. */
  mosScaleEvident: boolean;
  medianIntervalS: number | null;
  gaps: Gap[];
  cumulative: CumulativeSummary | null;
}

export interface Percentiles {
  avg: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
}

export interface ThresholdFractions {
  avg: number | null;
  /** Share (0–1) of samples at or above each threshold, keyed by the threshold in the metric's unit. */
  atOrAbove: Record<string, number>;
}

export interface CumulativeSummary {
  /** As reported, on the undocumented scale (see PeerReport.mosScaleEvident). */
  mos: Percentiles | null;
  lossPct: ThresholdFractions | null;
  rttMs: ThresholdFractions | null;
  jitterBufferMs: ThresholdFractions | null;
  fps: Percentiles | null;
  frameWidthPx: Percentiles | null;
  /** Fractions (0–1) such as no_video_fraction, cpu_quality_limitation_fraction. */
  issues: Record<string, number>;
  other: Record<string, number>;
}

/** "unreadable": samples were uploaded but every one was dropped (unreadable or out-of-range time). */
export type SectionState = "present" | "empty" | "unreadable" | "missing";
export type ReportSection = "device" | "network" | "precall" | "events" | "quality";
export const REPORT_SECTIONS: readonly ReportSection[] = ["device", "network", "precall", "events", "quality"];

export interface Completeness {
  sections: Record<ReportSection, SectionState>;
  tracks: Record<TrackKey, SectionState>;
  /** Samples in the report's series, readable or not: 0 means the client uploaded none. */
  receivedSamples: number;
  /**
   * Samples dropped because their timestamp was unreadable or out of range (before 2000 or from
   * 2100 on: no call happened then, and such times break date arithmetic), and exact duplicates removed.
   */
  droppedSamples: number;
  duplicateSamples: number;
  /** True when the report came in the pre-2026 `peer_stats` shape. */
  legacyShape: boolean;
  firstSampleAt: number | null;
  lastSampleAt: number | null;
  /** Tracks' sampling gaps during which no track reported at all (the client stopped sending stats), for the header. */
  gaps: (Gap & { track: TrackKey })[];
}

export interface PeerReport {
  participant: Participant;
  device: DeviceInfo | null;
  network: NetworkInfo | null;
  precall: PrecallResult[];
  candidatePairs: CandidatePair[];
  events: ClientEvent[];
  deviceUpdates: DeviceUpdate[];
  /** Tracks that have samples, in TRACK_KEYS order. */
  tracks: Track[];
  /**
   * RealtimeKit's own per-track summaries (`*_cumulative`), in TRACK_KEYS order: also those of tracks
   * whose time series is empty or unreadable, which is the only quality data some reports hold.
   */
  summaries: TrackSummary[];
  /**
   * MOS values are kept as reported (samples and summaries alike): the scale is undocumented
   * (README, "Upstream quirks"). True when some reported MOS is above 1, so the values cannot be on
   * 0–1 and read as the usual 1–5; false when every value is at most 1 (the one real payload: 1
   * throughout, microphone muted) or there is no MOS. Judge MOS only when true, and mark the scale
   * as undocumented wherever MOS is shown.
   */
  mosScaleEvident: boolean;
  completeness: Completeness;
}

export interface TrackSummary {
  key: TrackKey;
  kind: "audio" | "video";
  direction: "send" | "receive";
  screenshare: boolean;
  /** The track's series state: "present" when it has samples (and a chart), otherwise the summary is all there is. */
  series: SectionState;
  cumulative: CumulativeSummary;
}

/** The app's list queries; lib/server/realtimekit/client.ts maps them to the upstream's parameters. */
export interface SessionListQuery {
  page?: number;
  perPage?: number;
  sortBy?: "createdAt" | "minutesConsumed";
  sortOrder?: "ASC" | "DESC";
  startTime?: string;
  endTime?: string;
  status?: "LIVE" | "ENDED";
  search?: string;
  meetingId?: string;
  /** `min:max` participant count. */
  participants?: string;
}

export interface ParticipantListQuery {
  page?: number;
  perPage?: number;
  search?: string;
  sortBy?: "joinedAt" | "duration";
  sortOrder?: "ASC" | "DESC";
  includePeerEvents?: boolean;
}
