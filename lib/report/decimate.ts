/**
 * Thins a time series for drawing: only the points inside the visible window (plus one either side,
 * so lines reach the edges), and at most a min and a max per pixel-wide bucket. Unlike averaging,
 * min/max keeps every spike and dip visible — a 7-second loss burst must not vanish at 4 hours.
 * Null values (gaps) are kept, so broken lines stay broken.
 */
export interface XY {
  x: number;
  y: number | null;
}

export function decimateMinMax(points: readonly XY[], from: number, to: number, buckets: number): XY[] {
  let lo = 0;
  while (lo < points.length && (points[lo] as XY).x < from) lo++;
  let hi = points.length - 1;
  while (hi >= 0 && (points[hi] as XY).x > to) hi--;
  const start = Math.max(0, lo - 1);
  const end = Math.min(points.length - 1, hi + 1);
  const visible = end - start + 1;
  if (visible <= 0) return [];
  if (visible <= buckets * 2) return points.slice(start, end + 1);

  const out: XY[] = [];
  const width = (to - from) / buckets;
  let i = start;
  while (i <= end) {
    const p = points[i] as XY;
    const bucket = Math.floor((p.x - from) / width);
    let min: XY | null = null;
    let max: XY | null = null;
    for (; i <= end && Math.floor(((points[i] as XY).x - from) / width) === bucket; i++) {
      const q = points[i] as XY;
      if (q.y === null) {
        // Flush what came before the gap, then the gap itself.
        pushPair(out, min, max);
        min = max = null;
        out.push(q);
        continue;
      }
      if (!min || q.y < (min.y as number)) min = q;
      if (!max || q.y > (max.y as number)) max = q;
    }
    pushPair(out, min, max);
  }
  return out;
}

function pushPair(out: XY[], a: XY | null, b: XY | null) {
  if (!a || !b) return;
  if (a === b) out.push(a);
  else if (a.x <= b.x) out.push(a, b);
  else out.push(b, a);
}
