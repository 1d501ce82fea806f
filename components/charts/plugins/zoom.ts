import zoomPlugin from "chartjs-plugin-zoom";
import type { ChartOptions } from "chart.js";
import { ZOOM_DRAG } from "../palette";
import { registerZoom } from "../register";

// Imported only by the quality charts, so the plugin and hammerjs stay in their lazily loaded chunk.
registerZoom(zoomPlugin);

type ZoomOptions = NonNullable<NonNullable<ChartOptions<"line">["plugins"]>["zoom"]>;

/**
 * Drag across a chart, or Ctrl + wheel, to zoom its time axis. The chart does not keep the range:
 * `onZoom` hands it to the page (its URL), which gives it to every chart of the group.
 */
export function zoomOptions(onZoom: (from: number, to: number) => void): ZoomOptions {
  return {
    zoom: {
      drag: { enabled: true, backgroundColor: ZOOM_DRAG },
      wheel: { enabled: true, modifierKey: "ctrl" },
      mode: "x",
      onZoomComplete: ({ chart }) => {
        const x = chart.scales.x;
        if (x) onZoom(Math.round(x.min), Math.round(x.max));
      },
    },
    limits: { x: { minRange: 10_000 } },
  };
}
