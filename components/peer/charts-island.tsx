"use client";

import dynamic from "next/dynamic";
import type { ClientEvent } from "@/lib/realtimekit/types";

// Chart.js and its zoom plugin are a separate chunk: header, findings and panels are usable first,
// and the page's first-load JavaScript stays small.
const loadCharts = () => import("./quality-charts");

const QualityCharts = dynamic(loadCharts, {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 360 }} aria-busy="true" aria-label="Loading quality charts" />,
});

export function ChartsIsland(props: { appId: string; peerId: string; events: ClientEvent[]; range: { start: number; end: number } }) {
  return <QualityCharts {...props} />;
}

/**
 * Rendered first on the page, so that hydration starts the chart chunk's download and evaluation
 * at once instead of when it reaches the charts, halfway down.
 */
export function ChartsPreload() {
  if (typeof window !== "undefined") void loadCharts();
  return null;
}
