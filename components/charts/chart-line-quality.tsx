"use client";

import "./register";
import type { Chart as ChartInstance, ChartDataset, ChartOptions, Plugin } from "chart.js";
import { useEffect, useMemo, useRef, useState } from "react";
import { Line } from "react-chartjs-2";
import { decimateColumn, type XY as Point } from "@/lib/report/decimate";
import type { ChartGroup } from "./chart-group";
import { activeAt, cursorTimes, readoutText, stepCursor, valueText } from "./keyboard-cursor";
import { overlays, type Band, type Level, type Marker } from "./plugins/overlay";
import { zoomOptions } from "./plugins/zoom";
import { followPrint } from "./print-layout";
import { roundTimeTicksOn, type ValueAxis } from "./ticks";

export { ChartGroup } from "./chart-group";
export type { Band, Level, Marker } from "./plugins/overlay";

/**
 * Decimation buckets for a chart this many CSS pixels wide. A bucket keeps at most two points (its
 * low and its high), and the samples just outside the window add a bucket at either end, so
 * Chart.js is never handed more points than the chart has pixels across.
 */
function bucketsForWidth(px: number): number {
  return Math.max(8, Math.floor(px / 2) - 4);
}

export interface QualitySeries {
  label: string;
  color: string;
  /** A track's sample times (epoch ms, ascending) and one metric's values; null = no data. */
  t: readonly number[];
  y: readonly (number | null)[];
  /** Times of the samples after which the track has a sampling gap: the line breaks there. */
  gapStarts: ReadonlySet<number>;
  dashed?: boolean;
}

/**
 * One metric over time for every track that has it. All charts of a group share the x range
 * (`min`/`max`, owned by the page URL), the hover line, and zoom: dragging or wheeling in any chart
 * calls `onZoom` with the new range.
 */
