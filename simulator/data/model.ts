// The simulator's world: apps, meetings, sessions and one cheap "plan" per peer. A plan holds
// everything that decides a peer's report (when it was connected, its device, network and media
// timeline, the trouble it runs into); the report itself is generated from it on request.

import type { DeviceProfile, Place } from "./catalogue";

/** Epoch-ms interval; `toMs` null while still going (live session). */
export interface Interval {
  fromMs: number;
  toMs: number | null;
}

/** A stretch of trouble on a peer's connection or machine. */
export type Episode =
  | { kind: "loss"; fromMs: number; toMs: number; lossPct: number; uplinkKbps: number }
  | { kind: "cpu"; fromMs: number; toMs: number }
  | { kind: "congestion"; fromMs: number; toMs: number; rttMs: number; jitterMs: number; uplinkKbps: number }
  /** A bad last hop towards this peer only (hotel Wi-Fi): loss and jitter in what it receives, its uplink untouched. */
  | { kind: "downlink"; fromMs: number; toMs: number; lossPct: number; jitterMs: number };

export type CandidateType = "host" | "srflx" | "prflx" | "relay";

export interface NetworkProfile {
  rttMs: number;
  /** Amplitude of the slow wander of RTT around `rttMs`. */
  rttWanderMs: number;
  jitterMs: number;
  /** Background loss in percent, applied in both directions. */
  lossPct: number;
  uplinkKbps: number;
  /** Chance per sample of a short RTT/jitter spike (cellular radio, busy Wi-Fi). */
  spikeChance: number;
  localCandidate: CandidateType;
  protocol: "udp" | "tcp";
  networkType: "wifi" | "ethernet" | "cellular";
  effectiveNetworkType: "4g" | "3g" | "2g";
  precall: { turn: boolean; relay: boolean; reflexive: boolean };
}

export type PresetViewType = "GROUP_CALL" | "WEBINAR";

/** member: everyone sees everyone; stage: webinar presenter; viewer: webinar attendee. */
export type PeerRole = "member" | "stage" | "viewer";

export interface DeviceChange {
  atMs: number;
  kind: "audioinput" | "audiooutput" | "videoinput";
  label: string;
  /** The new device also becomes the selected one. */
  select: boolean;
}

export interface PeerPlan {
  id: string;
  sessionId: string;
  appId: string;
  seed: number;
  /**
   * The world's anchor: noise is indexed by time since it, so a world built at any moment is the
   * same call shifted in time and a scenario's numbers don't depend on when the simulator started.
   */
  noiseOriginMs: number;
  userId: string;
  customParticipantId: string;
  displayName: string;
  preset: string;
  role: PeerRole;
  /** Connected stretches in order; the gaps between them are disconnections. */
  connections: Interval[];
  device: DeviceProfile;
  place: Place;
  ipv4: string;
  privateIp: string;
  network: NetworkProfile;
  episodes: Episode[];
  /** Unmuted microphone stretches. */
  audioOn: Interval[];
  videoOn: Interval[];
  screenshare: Interval[];
  /** Screen shares carry tab audio too. */
  shareAudio: boolean;
  backgrounded: Interval[];
  deviceChanges: DeviceChange[];
  /** The client never uploaded call stats: every quality series stays empty. */
  statsMissing: boolean;
  /** Shapes the schema allows that a tidy generator would never produce (README, "Edge payloads"). */
  quirks: PayloadQuirks;
}

export interface PayloadQuirks {
  /** The peer report's `data` is `{}` (no participant at all), or its participant has no `id`. */
  reportEnvelope?: "no-participant" | "participant-without-id";
  /** Candidate pairs without candidate types and protocols (every field is optional). */
  untypedCandidatePairs?: boolean;
  /** Every series `[]` while the `*_cumulative` summaries keep their figures. */
  cumulativeOnly?: boolean;
  /** Two extra `audio_producer` samples: one at +275760-09-13 (Date's last day), one with an unreadable timestamp. */
  oddTimestamps?: boolean;
  /** No `left_at` although the peer left and the session ended. */
  noLeftAt?: boolean;
}

/** A participants-list row without an id (schema-valid: every field is optional); it has no peer report. */
export interface UnidentifiedRow {
  displayName: string;
  preset: string;
  joinedMs: number;
  leftMs: number;
}

/**
 * Trouble in the SFU itself rather than on anyone's network: for the stretch, every receiver of the
 * given roles gets what it forwards with this loss and jitter on top, while every sender's uplink
 * stays clean. Session-wide, so each receiver's report shows the same stretch.
 */
export interface SfuIncident {
  fromMs: number;
  toMs: number;
  lossPct: number;
  jitterMs: number;
  /** Who receives through the failing part, e.g. a webinar's audience but not its stage. */
  receivers: readonly PeerRole[];
}

export interface SessionPlan {
  id: string;
  appId: string;
  meetingId: string;
  title: string;
  viewType: PresetViewType;
  startMs: number;
  /** null while live. */
  endMs: number | null;
  peers: PeerPlan[];
  unidentifiedRows: UnidentifiedRow[];
  sfuIncidents: SfuIncident[];
}

export interface MeetingPlan {
  id: string;
  appId: string;
  title: string;
  status: "ACTIVE" | "INACTIVE";
  createdMs: number;
  updatedMs: number;
  recordOnStart: boolean;
  transcribeOnEnd: boolean;
}

export interface AppPlan {
  id: string;
  name: string;
  createdMs: number;
}

export interface World {
  anchorMs: number;
  seed: number;
  apps: AppPlan[];
  meetings: MeetingPlan[];
  sessions: SessionPlan[];
  sessionsById: Map<string, SessionPlan>;
  peersById: Map<string, PeerPlan>;
}

export function firstJoinMs(peer: PeerPlan): number {
  const first = peer.connections[0];
  if (!first) throw new Error(`peer ${peer.id} has no connection`);
  return first.fromMs;
}

/** Final leave time, or null while the peer is still in a live call. */
export function lastLeaveMs(peer: PeerPlan): number | null {
  const last = peer.connections.at(-1);
  return last ? last.toMs : null;
}

export function within(intervals: readonly Interval[], tMs: number): boolean {
  return intervals.some((i) => tMs >= i.fromMs && (i.toMs === null || tMs < i.toMs));
}

/** Index of the connection covering tMs, or -1 while disconnected. */
export function connectionIndexAt(peer: PeerPlan, tMs: number): number {
  return peer.connections.findIndex((c) => tMs >= c.fromMs && (c.toMs === null || tMs <= c.toMs));
}

/** Milliseconds connected up to `untilMs`. */
export function connectedMs(peer: PeerPlan, untilMs: number): number {
  let total = 0;
  for (const c of peer.connections) {
    const end = Math.min(c.toMs ?? untilMs, untilMs);
    if (end > c.fromMs) total += end - c.fromMs;
  }
  return total;
}
