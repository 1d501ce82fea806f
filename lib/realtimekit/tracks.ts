import type { RawQualitySample } from "@/lib/realtimekit/schemas";
import { plausibleTime } from "@/lib/realtimekit/time";
import type { Gap, Metric, QualityLimitation, Track, TrackKey } from "@/lib/realtimekit/types";

/**
 * Turns one raw quality series into a time-ordered, unit-normalised track. Pure and linear in the
 * number of samples: a 4-hour report has ~2,000 samples per series.
 */

/** A gap is an interval this much longer than the usual cadence (and at least this many seconds). */
export const GAP_FACTOR = 2.5;
export const GAP_MIN_S = 15;

const digits = (s: string, from: number, to: number): number => {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
};

/**
 * Date.parse for the upstream's usual "2026-11-25T14:05:03.123Z", several times faster (a 4-hour
 * report has thousands of samples); any other shape, or a day past the 28th, goes to Date.parse.
 */
export function parseTimestamp(s: string): number {
  const n = s.length;
  if (
    n < 20 ||
    n > 24 ||
    s[n - 1] !== "Z" ||
    s[4] !== "-" ||
    s[7] !== "-" ||
    s[10] !== "T" ||
    s[13] !== ":" ||
    s[16] !== ":"
  )
    return Date.parse(s);
  if (n > 20 && (s[19] !== "." || n === 21)) return Date.parse(s);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  const fraction = n > 20 ? digits(s, 20, n - 1) * 10 ** (24 - n) : 0;
  // Date.UTC reads years 0–99 as 1900–1999; those (and NaN anywhere) take the slow path.
  const plain =
    year >= 100 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 28 &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    fraction >= 0;
  if (!plain) return Date.parse(s);
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction);
}

