import type { Plugin } from "chart.js";
import type { ChartGroup } from "../chart-group";
import { HOVER_LINE } from "../palette";

/** A stretch of time shaded behind the lines (a quality limitation, a muted microphone, a finding's episode). */
export interface Band {
  from: number;
  to: number;
  color: string;
  /** Edges drawn in this colour: the episode of the finding chosen in the findings panel. */
  outline?: string;
}

/** A level drawn across the chart, dashed, with its label at the right (a finding's warn or poor threshold). */
export interface Level {
  value: number;
  color: string;
  label: string;
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
  levels?: Level[];
}

/**
 * Bands and threshold levels behind the lines, event markers on top, and the hover line shared by
 * the charts of a group.
 */
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
      if (b.outline) {
        ctx.strokeStyle = b.outline;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(l, chartArea.top + 0.75, r - l, chartArea.bottom - chartArea.top - 1.5);
      }
    }
    const y = chart.scales.y;
    if (y) {
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.font = "10px sans-serif";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      for (const lv of opts.levels ?? []) {
        const py = y.getPixelForValue(lv.value);
        // Off the axis (a poor level above a good call's values): not drawn rather than clamped.
        if (py < chartArea.top || py > chartArea.bottom) continue;
        ctx.strokeStyle = lv.color;
        ctx.fillStyle = lv.color;
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
        ctx.fillText(lv.label, chartArea.right - 2, py - 1);
      }
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
