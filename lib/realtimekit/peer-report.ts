import { isoOrNull, toParticipant } from "@/lib/realtimekit/normalize";
import {
  TRACK_KEYS,
  type CandidatePair,
  type ClientEvent,
  type Completeness,
  type DeviceInfo,
  type DeviceUpdate,
  type MediaDevice,
  type NetworkInfo,
  type PeerReport,
  type PrecallResult,
  type ReportSection,
  type SectionState,
  type Track,
  type TrackKey,
  type TrackSummary,
} from "@/lib/realtimekit/types";
import {
  readSample,
  type RawCandidatePair,
  type RawLegacyPeerStats,
  type RawLegacyQualityStats,
  type RawPeerMetadata,
  type RawPeerParticipant,
  type RawPeerQuality,
  type RawQualitySample,
} from "@/lib/realtimekit/schemas";
import { readCumulative } from "./cumulative";
import { pairPath } from "./candidate-pairs";
import {
  buildTrack,
  findGaps,
  mosScaleEvident,
  plausibleTime,
  round,
  unionTimeline,
  type TrackBuildStats,
} from "./tracks";

/**
 * Stretches in which the client sent no stats at all, found on all tracks' samples together (a
 * track that pauses while others keep reporting, such as a screen share between shares or a
 * remote camera turned off, has nothing to report: its line breaks on the chart, but no data is
 * missing). One entry per track that went silent in it.
 */
export function reportingGaps(tracks: readonly Track[]): Completeness["gaps"] {
  const cadences = tracks.map((t) => t.medianIntervalS).filter((v): v is number => v !== null);
  if (cadences.length === 0) return [];
  const silences = findGaps(unionTimeline(tracks.map((t) => t.t)), Math.min(...cadences));
  return silences.flatMap((g) => {
    const own = tracks.filter((t) => t.gaps.some((tg) => tg.from < g.to && tg.to > g.from));
    const silent = own.length ? own : tracks.filter((t) => (t.t[0] ?? Infinity) <= g.from);
    return silent.map((t) => ({ track: t.key, ...g }));
  });
}

/**
 * Reshapes a peer report (current `peer_report` or legacy `peer_stats`/`quality_stats`,
 * docs/upstream.md "The peer report's shapes") into the app's PeerReport. Pure: no I/O, no clock.
 */
export function buildPeerReport(raw: RawPeerParticipant): PeerReport {
  const meta = raw.peer_report?.metadata ?? null;
  const quality = raw.peer_report?.quality ?? null;
  const legacy = raw.peer_stats ?? null;
  const legacyShape = !raw.peer_report && (!!legacy || (raw.quality_stats?.length ?? 0) > 0);

  const stats: TrackBuildStats = { dropped: 0, duplicates: 0 };
  const { tracks, trackStates, summaries, received } = quality
    ? buildTracks(quality, stats)
    : buildLegacyTracks(raw.quality_stats ?? [], stats);
  // One scale for the whole report: one upstream scored every track, samples and summaries.
  const mosEvident =
    tracks.some((tr) => mosScaleEvident(tr.metrics.mos ?? [])) ||
    summaries.some((sm) => mosScaleEvident(Object.values(sm.cumulative.mos ?? {})));
  for (const tr of tracks) tr.mosScaleEvident = mosEvident;

  const device = meta ? readDevice(meta) : legacy ? readLegacyDevice(legacy) : null;
  const network = readNetwork(meta?.ip_information ?? legacy?.ip_information ?? null);
  const precall = meta?.pc_metadata
    ? meta.pc_metadata.map(readPrecall)
    : legacy?.precall_network_information
      ? [readLegacyPrecall(legacy)]
      : [];
  const events = meta?.events ? readEvents(meta.events) : legacy?.events ? readLegacyEvents(legacy.events) : [];
  const deviceUpdates = meta ? readDeviceUpdates(meta) : [];
  const candidatePairs = meta?.candidate_pairs
    ? [
        ...meta.candidate_pairs.producing_transport.map((p) => readPair(p, "producing")),
        ...meta.candidate_pairs.consuming_transport.map((p) => readPair(p, "consuming")),
      ]
    : [];

  let first: number | null = null;
  let last: number | null = null;
  for (const tr of tracks) {
    const a = tr.t[0] as number;
    const b = tr.t[tr.t.length - 1] as number;
    first = first === null ? a : Math.min(first, a);
    last = last === null ? b : Math.max(last, b);
  }

  const hasMeta = !!meta || !!legacy;
  const sections: Record<ReportSection, SectionState> = {
    device: !hasMeta
      ? "missing"
      : device && hasAny(device)
        ? "present"
        : missingOrEmpty(meta?.device_info ?? meta?.browser_metadata ?? legacy?.device_info),
    network: !hasMeta
      ? "missing"
      : network
        ? "present"
        : missingOrEmpty(meta?.ip_information ?? legacy?.ip_information),
    precall: !hasMeta
      ? "missing"
      : precall.length
        ? "present"
        : missingOrEmpty(meta?.pc_metadata ?? legacy?.precall_network_information),
    events: !hasMeta ? "missing" : events.length ? "present" : missingOrEmpty(meta?.events ?? legacy?.events),
    // Uploaded but all unreadable is not "never uploaded": the two call for different messages.
    quality: tracks.length ? "present" : received > 0 ? "unreadable" : quality || legacyShape ? "empty" : "missing",
  };

  const completeness: Completeness = {
    sections,
    tracks: trackStates,
    receivedSamples: received,
    droppedSamples: stats.dropped,
    duplicateSamples: stats.duplicates,
    legacyShape,
    firstSampleAt: first,
    lastSampleAt: last,
    gaps: reportingGaps(tracks),
  };

  return {
    participant: toParticipant(raw),
    device,
    network,
    precall,
    candidatePairs,
    events,
    deviceUpdates,
    tracks,
    summaries,
    mosScaleEvident: mosEvident,
    completeness,
  };
}

