import type { Chart } from "chart.js";

/**
 * The charts of one page read as one: they share the hover position (each draws it as a line, see
 * plugins/overlay.ts) and, through the page's URL, the zoomed range (plugins/zoom.ts).
 */
export class ChartGroup {
  hoverT: number | null = null;
  readonly charts = new Set<Chart>();

  /** Adds a chart to redraw when the hover moves; returns its removal. */
  join(chart: Chart): () => void {
    this.charts.add(chart);
    return () => {
      this.charts.delete(chart);
    };
  }

  /** A new hover time (null: none), from `from`, which draws itself: the others are redrawn. */
  hover(t: number | null, from: Chart) {
    this.hoverT = t;
    for (const other of this.charts) if (other !== from) other.draw();
  }
}
