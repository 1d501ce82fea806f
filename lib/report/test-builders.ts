import type {
  CandidatePair,
  ClientEvent,
  DeviceUpdate,
  Gap,
  Metric,
  Participant,
  PeerReport,
  PrecallResult,
  QualityLimitation,
  ReportSection,
  SectionState,
  Track,
  TrackKey,
  CumulativeSummary,
} from "@/lib/realtimekit/types";
import { reportingGaps } from "@/lib/realtimekit/peer-report";
import { TRACK_KEYS } from "@/lib/realtimekit/types";
import { findGaps, median, mosScaleEvident } from "@/lib/realtimekit/tracks";

/**
 * Small builders for PeerReport and Track objects, so findings tests state only what matters to
 * them. Times are seconds after T0; every other field gets a neutral default.
 */

export const T0 = Date.UTC(2026, 7, 10, 14, 0, 0);
/** The real client's sampling cadence. */
export const STEP_S = 7;

/** Epoch ms `s` seconds after T0. */
export const at = (s: number): number => T0 + s * 1000;

export const iso = (s: number): string => new Date(at(s)).toISOString();

/** `[value, count]` runs laid end to end: runs([0, 10], [12, 4], [0, 10]). */
export function runs<T>(...parts: [T, number][]): T[] {
  return parts.flatMap(([v, n]) => Array.from({ length: n }, () => v));
}

/** 10 samples at `base`, `n` at `value`, 10 at `base` again: a 35 s episode at the 7 s cadence. */
export function bump(base: number, value: number, n = 5): number[] {
  return runs([base, 10], [value, n], [base, 10]);
}

/** `n` sample times `everyS` apart from `startS`. */
export function times(n: number, everyS = STEP_S, startS = 0): number[] {
  return Array.from({ length: n }, (_, i) => at(startS + i * everyS));
}

export interface TrackSpec {
  /** Explicit sample times (epoch ms); otherwise `everyS` apart from `startS`. */
  t?: number[];
  everyS?: number;
  startS?: number;
  metrics?: Partial<Record<Metric, (number | null)[]>>;
  qualityLimitation?: (QualityLimitation | null)[];
  /** Computed from the times as peer-report.ts does, unless given. */
  gaps?: Gap[];
}

export function track(key: TrackKey, spec: TrackSpec = {}): Track {
  const lengths = [
    spec.t?.length,
    spec.qualityLimitation?.length,
    ...Object.values(spec.metrics ?? {}).map((c) => c?.length),
  ].filter((n): n is number => n !== undefined);
  const n = lengths.length ? Math.max(...lengths) : 10;
  const t = spec.t ?? times(n, spec.everyS ?? STEP_S, spec.startS ?? 0);
  const intervals: number[] = [];
  for (let i = 1; i < t.length; i++) intervals.push(((t[i] as number) - (t[i - 1] as number)) / 1000);
  const medianIntervalS = median(intervals);
  return {
    key,
    kind: key.includes("video") ? "video" : "audio",
    direction: key.endsWith("_producer") ? "send" : "receive",
    screenshare: key.startsWith("screenshare_"),
    t,
    metrics: spec.metrics ?? {},
    qualityLimitation: spec.qualityLimitation ?? null,
    counters: "interval",
    streams: 1,
    // As peer-report.ts decides it, though over this track alone; report() redoes it over all.
    mosScaleEvident: mosScaleEvident(spec.metrics?.mos ?? []),
    medianIntervalS,
    gaps: spec.gaps ?? findGaps(t, medianIntervalS),
    cumulative: null,
  };
}

export function participant(overrides: Partial<Participant> = {}): Participant {
  return {
    peerId: "peer-0001",
    sessionId: "session-0001",
    userId: "user-0001",
    customParticipantId: "cust-42",
    name: "Ada Lovelace",
    preset: "group_call_participant",
    joinedAt: iso(0),
    leftAt: iso(3600),
    durationS: 3600,
    peerEvents: null,
    reconnects: null,
    ...overrides,
  };
}

export function event(name: string, s: number, metadata: Record<string, unknown> | null = null): ClientEvent {
  return { name, t: at(s), metadata };
}

export function pair(
  overrides: Partial<CandidatePair> & { localType?: string; protocol?: string; url?: string | null } = {},
): CandidatePair {
  const { localType = "srflx", protocol = "udp", url = null, ...rest } = overrides;
  return {
    transport: "producing",
    nominated: true,
    rttMs: 40,
    availableOutgoingKbps: 2500,
    availableIncomingKbps: null,
    bytesSent: 1_000_000,
    bytesReceived: 20_000,
    path: localType === "relay" ? "relay" : "direct",
    local: {
      type: localType,
      protocol,
      address: "198.51.100.7",
      port: 50000,
      networkType: "wifi",
      relatedAddress: null,
      url,
    },
    remote: {
      type: "host",
      protocol: "udp",
      address: "192.0.2.100",
      port: 40000,
      networkType: null,
      relatedAddress: null,
      url: null,
    },
    ...rest,
  };
}