function missingOrEmpty(v: unknown): SectionState {
  return v === undefined || v === null ? "missing" : "empty";
}

function hasAny(o: object): boolean {
  return Object.values(o).some((v) => v !== null);
}

function buildTracks(quality: RawPeerQuality, stats: TrackBuildStats) {
  const trackStates = {} as Record<TrackKey, SectionState>;
  const tracks: Track[] = [];
  const summaries: TrackSummary[] = [];
  let received = 0;
  for (const key of TRACK_KEYS) {
    const series = quality[key];
    received += series?.length ?? 0;
    const track = series?.length ? buildTrack(key, series, stats) : null;
    trackStates[key] = series === undefined ? "missing" : track ? "present" : series.length ? "unreadable" : "empty";
    // Read whether or not the series has samples: some reports carry nothing else.
    const cumulative = readCumulative(quality[`${key}_cumulative`]);
    if (cumulative) summaries.push({ ...trackIdentity(key), series: trackStates[key], cumulative });
    if (!track) continue;
    track.cumulative = cumulative;
    tracks.push(track);
  }
  return { tracks, trackStates, summaries, received };
}

function trackIdentity(key: TrackKey): Pick<TrackSummary, "key" | "kind" | "direction" | "screenshare"> {
  return {
    key,
    kind: key.includes("video") ? "video" : "audio",
    direction: key.endsWith("_producer") ? "send" : "receive",
    screenshare: key.startsWith("screenshare_"),
  };
}

/** Pre-2026 receive-side stats (docs/upstream.md): audio_stats / video_stats per remote peer. */
function buildLegacyTracks(entries: RawLegacyQualityStats, stats: TrackBuildStats) {
  const trackStates = Object.fromEntries(TRACK_KEYS.map((k) => [k, "missing"])) as Record<TrackKey, SectionState>;
  const audio: RawQualitySample[] = [];
  const video: RawQualitySample[] = [];
  for (const e of entries) {
    for (const a of e.audio_stats ?? [])
      audio.push(
        legacySample(a.timestamp, {
          packets_lost: a.packets_lost,
          jitter: a.jitter,
          mos_quality: a.quality,
          concealment_events: a.concealment_events,
        }),
      );
    for (const v of e.video_stats ?? [])
      video.push(
        legacySample(v.timestamp, {
          packets_lost: v.packets_lost,
          jitter: v.jitter,
          mos_quality: v.quality,
          frame_width: v.frame_width,
          frame_height: v.frame_height,
          frames_per_second: v.frames_per_second,
          frames_dropped: v.frames_dropped,
        }),
      );
  }
  const tracks: Track[] = [];
  const a = audio.length ? buildTrack("audio_consumer", audio, stats) : null;
  const v = video.length ? buildTrack("video_consumer", video, stats) : null;
  if (entries.length) {
    trackStates.audio_consumer = a ? "present" : audio.length ? "unreadable" : "empty";
    trackStates.video_consumer = v ? "present" : video.length ? "unreadable" : "empty";
  }
  if (a) tracks.push(a);
  if (v) tracks.push(v);
  // Legacy reports carry no per-track summaries worth reading (all zero; docs/upstream.md).
  return { tracks, trackStates, summaries: [] as TrackSummary[], received: audio.length + video.length };
}

