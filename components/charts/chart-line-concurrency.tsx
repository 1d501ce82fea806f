"use client";

import "./register";
import type { ChartOptions } from "chart.js";
import { useMemo } from "react";
import { Line } from "react-chartjs-2";
import { formatUtc, formatUtcClock } from "@/lib/format";
import { fixedWidth, SESSION_Y_AXIS_PX } from "./axis";
import { CONCURRENCY } from "./palette";
import { roundTimeTicksOn } from "./ticks";

/** Participants in the call over time (steps), for sessions too large for one lane each. */
export function ConcurrencyChart({
  points,
  range,
}: {
  points: { t: number; count: number }[];
  range: { start: number; end: number };
}) {
  const data = useMemo(
    () => ({
      datasets: [
        {
          label: "Participants in the call",
          data: points.map((p) => ({ x: p.t, y: p.count })),
          stepped: true as const,
          borderColor: CONCURRENCY.line,
          backgroundColor: CONCURRENCY.fill,
          fill: true,
          pointRadius: 0,
          borderWidth: 1.5,
        },
      ],
    }),
    [points],
  );
  const options = useMemo<ChartOptions<"line">>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        // Epoch ms on a linear axis, as on every chart (register.ts says why).
        x: {
          type: "linear",
          min: range.start,
          max: range.end,
          afterBuildTicks: roundTimeTicksOn,
          ticks: { callback: (v) => formatUtcClock(Number(v)), maxRotation: 0 },
          title: { display: true, text: "Time (UTC)" },
        },
        // Same width as the lane chart's names below, so one time sits at one x on both.
        y: {
          beginAtZero: true,
          title: { display: true, text: "participants" },
          ticks: { precision: 0 },
          afterFit: fixedWidth(SESSION_Y_AXIS_PX),
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => formatUtc(Number(items[0]?.parsed.x ?? 0)),
            label: (i) => `${i.parsed.y} participants`,
          },
        },
      },
    }),
    [range.start, range.end],
  );
  return (
    <div style={{ position: "relative", height: 160 }} data-testid="concurrency-chart">
      <Line data={data} options={options} role="img" aria-label="Participants in the call over time" />
    </div>
  );
}
