"use client";

import "./register";
import type { ChartData, ChartOptions, Plugin } from "chart.js";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Bar } from "react-chartjs-2";
import { formatDuration, formatUtc, formatUtcClock } from "@/lib/format";
import { peerPath } from "@/lib/routes";
import { fixedWidth, SESSION_Y_AXIS_PX, shortLabel } from "./axis";
import { TIMELINE } from "./palette";
import { nowLine } from "./plugins/now-line";
import { roundTimeTicksOn } from "./ticks";

export interface TimelineLane {
  peerId: string;
  label: string;
  /** Epoch ms. */
  intervals: [number, number][];
  open: boolean;
}

type Point = { x: [number, number]; y: string; peerId: string; away?: boolean };

/**
 * One lane per participant: when they were in the call (blue) and the drops between rejoins
 * (red). Hover gives exact times; clicking a lane opens that participant.
 */
export function ParticipantTimeline({
  appId,
  lanes,
  range,
  now,
}: {
  appId: string;
  lanes: TimelineLane[];
  range: { start: number; end: number };
  now: number | null;
}) {
  const router = useRouter();
  const data = useMemo<ChartData<"bar", Point[], string>>(() => {
    const present: Point[] = [];
    const away: Point[] = [];
    for (const l of lanes) {
      l.intervals.forEach(([s, e], i) => {
        present.push({ x: [s, e], y: l.label, peerId: l.peerId });
        const next = l.intervals[i + 1];
        if (next && next[0] > e) away.push({ x: [e, next[0]], y: l.label, peerId: l.peerId, away: true });
      });
    }
    return {
      labels: lanes.map((l) => l.label),
      datasets: [
        {
          label: "In the call",
          data: present,
          backgroundColor: TIMELINE.present,
          barPercentage: 0.7,
          categoryPercentage: 1,
          grouped: false,
          borderSkipped: false,
        },
        {
          label: "Dropped out",
          data: away,
          backgroundColor: TIMELINE.away,
          barPercentage: 0.35,
          categoryPercentage: 1,
          grouped: false,
          borderSkipped: false,
        },
      ],
    };
  }, [lanes]);

  const options = useMemo<ChartOptions<"bar">>(
    () => ({
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: { xAxisKey: "x", yAxisKey: "y" },
      scales: {
        // Epoch ms on a linear axis, as on every chart (register.ts says why).
        x: {
          type: "linear",
          min: range.start,
          max: Math.max(range.end, now ?? 0),
          afterBuildTicks: roundTimeTicksOn,
          ticks: { callback: (v) => formatUtcClock(Number(v)), maxRotation: 0, autoSkip: true },
          title: { display: true, text: "Time (UTC)" },
        },
        // A fixed width, shared with the concurrency chart above (long names are shortened to fit).
        y: {
          ticks: {
            autoSkip: false,
            font: { size: 11 },
            callback(value) {
              return shortLabel(this.getLabelForValue(Number(value)));
            },
          },
          afterFit: fixedWidth(SESSION_Y_AXIS_PX),
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => items[0]?.label ?? "",
            label: (item) => {
              const p = item.raw as Point;
              const [s, e] = p.x;
              const what = p.away ? "Dropped out" : "In the call";
              return `${what}: ${formatUtc(s, false)} – ${formatUtc(e, false)} (${formatDuration((e - s) / 1000)})`;
            },
          },
        },
        nowLine: { now },
      },
      onClick: (_e, elements, chart) => {
        const el = elements[0];
        if (!el) return;
        const p = chart.data.datasets[el.datasetIndex]?.data[el.index] as Point | undefined;
        if (p) router.push(peerPath(appId, p.peerId));
      },
      onHover: (e, elements) => {
        const target = e.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? "pointer" : "default";
      },
    }),
    [appId, range.start, range.end, now, router],
  );

  return (
    <div
      style={{ position: "relative", height: Math.max(120, lanes.length * 24 + 80) }}
      data-testid="participant-timeline"
    >
      <Bar
        data={data}
        options={options}
        plugins={[nowLine as Plugin<"bar">]}
        aria-label={`Timeline of ${lanes.length} participants`}
        role="img"
      />
    </div>
  );
}
