import type { Gap } from "@/lib/realtimekit/types";

/**
 * Turns one sampled column into episodes: stretches where a rule held, with hysteresis, a minimum
 * duration and merging of near neighbours. Linear in the number of samples.
 *
 * A sample speaks for the interval since the previous one (counters are per-interval deltas), so
 * an episode starts where its first bad sample's interval began and ends at its last bad sample:
 * n bad samples at the usual 7 s cadence make an n × 7 s episode. The interval is capped at the
 * track's median cadence so that a sample after a pause does not claim the whole pause.
 */

export interface Span {
  /** Epoch ms. */
  start: number;
  end: number;
  /** Indices of the first and last bad samples. */
  startIdx: number;
  endIdx: number;
  /** The worst value seen, and when. */
  peak: number;
  peakAt: number;
  /** Which stretch between sampling gaps it lies in; spans in different stretches never merge. */
  segment: number;
}

export interface SpanRule {
  /** A sample at this value starts an episode. */
  on: (v: number, i: number) => boolean;
  /** A sample at this value ends an open episode. */
  off: (v: number, i: number) => boolean;
  /** Whether `a` is worse than `b`, for the peak. */
  worse: (a: number, b: number) => boolean;
}

export interface SpanInput {
  t: readonly number[];
  values: readonly (number | null)[];
  gaps: readonly Gap[];
  medianIntervalS: number | null;
  /** Samples to treat as no data (a muted microphone's MOS). */
  skip?: readonly boolean[] | null;
}

export interface SpanOptions {
  minDurationS: number;
  mergeGapS: number;
}

export type Worse = "higher" | "lower";

/**
 * A two-level rule. `inclusive` says whether the on level itself fires (loss ≥ 5 %) or only values
 * beyond it (jitter > 30 ms); the off level is the mirror, so "≥ on … off below" and
 * "> on … off at ≤" pair up.
 */
export function bandRule(worse: Worse, inclusive: boolean, on: number, off: number): SpanRule {
  if (worse === "higher") {
    return {
      on: inclusive ? (v) => v >= on : (v) => v > on,
      off: inclusive ? (v) => v < off : (v) => v <= off,
      worse: (a, b) => a > b,
    };
  }
  return {
    on: inclusive ? (v) => v <= on : (v) => v < on,
    off: inclusive ? (v) => v > off : (v) => v >= off,
    worse: (a, b) => a < b,
  };
}

export function findSpans(input: SpanInput, rule: SpanRule, opts: SpanOptions): Span[] {
  const { t, values, gaps, skip } = input;
  const n = Math.min(t.length, values.length);
  const cadenceMs = (input.medianIntervalS ?? 0) * 1000;
  const mergeGapMs = opts.mergeGapS * 1000;
  const minMs = opts.minDurationS * 1000;
  const spans: Span[] = [];
  let open: Span | null = null;
  let segment = 0;
  let g = 0;

  const close = () => {
    if (open && open.end - open.start >= minMs) spans.push(open);
    open = null;
  };

  for (let i = 0; i < n; i++) {
    const ti = t[i] as number;
    const prev = i === 0 ? null : (t[i - 1] as number);
    let afterGap = false;
    while (g < gaps.length && (gaps[g] as Gap).to <= ti) {
      if (prev !== null && (gaps[g] as Gap).to > prev) afterGap = true;
      g++;
    }
    if (afterGap) {
      close();
      segment++;
    }
    const v = skip?.[i] ? null : (values[i] ?? null);
    if (v === null) {
      // A long run without data is as good as a gap: the episode ends where the data did.
      if (open && ti - (open as Span).end > mergeGapMs) close();
      continue;
    }
    if (open === null) {
      if (!rule.on(v, i)) continue;
      const step = prev === null || afterGap ? cadenceMs : cadenceMs > 0 ? Math.min(ti - prev, cadenceMs) : ti - prev;
      open = { start: ti - step, end: ti, startIdx: i, endIdx: i, peak: v, peakAt: ti, segment };
      continue;
    }
    const o: Span = open;
    if (rule.off(v, i)) {
      close();
      continue;
    }
    o.end = ti;
    o.endIdx = i;
    if (rule.worse(v, o.peak)) {
      o.peak = v;
      o.peakAt = ti;
    }
  }
  close();
  // Spans are checked for length before merging: merging first would chain the odd noisy sample
  // of a normal call into long false episodes (seen on the simulator's poor-Wi-Fi peer).
  return mergeSpans(spans, mergeGapMs, rule.worse);
}

/** Joins spans of one series whose distance is under the merge gap, never across a sampling gap. */
function mergeSpans(spans: Span[], mergeGapMs: number, worse: SpanRule["worse"]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.segment === s.segment && s.start - last.end < mergeGapMs) {
      last.end = Math.max(last.end, s.end);
      last.endIdx = s.endIdx;
      if (worse(s.peak, last.peak)) {
        last.peak = s.peak;
        last.peakAt = s.peakAt;
      }
      continue;
    }
    out.push({ ...s });
  }
  return out;
}
