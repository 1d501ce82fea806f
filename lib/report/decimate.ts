/**
 * Thins a track's column for drawing: only the samples inside the visible window (plus one either
 * side, so lines reach the edges), at most a min and a max per pixel-wide bucket, and a null after
 * each sample that precedes a sampling gap so the line breaks there. Unlike averaging, min/max
 * keeps every spike and dip visible — a 7-second loss burst must not vanish at 4 hours. Works on
 * the columns directly, so only the drawn points are ever allocated.
 */
export interface XY {
  x: number;
  y: number | null;
}

/** First index whose time is ≥ x (binary search over sorted times). */
function lowerBound(t: readonly number[], x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function decimateColumn(
  t: readonly number[],
  y: readonly (number | null)[],
  gapStarts: ReadonlySet<number>,
  from: number,
  to: number,
  buckets: number,
): XY[] {
  const start = Math.max(0, lowerBound(t, from) - 1);
  const end = Math.min(t.length - 1, lowerBound(t, to + 1));
  if (end < start) return [];
  const out: XY[] = [];
  const checkGaps = gapStarts.size > 0;

  if (end - start + 1 <= buckets * 2) {
    for (let i = start; i <= end; i++) {
      const x = t[i] as number;
      out.push({ x, y: y[i] ?? null });
      if (checkGaps && gapStarts.has(x)) out.push({ x: x + 1, y: null });
    }
    return out;
  }

  // One pass, no closures or temporary arrays: this runs for every series of every chart on each
  // zoom, usually before the browser has optimised it.
  const width = (to - from) / buckets;
  let bucket = Number.NaN;
  let minI = -1;
  let maxI = -1;
  let minV = 0;
  let maxV = 0;
  for (let i = start; i <= end; i++) {
    const x = t[i] as number;
    const b = Math.floor((x - from) / width);
    if (b !== bucket) {
      if (minI >= 0) flushMinMax(out, t, y, minI, maxI);
      minI = maxI = -1;
      bucket = b;
    }
    const v = y[i] ?? null;
    if (v === null) {
      // Missing values break the line too.
      if (minI >= 0) flushMinMax(out, t, y, minI, maxI);
      minI = maxI = -1;
      out.push({ x, y: null });
    } else if (minI < 0) {
      minI = maxI = i;
      minV = maxV = v;
    } else if (v < minV) {
      minI = i;
      minV = v;
    } else if (v > maxV) {
      maxI = i;
      maxV = v;
    }
    if (checkGaps && gapStarts.has(x)) {
      if (minI >= 0) flushMinMax(out, t, y, minI, maxI);
      minI = maxI = -1;
      out.push({ x: x + 1, y: null });
    }
  }
  if (minI >= 0) flushMinMax(out, t, y, minI, maxI);
  return out;
}

/** A bucket's lowest and highest samples, in time order (one point when they are the same sample). */
function flushMinMax(out: XY[], t: readonly number[], y: readonly (number | null)[], minI: number, maxI: number) {
  const a = minI <= maxI ? minI : maxI;
  const b = minI <= maxI ? maxI : minI;
  out.push({ x: t[a] as number, y: y[a] as number });
  if (b !== a) out.push({ x: t[b] as number, y: y[b] as number });
}