// Re-exported: reshaping and its tests read it from here.
export { plausibleTime };

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
  let ordered = true;
  for (const s of raw) {
    const t = s.timestamp ? parseTimestamp(s.timestamp) : NaN;
    if (!plausibleTime(t)) {
      stats.dropped++;
      continue;
    }
    if (ordered && parsed.length > 0 && t < (parsed[parsed.length - 1] as Parsed).t) ordered = false;
    parsed.push({ t, s });
  }
  // Usually already in order; sorting only when needed keeps long reports cheap.
  if (!ordered) parsed.sort((a, b) => a.t - b.t);
  // One upload carries a sample per stream (a receiver gets one per remote sender), all with the
  // same timestamp: a repeated stream is a resent batch (the later copy wins), several streams
  // are combined into one sample for the track.
  const rows: Parsed[] = [];
  let streams = 1;
  for (let i = 0; i < parsed.length;) {
    const at = (parsed[i] as Parsed).t;
    // The usual case, one stream per upload: no grouping needed.
    if (i + 1 === parsed.length || (parsed[i + 1] as Parsed).t !== at) {
      rows.push(parsed[i] as Parsed);
      i++;
      continue;
    }
    const byStream = new Map<string, RawQualitySample>();
    for (; i < parsed.length && (parsed[i] as Parsed).t === at; i++) {
      const s = (parsed[i] as Parsed).s;
      const key = streamKey(s);
      if (byStream.has(key)) stats.duplicates++;
      byStream.set(key, s);
    }
    streams = Math.max(streams, byStream.size);
    const samples = [...byStream.values()];
    rows.push({ t: at, s: samples.length === 1 ? (samples[0] as RawQualitySample) : combineStreams(samples) });
  }
  if (rows.length === 0) return null;

  const n = rows.length;
  const t = rows.map((r) => r.t);
  const bytesField = direction === "send" ? "bytes_sent" : "bytes_received";
  const packetsField = direction === "send" ? "packets_sent" : "packets_received";
  const counters = detectCounters(rows.map((r) => r.s[bytesField]));
  const intervals: number[] = [];
  for (let i = 1; i < n; i++) {
    const dt = ((t[i] as number) - (t[i - 1] as number)) / 1000;
    if (dt > 0) intervals.push(dt);
  }
  const medianIntervalS = median(intervals);
  const gaps = findGaps(t, medianIntervalS);
  const gapStarts = new Set(gaps.map((g) => g.from));
  const jitterUnit = secondsOrMs(
    rows.map((r) => r.s.jitter),
    2,
  );
  const rttUnit = secondsOrMs(
    rows.map((r) => r.s.rtt),
    10,
  );

  const video = kind === "video";
  const send = direction === "send";
  const always = () => new Array<number | null>(n);
  const column = (wanted: boolean) => (wanted ? always() : null);
  const cols = {
    bitrateKbps: always(),
    packets: always(),
    packetsLost: always(),
    lossPct: always(),
    jitterMs: always(),
    rttMs: column(send),
    mos: always(),
    jitterBufferMs: column(!send),
    concealmentEvents: column(!video && !send),
    fps: column(video),
    frameWidthPx: column(video),
    frameHeightPx: column(video),
    framesDropped: column(video && !send),
  } satisfies Record<Metric, (number | null)[] | null>;

  // Counters as per-interval values: running totals become the step from the previous sample,
  // and a total that went down was reset (a new transport), so that step is unknown.
  const step = (i: number, field: typeof bytesField | typeof packetsField | "packets_lost"): number | null => {
    const v = (rows[i] as Parsed).s[field];
    if (counters === "interval" || v === null) return v;
    const prev = i === 0 ? null : (rows[i - 1] as Parsed).s[field];
    return prev === null || v < prev ? null : v - prev;
  };

  // One pass over the samples fills every column.
  for (let i = 0; i < n; i++) {
    const s = (rows[i] as Parsed).s;
    const bytes = step(i, bytesField);
    const packets = step(i, packetsField);
    const lost = step(i, "packets_lost");
    // The first sample covers an unknown interval. After a gap, a per-interval delta is what a
    // (new) transport counted since its last upload, not since ours: take the usual cadence.
    const rawDt = i === 0 ? 0 : ((t[i] as number) - (t[i - 1] as number)) / 1000;
    const dt =
      counters === "interval" && medianIntervalS !== null && gapStarts.has(t[i - 1] as number)
        ? Math.min(rawDt, medianIntervalS)
        : rawDt;
    cols.bitrateKbps[i] = bytes === null || !(dt > 0) ? null : round((bytes * 8) / 1000 / dt, 1);
    cols.packets[i] = packets;
    cols.packetsLost[i] = lost;
    // Senders count lost packets among those sent; receivers never saw them.
    const denominator = packets === null || lost === null ? 0 : send ? packets : packets + lost;
    cols.lossPct[i] =
      denominator > 0 ? round(Math.min(100, (Math.max(0, lost as number) / denominator) * 100), 2) : null;
    cols.jitterMs[i] = toMs(s.jitter, jitterUnit);
    if (cols.rttMs) cols.rttMs[i] = toMs(s.rtt, rttUnit);
    // As reported: the scale is undocumented, and mapping it would invent a meaning (README).
    cols.mos[i] = s.mos_quality;
    if (cols.jitterBufferMs) {
      const delay = s.jitter_buffer_delay;
      const count = s.jitter_buffer_emitted_count;
      cols.jitterBufferMs[i] = delay !== null && count ? round((delay / count) * 1000, 1) : null;
    }
    if (cols.concealmentEvents) cols.concealmentEvents[i] = s.concealment_events;
    if (cols.fps) cols.fps[i] = s.frames_per_second;
    if (cols.frameWidthPx) cols.frameWidthPx[i] = s.frame_width;
    if (cols.frameHeightPx) cols.frameHeightPx[i] = s.frame_height;
    if (cols.framesDropped) cols.framesDropped[i] = s.frames_dropped;
  }

  const metrics: Partial<Record<Metric, (number | null)[]>> = {};
  for (const k of Object.keys(cols) as Metric[]) {
    const col = cols[k];
    if (col && col.some((v) => v !== null)) metrics[k] = col;
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
    streams,
    // Decided over the whole report (peer-report.ts), where the summaries' MOS is known too.
    mosScaleEvident: false,
    medianIntervalS: medianIntervalS === null ? null : round(medianIntervalS, 3),
    gaps,
    cumulative: null,
  };
}