export function QualityChart({
  title,
  unit,
  series,
  min,
  max,
  group,
  bands = [],
  levels = [],
  highlighted = 0,
  markers = [],
  formatTick,
  tickOffsetMs = 0,
  formatTime,
  onZoom,
  suggestedMax,
  yAxis,
  testId,
}: {
  title: string;
  unit: string;
  series: QualitySeries[];
  min: number;
  max: number;
  group: ChartGroup;
  bands?: Band[];
  /** Threshold levels drawn across, in the chart's unit. */
  levels?: Level[];
  /** How many of `bands` belong to the finding chosen in the findings panel (for tests and assistive tech). */
  highlighted?: number;
  markers?: Marker[];
  formatTick: (ms: number) => string;
  /** How far the clock `formatTick` reads is ahead of UTC, so ticks fall on its round values. */
  tickOffsetMs?: number;
  formatTime: (ms: number) => string;
  onZoom: (from: number, to: number) => void;
  suggestedMax?: number;
  /** A y axis of its own instead of "from 0, at least to suggestedMax". */
  yAxis?: ValueAxis;
  testId?: string;
}) {
  const ref = useRef<ChartInstance<"line", Point[]> | null>(null);
  // The chart's width decides how far its series are thinned; it is drawn once that is known.
  const box = useRef<HTMLDivElement | null>(null);
  const [widthPx, setWidthPx] = useState<number | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // In steps of 8 px (rounded down), so dragging a window's edge re-thins now and then, not on
    // every pixel.
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidthPx(Math.floor(entry.contentRect.width / 8) * 8);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const drawn = widthPx !== null;

  useEffect(() => {
    const chart = ref.current;
    if (!chart) return;
    const leave = group.join(chart as unknown as ChartInstance);
    // Drawn (Chart.js draws as it is built): a User Timing mark, for DevTools and `npm run bench`.
    performance.mark("inspector:chart-drawn", { detail: title });
    const stopFollowingPrint = followPrint(chart);
    return () => {
      leave();
      stopFollowingPrint();
    };
  }, [group, drawn, title]);

  const data = useMemo(
    () => ({
      datasets: series.map((s): ChartDataset<"line", Point[]> => ({
        label: s.label,
        data: widthPx === null ? [] : decimateColumn(s.t, s.y, s.gapStarts, min, max, bucketsForWidth(widthPx)),
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 1.5,
        borderDash: s.dashed ? [5, 3] : undefined,
        pointRadius: 0,
        pointHoverRadius: 3,
        spanGaps: false,
        tension: 0,
      })),
    }),
    [series, min, max, widthPx],
  );

  const options = useMemo<ChartOptions<"line">>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Points arrive sorted as {x, y}, already thinned to the window: no parsing, no decimation.
      parsing: false,
      normalized: true,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: {
          type: "linear",
          min,
          max,
          afterBuildTicks: (scale) => roundTimeTicksOn(scale, tickOffsetMs),
          ticks: { callback: (v) => formatTick(Number(v)), maxRotation: 0, autoSkipPadding: 12 },
        },
        y: {
          ...(yAxis ? { min: yAxis.min, suggestedMax: yAxis.suggestedMax } : { beginAtZero: true, suggestedMax }),
          ticks: { stepSize: yAxis?.stepSize },
          title: { display: true, text: unit },
          // The values on the axis, for tests and for checking a print: a canvas is opaque.
          afterUpdate: (scale) => box.current?.setAttribute("data-y-ticks", scale.ticks.map((t) => t.value).join(" ")),
        },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
        title: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => formatTime(Number(items[0]?.parsed.x ?? 0)),
            label: (i) => valueText(i.dataset.label, i.parsed.y, unit),
          },
        },
        zoom: zoomOptions(onZoom),
        qualityOverlays: { group, bands, markers, levels },
      },
      onHover: (_e, _els, chart) => {
        const x = chart.scales.x;
        const pos = _e.x;
        if (!x || pos === null || pos === undefined) return;
        group.hover(x.getValueForPixel(pos) ?? null, chart as unknown as ChartInstance);
      },
    }),
    [min, max, unit, suggestedMax, yAxis, formatTick, tickOffsetMs, formatTime, onZoom, group, bands, markers, levels],
  );

  // The keyboard's way in: focus a chart, step through the samples with the arrow keys. The tooltip
  // and the crosshair on every chart follow, and the values are read out to screen readers.
  const cursor = useRef<number | null>(null);
  const [readout, setReadout] = useState("");
  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const chart = ref.current;
    if (!chart) return;
    const next = stepCursor(cursorTimes(data.datasets), cursor.current, e.key);
    if (next === undefined) return;
    e.preventDefault();
    showCursor(chart, next);
  };
  const showCursor = (chart: ChartInstance<"line", Point[]>, t: number | null) => {
    cursor.current = t;
    const active = t === null ? [] : activeAt(chart.data.datasets, t);
    const tooltipAt = { x: t === null ? 0 : (chart.scales.x?.getPixelForValue(t) ?? 0), y: chart.chartArea.top };
    chart.setActiveElements(active);
    chart.tooltip?.setActiveElements(active, tooltipAt);
    group.hover(t, chart as unknown as ChartInstance);
    chart.update("none");
    setReadout(t === null ? "" : readoutText(chart.data.datasets, active, t, unit, formatTime));
  };

  return (
    <figure
      className="chart-figure"
      data-testid={testId}
      data-shaded={bands.length}
      data-highlighted={highlighted}
      data-levels={levels.map((l) => l.label).join("; ") || undefined}
      data-points={drawn ? Math.max(0, ...data.datasets.map((d) => d.data.length)) : undefined}
    >
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <div ref={box} style={{ position: "relative", height: 170 }}>
        {drawn ? (
          <Line
            ref={ref}
            data={data}
            options={options}
            plugins={[overlays as unknown as Plugin<"line">]}
            role="img"
            aria-label={
              `${title} over time, in ${unit}: ${series.map((s) => s.label).join("; ")}. ` +
              (levels.length ? `Dashed lines: ${levels.map((l) => l.label).join(", ")}. ` : "") +
              (highlighted ? "The chosen finding's episodes are outlined. " : "") +
              "Arrow keys step through the samples."
            }
            tabIndex={0}
            onKeyDown={onKeyDown}
            onBlur={() => {
              if (ref.current && cursor.current !== null) showCursor(ref.current, null);
            }}
          />
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite" data-testid="chart-readout">
        {readout}
      </p>
    </figure>
  );
}
