import type { RawQualitySample } from "@/lib/server/realtimekit/schemas";
import type { Gap, Metric, QualityLimitation, Track, TrackKey } from "@/lib/realtimekit/types";

/**
 * Turns one raw quality series into a time-ordered, unit-normalised track. Pure and linear in the
 * number of samples: a 4-hour report has ~2,000 samples per series.
 */

export const TRACK_ORDER: readonly TrackKey[] = [
  "audio_producer",
  "video_producer",
  "audio_consumer",
  "video_consumer",
  "screenshare_video_producer",
  "screenshare_audio_producer",
  "screenshare_video_consumer",
  "screenshare_audio_consumer",
];

/** A gap is an interval this much longer than the usual cadence (and at least this many seconds). */
const GAP_FACTOR = 2.5;
const GAP_MIN_S = 15;

interface Parsed {
  t: number;
  s: RawQualitySample;
}

export interface TrackBuildStats {
  dropped: number;
  duplicates: number;
}

export function buildTrack(key: TrackKey, raw: RawQualitySample[], stats: TrackBuildStats): Track | null {
  const direction = key.endsWith("_producer") ? "send" : "receive";
  const kind = key.includes("video") ? "video" : "audio";

  // Order by time and drop unreadable or repeated samples (the upstream may resend a batch).
  const parsed: Parsed[] = [];
  for (const s of raw) {
    const t = s.timestamp ? Date.parse(s.timestamp) : NaN;
    if (Number.isFinite(t)) parsed.push({ t, s });
    else stats.dropped++;
  }
  parsed.sort((a, b) => a.t - b.t);
  const rows: Parsed[] = [];
  for (const p of parsed) {
    const last = rows[rows.length - 1];
    if (last && last.t === p.t) {
      stats.duplicates++;
      rows[rows.length - 1] = p; // the later copy wins: it is the more complete upload
      continue;
    }
    rows.push(p);
  }
  if (rows.length === 0) return null;

  const n = rows.length;
  const t = rows.map((r) => r.t);
  const bytesField = direction === "send" ? "bytes_sent" : "bytes_received";
  const packetsField = direction === "send" ? "packets_sent" : "packets_received";
  const counters = detectCounters(rows.map((r) => r.s[bytesField]));
  const intervalsS = t.map((ti, i) => (i === 0 ? null : (ti - (t[i - 1] as number)) / 1000));
  const medianIntervalS = median(intervalsS.filter((v): v is number => v !== null && v > 0));

  const perInterval = (field: "bytes_sent" | "bytes_received" | "packets_sent" | "packets_received" | "packets_lost") => {
    const out: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as Parsed).s[field];
      if (counters === "interval") {
        out[i] = v;
        continue;
      }
      const prev = i === 0 ? null : (rows[i - 1] as Parsed).s[field];
      // A running total that went down was reset (a new transport); that step is unknown.
      out[i] = v === null || prev === null || v < prev ? null : v - prev;
    }
    return out;
  };

  const bytes = perInterval(bytesField);
  const packets = perInterval(packetsField);
  const lost = perInterval("packets_lost");

  const bitrateKbps = bytes.map((b, i) => {
    const dt = intervalsS[i];
    // The first sample covers an unknown interval; after a gap the delta spans the whole gap.
    return b === null || !dt ? null : round((b * 8) / 1000 / dt, 1);
  });
  const lossPct = packets.map((p, i) => {
    const l = lost[i] ?? null;
    if (p === null || l === null) return null;
    // Senders count lost packets among those sent; receivers never saw them.
    const denominator = direction === "send" ? p : p + l;
    return denominator > 0 ? round(Math.min(100, (Math.max(0, l) / denominator) * 100), 2) : null;
  });

  const jitterUnit = secondsOrMs(rows.map((r) => r.s.jitter), 2);
  const rttUnit = secondsOrMs(rows.map((r) => r.s.rtt), 10);
  const mosValues = rows.map((r) => r.s.mos_quality);
  const mosScale = detectMosScale(mosValues);

  const metrics: Partial<Record<Metric, (number | null)[]>> = {
    bitrateKbps,
    packets,
    packetsLost: lost,
    lossPct,
    jitterMs: rows.map((r) => toMs(r.s.jitter, jitterUnit)),
    rttMs: direction === "send" ? rows.map((r) => toMs(r.s.rtt, rttUnit)) : undefined,
    mos: mosValues.map((v) => (v === null || mosScale === null ? null : normaliseMos(v, mosScale))),
    jitterBufferMs:
      direction === "receive"
        ? rows.map((r) => {
            const delay = r.s.jitter_buffer_delay;
            const count = r.s.jitter_buffer_emitted_count;
            return delay !== null && count ? round((delay / count) * 1000, 1) : null;
          })
        : undefined,
    concealmentEvents: kind === "audio" && direction === "receive" ? rows.map((r) => r.s.concealment_events) : undefined,
    fps: kind === "video" ? rows.map((r) => r.s.frames_per_second) : undefined,
    frameWidthPx: kind === "video" ? rows.map((r) => r.s.frame_width) : undefined,
    frameHeightPx: kind === "video" ? rows.map((r) => r.s.frame_height) : undefined,
    framesDropped: kind === "video" && direction === "receive" ? rows.map((r) => r.s.frames_dropped) : undefined,
  };
  for (const k of Object.keys(metrics) as Metric[]) {
    const col = metrics[k];
    if (!col || !col.some((v) => v !== null)) delete metrics[k];
  }

  const qualityLimitation =
    kind === "video" && direction === "send" ? rows.map((r) => toLimitation(r.s.quality_limitation_reason)) : null;

  return {
    key,
    kind,
    direction,
    screenshare: key.startsWith("screenshare_"),
    t,
    metrics,
    qualityLimitation: qualityLimitation?.some((v) => v !== null) ? qualityLimitation : null,
    counters,
    mosScale,
    medianIntervalS: medianIntervalS === null ? null : round(medianIntervalS, 3),
    gaps: findGaps(t, medianIntervalS),
    cumulative: null,
  };
}