function streamKey(s: RawQualitySample): string {
  return s.consumer_id ?? s.producer_id ?? s.peer_id ?? (s.ssrc === null ? "" : String(s.ssrc));
}

const SUMMED = [
  "packets_sent",
  "bytes_sent",
  "packets_received",
  "bytes_received",
  "packets_lost",
  "jitter_buffer_delay",
  "jitter_buffer_emitted_count",
  "concealment_events",
  "frames_dropped",
  "frames_encoded",
  "frames_decoded",
] as const;
const WORST = ["jitter", "rtt"] as const;
// The best stream received: one remote sender's low frame rate is their problem, not this peer's.
const BEST = ["frames_per_second", "frame_width", "frame_height"] as const;

/** Several streams' samples at one instant as one: counters add up, delays take the worst. */
export function combineStreams(samples: RawQualitySample[]): RawQualitySample {
  const out: RawQualitySample = {
    ...(samples[0] as RawQualitySample),
    consumer_id: null,
    producer_id: null,
    peer_id: null,
    ssrc: null,
  };
  const fold = (field: keyof RawQualitySample & string, f: (a: number, b: number) => number) => {
    let acc: number | null = null;
    for (const s of samples) {
      const v = s[field];
      if (typeof v === "number") acc = acc === null ? v : f(acc, v);
    }
    (out as unknown as Record<string, number | null>)[field] = acc;
  };
  for (const k of SUMMED) fold(k, (a, b) => a + b);
  for (const k of WORST) fold(k, Math.max);
  for (const k of BEST) fold(k, Math.max);
  const mos = samples.map((s) => s.mos_quality).filter((v): v is number => v !== null);
  out.mos_quality = mos.length ? mos.reduce((a, b) => a + b, 0) / mos.length : null;
  out.quality_limitation_reason =
    samples.map((s) => s.quality_limitation_reason).find((r) => r && r !== "none") ?? out.quality_limitation_reason;
  return out;
}

/**
 * The real payload carries per-interval deltas (docs/upstream.md, "Units and scales"), but that
 * is inferred, so running totals are recognised too: mostly non-decreasing and ending far above
 * where they started. Needs a few samples to tell; short series are taken as deltas.
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
 * Whether reported MOS values show their scale: the upstream documents none (README, "Upstream
 * quirks"). The one real payload had 1 everywhere on a clean call with the microphone muted, which
 * fits "worst on 1–5", "best on 0–1" and "muted" alike; a value above 1 at least rules out 0–1.
 */
export function mosScaleEvident(values: Iterable<number | null>): boolean {
  for (const v of values) if (v !== null && v > 1) return true;
  return false;
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
  // A typed array sorts numerically, without a comparator call per step.
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * All sample times of several tracks as one ascending, de-duplicated timeline. A k-way merge
 * (k ≤ 8 tracks) keeps it linear in the number of samples.
 */
export function unionTimeline(columns: readonly (readonly number[])[]): number[] {
  const idx = columns.map(() => 0);
  const out: number[] = [];
  for (;;) {
    let best = -1;
    let bestT = Infinity;
    for (let c = 0; c < columns.length; c++) {
      const v = (columns[c] as readonly number[])[idx[c] as number];
      if (v !== undefined && v < bestT) {
        bestT = v;
        best = c;
      }
    }
    if (best < 0) return out;
    idx[best] = (idx[best] as number) + 1;
    if (out[out.length - 1] !== bestT) out.push(bestT);
  }
}
