"use client";

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from "chart.js";

// The one place charts are registered: only the pieces they use (never chart.js/auto). One set for
// the peer and the session charts alike: the bundler keeps Chart.js whole, in one chunk both pages
// load, so the session charts' bars and fill cost the peer page nothing. Time runs on a linear axis
// of epoch ms on every chart, its ticks and labels formatted by ticks.ts and lib/format: no time
// scale, no date adapter.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  LinearScale,
  CategoryScale,
  Filler,
  Tooltip,
  Legend,
);

/**
 * The quality charts' drag and wheel zoom. plugins/zoom.ts hands the plugin in, so that it (and
 * hammerjs under it) stays in the peer page's lazily loaded chart chunk, out of the session page.
 */
export function registerZoom(zoom: Plugin): void {
  Chart.register(zoom);
}