/**
 * The real payload carries per-interval deltas (API.md §6.2), but that is inferred, so running
 * totals are recognised too: mostly non-decreasing and ending far above where they started.
 * Needs a few samples to tell; short series are taken as deltas.
 */
export function detectCounters(values: (number | null)[]): "interval" | "cumulative" {
  const v = values.filter((x): x is number => x !== null);
  if (v.length < 8) return "interval";
  let decreases = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) < (v[i - 1] as number)) decreases++;
  // Allow the odd reset (a new transport starts its totals again).
  if (decreases > Math.max(1, Math.floor(v.length / 50))) return "interval";
  const early = median(v.slice(0, Math.max(2, Math.floor(v.length / 4))).filter((x) => x > 0));
  const peak = v.reduce((a, b) => Math.max(a, b), 0);
  return early !== null && peak > 3 * early ? "cumulative" : "interval";
}

/** WebRTC reports seconds; a median above `msAbove` can only be milliseconds already. */
function secondsOrMs(values: (number | null)[], msAbove: number): "s" | "ms" {
  const m = median(values.filter((x): x is number => x !== null && x > 0));
  return m !== null && m > msAbove ? "ms" : "s";
}

function toMs(v: number | null, unit: "s" | "ms"): number | null {
  if (v === null || v < 0) return null;
  return round(unit === "s" ? v * 1000 : v, 2);
}

/**
 * MOS scale is undocumented (API.md §6.2). The one real payload had 1 everywhere on a clean, muted
 * call, which reads as "1 = perfect on 0–1"; values above 1 mean the usual 1–5.
 */
export function detectMosScale(values: (number | null)[]): "1-5" | "0-1" | null {
  let any = false;
  for (const v of values) {
    if (v === null) continue;
    any = true;
    if (v > 1) return "1-5";
  }
  return any ? "0-1" : null;
}

export function normaliseMos(v: number, scale: "1-5" | "0-1"): number {
  const mapped = scale === "0-1" ? 1 + 4 * v : v;
  return round(Math.min(5, Math.max(1, mapped)), 2);
}

function toLimitation(v: string | null): QualityLimitation | null {
  return v === "cpu" || v === "bandwidth" || v === "other" || v === "none" ? v : null;
}

export function findGaps(t: number[], medianIntervalS: number | null): Gap[] {
  if (t.length < 2 || medianIntervalS === null) return [];
  const thresholdMs = Math.max(GAP_MIN_S, medianIntervalS * GAP_FACTOR) * 1000;
  const gaps: Gap[] = [];
  for (let i = 1; i < t.length; i++) {
    const from = t[i - 1] as number;
    const to = t[i] as number;
    if (to - from > thresholdMs) gaps.push({ from, to, durationS: round((to - from) / 1000, 1) });
  }
  return gaps;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
