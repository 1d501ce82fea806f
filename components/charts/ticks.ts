import type { Scale } from "chart.js";

/** Tick steps people read easily: whole seconds, minutes and hours. */
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Room one "14:05:30" label needs on the axis, in px. */
const LABEL_PX = 90;

/**
 * Time ticks on round values (every 5 min on the 5s, every hour on the hour), at most `maxTicks`
 * of them. Chart.js's own time ticks start at the range's first second, which gave axes reading
 * 17:53:29, 17:55:20, 17:57:11. Round in UTC, or on a clock `offsetMs` ahead of UTC: India's
 * +5:30 would otherwise read hourly ticks as 05:30, 06:30.
 */
export function roundTimeTicks(min: number, max: number, maxTicks: number, offsetMs = 0): number[] {
  if (!(max > min) || maxTicks < 1) return [];
  const spanS = (max - min) / 1000;
  const stepS =
    STEPS_S.find((s) => Math.floor(spanS / s) + 1 <= maxTicks) ??
    Math.ceil(spanS / Math.max(1, maxTicks - 1) / 86_400) * 86_400;
  const step = stepS * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil((min + offsetMs) / step) * step - offsetMs; t <= max; t += step) ticks.push(t);
  return ticks;
}

/** `afterBuildTicks` for a horizontal time axis: round ticks, as many as its width holds. */
export function roundTimeTicksOn(scale: Scale, offsetMs = 0): void {
  const maxTicks = Math.max(2, Math.floor((scale.maxWidth || scale.width || 600) / LABEL_PX));
  scale.ticks = roundTimeTicks(scale.min, scale.max, maxTicks, offsetMs).map((value) => ({ value }));
}

export interface ValueAxis {
  min?: number;
  suggestedMax?: number;
  stepSize?: number;
}

/**
 * The MOS chart's y axis. MOS is drawn as reported, on an undocumented scale: once a value above 1
 * shows the usual 1–5, the axis is exactly that, in whole steps (left to itself, Chart.js gave a
 * small printed chart 0–6 in steps of 2); otherwise it starts at 0 and fits what was reported.
 */
export function mosAxis(scaleEvident: boolean): ValueAxis {
  return scaleEvident ? { min: 1, suggestedMax: 5, stepSize: 1 } : { min: 0, suggestedMax: 1 };
}
