"use client";

import { useEffect, useState, type ComponentType } from "react";
// A type only: erased from the bundle, so the charts' chunk still loads on demand.
import type { QualityChartsProps as Props } from "./quality-charts";

// Chart.js and its zoom plugin are a separate chunk: header, findings and panels are usable first,
// and the page's first-load JavaScript stays small.
const loadCharts = () => import("./quality-charts");

/**
 * The charts, once their chunk has arrived. Plain state rather than next/dynamic: React throttles
 * revealing a suspended boundary (by up to 300 ms after its fallback appeared), and the charts
 * should be drawn the moment their code and data are in.
 */
export function ChartsIsland(props: Props) {
  const [Charts, setCharts] = useState<ComponentType<Props> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadCharts().then(
      (m) => live && setCharts(() => m.default),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed) {
    return (
      <div className="notice notice-error" role="status" data-testid="charts-error">
        <strong>Could not load the charts</strong>
        The chart code did not arrive (a network hiccup, or a new version was deployed). Reload the page to try again;
        everything else on it is complete.
      </div>
    );
  }
  if (!Charts)
    return <div className="skeleton" style={{ height: 360 }} aria-busy="true" aria-label="Loading quality charts" />;
  return <Charts {...props} />;
}

/**
 * Rendered first on the page, so that hydration starts the chart chunk's download and evaluation
 * at once instead of when it reaches the charts, halfway down.
 */
export function ChartsPreload() {
  if (typeof window !== "undefined") void loadCharts();
  return null;
}
