"use client";

import dynamic from "next/dynamic";
import type { ClientEvent } from "@/lib/realtimekit/types";

// Chart.js and its zoom plugin load after the page: header, findings and panels are usable first,
// and the page's first-load JavaScript stays small.
const QualityCharts = dynamic(() => import("./quality-charts"), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 360 }} aria-busy="true" aria-label="Loading quality charts" />,
});

export function ChartsIsland(props: { appId: string; peerId: string; events: ClientEvent[]; range: { start: number; end: number } }) {
  return <QualityCharts {...props} />;
}
