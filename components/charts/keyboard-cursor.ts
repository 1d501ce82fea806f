/**
 * Reading a chart from the keyboard: a cursor that steps through the sample times, the points it
 * lands on, and what it reads at each. Pure, so the chart component only wires it to Chart.js's
 * tooltip.
 */

import type { XY } from "@/lib/report/decimate";

/** A value as the tooltip and the readout give it: "audio sent: 2.14 %", or "no data". */
export function valueText(label: string | undefined, y: number | null, unit: string): string {
  return `${label ?? ""}: ${y === null ? "no data" : `${Number(y.toFixed(2))} ${unit}`}`;
}

/** Index of the point nearest `x` that has a value (points sorted by x), or -1 if none has. */
export function nearestValued(points: readonly XY[], x: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as XY).x < x) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  // Walk out from the insertion point both ways; the first valued point on each side competes.
  for (let i = lo; i < points.length; i++) {
    if ((points[i] as XY).y !== null) {
      best = i;
      break;
    }
  }
  for (let i = lo - 1; i >= 0; i--) {
    if ((points[i] as XY).y !== null) {
      if (best < 0 || x - (points[i] as XY).x <= (points[best] as XY).x - x) best = i;
      break;
    }
  }
  return best;
}

/**
 * Where the cursor goes for a key, over the sample `times` (sorted): arrows step one sample, Page
 * keys a tenth of the window, Home/End to either end, Escape leaves (null). `undefined`: not a key
 * the cursor uses.
 */
export function stepCursor(times: readonly number[], current: number | null, key: string): number | null | undefined {
  if (times.length === 0) return key === "Escape" ? null : undefined;
  const last = times.length - 1;
  let at = current === null ? -1 : times.findIndex((t) => t >= current);
  if (current !== null && at < 0) at = last;
  const jump = Math.max(1, Math.round(times.length / 10));
  const to = (i: number) => times[Math.min(last, Math.max(0, i))] as number;
  switch (key) {
    case "ArrowRight":
      return current === null ? to(0) : to(at + 1);
    case "ArrowLeft":
      return current === null ? to(last) : to(at - 1);
    case "PageDown":
      return to(current === null ? 0 : at + jump);
    case "PageUp":
      return to(current === null ? last : at - jump);
    case "Home":
      return to(0);
    case "End":
      return to(last);
    case "Escape":
      return null;
    default:
      return undefined;
  }
}

/** A chart's series as the cursor reads them (Chart.js's line datasets fit). */
export interface CursorSeries {
  label?: string;
  data: readonly XY[];
}

/** The times the cursor steps through: the valued samples of the series with the most points. */
export function cursorTimes(series: readonly CursorSeries[]): number[] {
  const most = series.reduce<readonly XY[]>((m, s) => (s.data.length > m.length ? s.data : m), []);
  return most.filter((p) => p.y !== null).map((p) => p.x);
}

/** The point nearest `t` with a value, in each series that has one: what the tooltip shows. */
export function activeAt(series: readonly CursorSeries[], t: number): { datasetIndex: number; index: number }[] {
  return series.flatMap((s, datasetIndex) => {
    const index = nearestValued(s.data, t);
    return index < 0 ? [] : [{ datasetIndex, index }];
  });
}

/** What is read out at `t`: "14:05:30: audio sent: 2.14 %; video sent: no data". */
export function readoutText(
  series: readonly CursorSeries[],
  active: readonly { datasetIndex: number; index: number }[],
  t: number,
  unit: string,
  formatTime: (ms: number) => string,
): string {
  const values = active.map(({ datasetIndex, index }) => {
    const s = series[datasetIndex];
    return valueText(s?.label, s?.data[index]?.y ?? null, unit);
  });
  return `${formatTime(t)}: ${values.join("; ")}`;
}
