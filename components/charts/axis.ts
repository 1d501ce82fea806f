import type { Scale } from "chart.js";

/**
 * The session page stacks two charts on one time axis (participants over time, and one lane per
 * participant). Chart.js sizes each y axis to its own labels — "1,000" against a display name — so
 * one time landed at different x on each. Both y axes take this width instead.
 */
export const SESSION_Y_AXIS_PX = 170;

/** `afterFit` for a y axis: a fixed width, whatever its labels need. */
export function fixedWidth(px: number): (scale: Scale) => void {
  return (scale) => {
    scale.width = px;
  };
}

/** Lane labels that fit `SESSION_Y_AXIS_PX` at 11 px; the tooltip keeps the whole name. */
export const LANE_LABEL_CHARS = 24;

export function shortLabel(label: string, max = LANE_LABEL_CHARS): string {
  const chars = [...label];
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}
