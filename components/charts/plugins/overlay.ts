import type { Plugin } from "chart.js";
import type { ChartGroup } from "../chart-group";
import { HOVER_LINE } from "../palette";

/** A stretch of time shaded behind the lines (a quality limitation, a muted microphone). */
export interface Band {
  from: number;
  to: number;
  color: string;
}

/** A moment marked with a triangle on top of the chart (a client event). */
export interface Marker {
  t: number;
  color: string;
}

export interface OverlayOptions {
  group: ChartGroup;
  bands: Band[];
  markers: Marker[];
}

/** Bands behind the lines, event markers on top, and the hover line shared by the charts of a group. */
export const overlays: Plugin<"line", OverlayOptions> = {
  id: "qualityOverlays",
  beforeDatasetsDraw(chart, _a, opts) {
    const x = chart.scales.x;
    if (!x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const b of opts.bands ?? []) {
      const l = Math.max(chartArea.left, x.getPixelForValue(b.from));
      const r = Math.min(chartArea.right, x.getPixelForValue(b.to));
      if (r <= l) continue;
      ctx.fillStyle = b.color;
      ctx.fillRect(l, chartArea.top, r - l, chartArea.bottom - chartArea.top);
    }
    ctx.restore();
  },
  afterDatasetsDraw(chart, _a, opts) {
    const x = chart.scales.x;
    if (!x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    for (const m of opts.markers ?? []) {
      const px = x.getPixelForValue(m.t);
      if (px < chartArea.left || px > chartArea.right) continue;
      ctx.fillStyle = m.color;
      ctx.beginPath();
      ctx.moveTo(px - 4, chartArea.top);
      ctx.lineTo(px + 4, chartArea.top);
      ctx.lineTo(px, chartArea.top + 6);
      ctx.fill();
    }
    const t = opts.group?.hoverT;
    if (t !== null && t !== undefined) {
      const px = x.getPixelForValue(t);
      if (px >= chartArea.left && px <= chartArea.right) {
        ctx.strokeStyle = HOVER_LINE;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  },
};
