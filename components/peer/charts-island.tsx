"use client";

import dynamic from "next/dynamic";
import type { ClientEvent } from "@/lib/realtimekit/types";

// Chart.js and its zoom plugin load after the page: header, findings and panels are usable first.
// The download starts as soon as this module runs, not when the island first renders.
const loadCharts = () => import("./quality-charts");
if (typeof window !== "undefined") void loadCharts();
const QualityCharts = dynamic(loadCharts, {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 360 }} aria-busy="true" aria-label="Loading quality charts" />,
});

export function ChartsIsland(props: { appId: string; peerId: string; events: ClientEvent[]; range: { start: number; end: number } }) {
  return <QualityCharts {...props} />;
}