function legacySample(timestamp: string | null, fields: Partial<RawQualitySample>): RawQualitySample {
  return { ...readSample({ timestamp }), ...fields };
}

function readDevice(meta: RawPeerMetadata): DeviceInfo {
  const d = meta.device_info;
  const b = meta.browser_metadata;
  return {
    os: d?.os ?? null,
    osVersion: d?.os_version ?? null,
    cpuCores: d?.cpus ?? null,
    memoryGb: d?.memory ?? null,
    isMobile: d?.is_mobile ?? null,
    browser: b?.browser ?? null,
    browserVersion: b?.browser_version ?? null,
    engine: b?.engine ?? null,
    userAgent: b?.user_agent ?? null,
    webglSupport: b?.webgl_support ?? null,
    sdkName: meta.sdk_name,
    sdkVersion: meta.sdk_version,
    sdkType: meta.sdk_type,
    roomViewType: meta.room_view_type,
    audioEncoder: meta.native_metadata?.audio_encoder ?? null,
    videoEncoder: meta.native_metadata?.video_encoder ?? null,
  };
}

function readLegacyDevice(legacy: RawLegacyPeerStats): DeviceInfo | null {
  const d = legacy.device_info;
  if (!d) return null;
  return {
    os: d.os,
    osVersion: d.os_version,
    cpuCores: d.cpus,
    memoryGb: d.memory,
    isMobile: d.is_mobile,
    browser: d.browser,
    browserVersion: d.browser_version,
    engine: d.engine,
    userAgent: d.user_agent,
    webglSupport: d.webgl_support,
    sdkName: d.sdk_name,
    sdkVersion: d.sdk_version,
    sdkType: null,
    roomViewType: null,
    audioEncoder: null,
    videoEncoder: null,
  };
}

function readNetwork(ip: RawPeerMetadata["ip_information"] | null): NetworkInfo | null {
  if (!ip) return null;
  const asn = ip.asn;
  const info: NetworkInfo = {
    ipv4: ip.ipv4,
    city: ip.city,
    region: ip.region,
    country: ip.country,
    timezone: ip.timezone,
    // Legacy payloads put the IP address in `org`; that is not an organisation.
    org: ip.org && ip.org !== ip.ipv4 ? ip.org : null,
    asn: asn?.asn ?? null,
    asnName: asn?.name ?? null,
    asnDomain: asn?.domain ?? null,
    asnRoute: asn?.route ?? null,
    asnType: asn?.type ?? null,
  };
  return hasAny(info) ? info : null;
}

/** An ISO time within plausibleTime, or null: the page does arithmetic on these. */
function plausibleIso(v: string | null | undefined): string | null {
  const iso = isoOrNull(v);
  return iso && plausibleTime(Date.parse(iso)) ? iso : null;
}

function readPrecall(p: NonNullable<RawPeerMetadata["pc_metadata"]>[number]): PrecallResult {
  return {
    at: plausibleIso(p.timestamp),
    effectiveNetworkType: p.effective_network_type,
    turnConnectivity: p.turn_connectivity,
    relayConnectivity: p.relay_connectivity,
    reflexiveConnectivity: p.reflexive_connectivity,
    rttMs: null,
    backendRttMs: null,
    jitterMs: null,
    lossPct: null,
    throughputKbps: null,
  };
}

function readLegacyPrecall(legacy: RawLegacyPeerStats): PrecallResult {
  const p = legacy.precall_network_information;
  const precallEnd = legacy.events?.find((e) => e.type === "precall_end");
  const secondsToMs = (v: number | null | undefined) => (v === null || v === undefined ? null : round(v * 1000, 1));
  return {
    at: plausibleIso(precallEnd?.timestamp),
    effectiveNetworkType: p?.effective_networktype ?? null,
    turnConnectivity: p?.turn_connectivity ?? null,
    relayConnectivity: p?.relay_connectivity ?? null,
    reflexiveConnectivity: p?.reflexive_connectivity ?? null,
    rttMs: secondsToMs(p?.rtt),
    backendRttMs: secondsToMs(p?.backend_rtt),
    jitterMs: secondsToMs(p?.jitter),
    lossPct: p?.fractional_loss === null || p?.fractional_loss === undefined ? null : round(p.fractional_loss * 100, 2),
    // Unit undocumented; kbit/s is the only reading that gives plausible values (docs/upstream.md).
    throughputKbps: p?.throughput ?? p?.throughtput ?? null,
  };
}

