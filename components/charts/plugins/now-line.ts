import type { Plugin } from "chart.js";
import { TIMELINE } from "../palette";

/** Draws a vertical "now" line on live sessions. */
export const nowLine: Plugin<"bar", { now: number | null }> = {
  id: "nowLine",
  afterDatasetsDraw(chart, _args, opts) {
    if (opts.now === null) return;
    const x = chart.scales.x?.getPixelForValue(opts.now);
    if (x === undefined || x < chart.chartArea.left || x > chart.chartArea.right) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = TIMELINE.now;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.fillStyle = TIMELINE.now;
    ctx.font = "11px sans-serif";
    ctx.fillText("now", x + 3, chartArea.top + 10);
    ctx.restore();
  },
};