export function precall(overrides: Partial<PrecallResult> = {}): PrecallResult {
  return {
    at: iso(-3),
    effectiveNetworkType: "4g",
    turnConnectivity: true,
    relayConnectivity: true,
    reflexiveConnectivity: true,
    rttMs: null,
    backendRttMs: null,
    jitterMs: null,
    lossPct: null,
    throughputKbps: null,
    ...overrides,
  };
}

export function deviceUpdate(s: number, kind: DeviceUpdate["kind"], label: string): DeviceUpdate {
  const deviceKind =
    kind === "audio-devices"
      ? "audioinput"
      : kind === "video-devices"
        ? "videoinput"
        : kind === "speaker-devices"
          ? "audiooutput"
          : "audioinput";
  const device = { id: `dev-${label}`, kind: deviceKind, label };
  return kind === "selected"
    ? { t: at(s), kind, added: [], removed: [], device }
    : { t: at(s), kind, added: [device], removed: [], device: null };
}

export interface ReportSpec extends Partial<Omit<PeerReport, "completeness">> {
  sections?: Partial<Record<ReportSection, SectionState>>;
  droppedSamples?: number;
  duplicateSamples?: number;
}

/** A complete, healthy-looking report around the given parts; completeness follows the tracks. */
export function report(spec: ReportSpec = {}): PeerReport {
  const { sections, droppedSamples = 0, duplicateSamples = 0, ...parts } = spec;
  const tracks = parts.tracks ?? [];
  let first: number | null = null;
  let last: number | null = null;
  for (const tr of tracks) {
    const a = tr.t[0];
    const b = tr.t[tr.t.length - 1];
    if (a !== undefined) first = first === null ? a : Math.min(first, a);
    if (b !== undefined) last = last === null ? b : Math.max(last, b);
  }
  const trackStates = Object.fromEntries(
    TRACK_KEYS.map((k) => [k, tracks.some((tr) => tr.key === k) ? "present" : "missing"]),
  ) as Record<TrackKey, SectionState>;
  const summaries =
    parts.summaries ??
    tracks.flatMap((tr) =>
      tr.cumulative
        ? [
            {
              key: tr.key,
              kind: tr.kind,
              direction: tr.direction,
              screenshare: tr.screenshare,
              series: "present" as const,
              cumulative: tr.cumulative,
            },
          ]
        : [],
    );
  const mosEvident =
    parts.mosScaleEvident ??
    (tracks.some((tr) => mosScaleEvident(tr.metrics.mos ?? [])) ||
      summaries.some((sm) => mosScaleEvident(Object.values(sm.cumulative.mos ?? {}))));
  return {
    // By default the stay matches the samples, so no coverage caveat appears unasked.
    participant:
      parts.participant ??
      participant(
        first !== null && last !== null
          ? {
              joinedAt: new Date(first).toISOString(),
              leftAt: new Date(last).toISOString(),
              durationS: (last - first) / 1000,
            }
          : {},
      ),
    device: parts.device ?? {
      os: "Windows",
      osVersion: "11",
      cpuCores: 8,
      memoryGb: 16,
      isMobile: false,
      browser: "Chrome",
      browserVersion: "139.0",
      engine: "Blink",
      userAgent: null,
      webglSupport: true,
      sdkName: "web-core",
      sdkVersion: "1.9.4",
      sdkType: "web",
      roomViewType: "groupCall",
      audioEncoder: null,
      videoEncoder: null,
    },
    network: parts.network ?? {
      ipv4: "198.51.100.7",
      city: "Madrid",
      region: "Madrid",
      country: "ES",
      timezone: "Europe/Madrid",
      org: null,
      asn: "AS3352",
      asnName: "Telefonica de Espana",
      asnDomain: "telefonica.es",
      asnRoute: "198.51.100.0/24",
      asnType: "isp",
    },
    precall: parts.precall ?? [precall()],
    candidatePairs: parts.candidatePairs ?? [pair(), pair({ transport: "consuming" })],
    events: parts.events ?? [],
    deviceUpdates: parts.deviceUpdates ?? [],
    tracks: tracks.map((tr) => ({ ...tr, mosScaleEvident: mosEvident })),
    summaries,
    mosScaleEvident: mosEvident,
    completeness: {
      sections: {
        device: "present",
        network: "present",
        precall: "present",
        events: "present",
        quality: tracks.length ? "present" : "missing",
        ...sections,
      },
      tracks: trackStates,
      receivedSamples: tracks.reduce((n, tr) => n + tr.t.length, 0) + droppedSamples,
      droppedSamples,
      duplicateSamples,
      legacyShape: false,
      firstSampleAt: first,
      lastSampleAt: last,
      gaps: reportingGaps(tracks),
    },
  };
}

/** RealtimeKit's own summary of a track (`*_cumulative`): nothing reported but what is given. */
export function cumulative(over: Partial<CumulativeSummary> = {}): CumulativeSummary {
  return {
    mos: null,
    lossPct: null,
    rttMs: null,
    jitterBufferMs: null,
    fps: null,
    frameWidthPx: null,
    issues: {},
    other: {},
    ...over,
  };
}