function readEvents(events: NonNullable<RawPeerMetadata["events"]>): ClientEvent[] {
  const out: ClientEvent[] = [];
  for (const e of events) {
    const t = e.timestamp ? Date.parse(e.timestamp) : NaN;
    if (e.name && plausibleTime(t)) out.push({ name: e.name, t, metadata: e.metadata });
  }
  return out.sort((a, b) => a.t - b.t);
}

function readLegacyEvents(events: NonNullable<RawLegacyPeerStats["events"]>): ClientEvent[] {
  const out: ClientEvent[] = [];
  for (const e of events) {
    const t = e.timestamp ? Date.parse(e.timestamp) : NaN;
    if (!e.type || !plausibleTime(t)) continue;
    // Legacy metadata nests whole objects (connection_info…); keep only flat scalars, as today's API does.
    const metadata: Record<string, unknown> = {};
    if (e.metadata && typeof e.metadata === "object") {
      for (const [k, v] of Object.entries(e.metadata)) if (v === null || typeof v !== "object") metadata[k] = v;
    }
    out.push({ name: e.type, t, metadata: Object.keys(metadata).length ? metadata : null });
  }
  return out.sort((a, b) => a.t - b.t);
}

function readDeviceUpdates(meta: RawPeerMetadata): DeviceUpdate[] {
  const out: DeviceUpdate[] = [];
  const dev = (d: { device_id: string | null; kind: string | null; label: string | null }): MediaDevice => ({
    id: d.device_id,
    kind: d.kind,
    label: d.label,
  });
  const lists = [
    ["audio-devices", meta.audio_devices_updates],
    ["video-devices", meta.video_devices_updates],
    ["speaker-devices", meta.speaker_devices_updates],
  ] as const;
  for (const [kind, updates] of lists) {
    for (const u of updates ?? []) {
      const t = u.timestamp ? Date.parse(u.timestamp) : NaN;
      if (plausibleTime(t)) out.push({ t, kind, added: u.added.map(dev), removed: u.removed.map(dev), device: null });
    }
  }
  for (const u of meta.selected_device_updates ?? []) {
    const t = u.timestamp ? Date.parse(u.timestamp) : NaN;
    if (plausibleTime(t))
      out.push({ t, kind: "selected", added: [], removed: [], device: u.device ? dev(u.device) : null });
  }
  return out.sort((a, b) => a.t - b.t);
}

function readPair(p: RawCandidatePair, transport: CandidatePair["transport"]): CandidatePair {
  const local = { type: p.local_candidate_type };
  const remote = { type: p.remote_candidate_type };
  return {
    transport,
    nominated: p.nominated,
    // WebRTC candidate-pair RTT is seconds; available bitrates are bit/s.
    rttMs: p.current_round_trip_time === null ? null : round(p.current_round_trip_time * 1000, 1),
    availableOutgoingKbps: p.available_outgoing_bitrate === null ? null : round(p.available_outgoing_bitrate / 1000, 1),
    availableIncomingKbps: p.available_incoming_bitrate === null ? null : round(p.available_incoming_bitrate / 1000, 1),
    bytesSent: p.bytes_sent,
    bytesReceived: p.bytes_received,
    // The findings' own reading, so the API and exports never call an untyped pair direct.
    path: pairPath({ local, remote }),
    local: {
      type: p.local_candidate_type,
      protocol: p.local_candidate_protocol,
      address: p.local_candidate_address,
      port: p.local_candidate_port,
      networkType: p.local_candidate_network_type,
      relatedAddress: p.local_candidate_related_address,
      url: p.local_candidate_url,
    },
    remote: {
      type: p.remote_candidate_type,
      protocol: p.remote_candidate_protocol,
      address: p.remote_candidate_address,
      port: p.remote_candidate_port,
      networkType: null,
      relatedAddress: null,
      url: null,
    },
  };
}
