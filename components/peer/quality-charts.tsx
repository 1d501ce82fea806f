"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  ChartGroup,
  QualityChart,
  type Band,
  type Level,
  type Marker,
  type QualitySeries,
} from "@/components/charts/chart-line-quality";
import { FINDING_BANDS, LIMITATION_COLORS, OFF_COLOR, THRESHOLD_LINES, trackStyle } from "@/components/charts/palette";
import { mosAxis } from "@/components/charts/ticks";
import { describeZone, formatLocal, formatLocalClock, formatUtc, formatUtcClock } from "@/lib/format";
import type { ClientEvent, Metric, Track } from "@/lib/realtimekit/types";
import type { Thresholds } from "@/lib/report/thresholds";
import { coincidesWith } from "@/lib/report/coincide";
import { offIntervals } from "@/lib/report/toggles";
import { trackName } from "@/lib/report/vocabulary";
import { usePeerQuality } from "@/lib/swr/use-peer-quality";
import {
  bandsForChart,
  suggestedMaxWith,
  thresholdLines,
  type ChartFinding,
  type ChartId,
  type ThresholdLine,
} from "./chart-findings";
import { eventCategory, EVENT_COLORS } from "./event-categories";
import { CHOSEN_FINDING_PARAM } from "./finding-toggle";
import { updateQuery } from "@/lib/url-state";
import { callRange, setWindowInUrl, windowFromParams } from "./window";

type Shade = "limits" | "mic" | "camera";

// User Timing marks (DevTools' performance panel, and `npm run bench`): this chunk has arrived and
// run; the samples have arrived; each chart marks itself once drawn.
if (typeof window !== "undefined") performance.mark("inspector:chart-code");

/**
 * One chart per metric, except bitrate: audio (tens of kbps) would lie flat at the bottom of a
 * video axis (thousands), so each kind gets its own. Shading marks why a line looks the way it
 * does: the video sender's CPU/bandwidth limits, a muted microphone, a camera turned off.
 */
const CHARTS: {
  id: ChartId;
  metric: Metric;
  kinds?: Track["kind"][];
  title: string;
  unit: string;
  shade?: Shade[];
  suggestedMax?: number;
}[] = [
  { id: "lossPct", metric: "lossPct", title: "Packet loss", unit: "%", suggestedMax: 5 },
  { id: "jitterMs", metric: "jitterMs", title: "Jitter", unit: "ms", suggestedMax: 30 },
  { id: "rttMs", metric: "rttMs", title: "Round-trip time", unit: "ms", suggestedMax: 200 },
  {
    id: "bitrateKbps",
    metric: "bitrateKbps",
    kinds: ["video"],
    title: "Video bitrate",
    unit: "kbps",
    shade: ["limits", "camera"],
  },
  {
    id: "audioBitrateKbps",
    metric: "bitrateKbps",
    kinds: ["audio"],
    title: "Audio bitrate",
    unit: "kbps",
    shade: ["mic"],
    suggestedMax: 64,
  },
  { id: "fps", metric: "fps", title: "Frame rate", unit: "fps", shade: ["limits", "camera"], suggestedMax: 30 },
  { id: "frameHeightPx", metric: "frameHeightPx", title: "Resolution (frame height)", unit: "px", shade: ["camera"] },
  // As reported: RealtimeKit does not document the scale (README, "Upstream quirks").
  { id: "mos", metric: "mos", title: "MOS as reported", unit: "scale undocumented", shade: ["mic"] },
  { id: "jitterBufferMs", metric: "jitterBufferMs", title: "Jitter buffer delay", unit: "ms" },
];

/** Microphone-muted or camera-off stretches from the client's events, as grey bands. */
function offBands(events: ClientEvent[], off: string, on: string, end: number): Band[] {
  return offIntervals(events, off, on).map((i) => ({ from: i.from, to: Math.min(i.to, end), color: OFF_COLOR }));
}

/** A line's name (lib/report/vocabulary), lower case: readouts and "(= audio sent)" embed it. */
function label(t: Track): string {
  return trackName(t.key);
}

/** Runs of cpu/bandwidth limitation on the video sender, as shaded bands. */
function limitationBands(tracks: Track[]): Band[] {
  const bands: Band[] = [];
  for (const t of tracks) {
    if (!t.qualityLimitation) continue;
    let start: number | null = null;
    let reason: string | null = null;
    t.t.forEach((x, i) => {
      const r = t.qualityLimitation?.[i] ?? null;
      const limited = r === "cpu" || r === "bandwidth" ? r : null;
      if (limited !== reason) {
        if (reason && start !== null) bands.push({ from: start, to: x, color: LIMITATION_COLORS[reason] as string });
        start = limited ? x : null;
        reason = limited;
      }
    });
    if (reason && start !== null)
      bands.push({ from: start, to: t.t[t.t.length - 1] as number, color: LIMITATION_COLORS[reason] as string });
  }
  return bands;
}

export interface QualityChartsProps {
  appId: string;
  peerId: string;
  events: ClientEvent[];
  range: { start: number; end: number };
  /** The page's findings, compact (chart-findings.ts): their episodes are shaded on the charts they concern. */
  findings?: ChartFinding[];
  /** The thresholds the findings used: their warn and poor levels are drawn on each metric's chart. */
  thresholds?: Thresholds;
}

export default function QualityCharts({ appId, peerId, events, range, findings = [], thresholds }: QualityChartsProps) {
  const params = useSearchParams();
  const chosenParam = params.get(CHOSEN_FINDING_PARAM);
  const chosen = findings.some((f) => f.id === chosenParam) ? chosenParam : null;
  const tz = params.get("tz") === "local" ? "local" : "utc";
  const { data, error, isLoading } = usePeerQuality(appId, peerId);
  const [group] = useState(() => new ChartGroup());
  useEffect(() => {
    if (data) performance.mark("inspector:chart-data");
  }, [data]);
  const tracks = useMemo(() => data?.tracks ?? [], [data]);
  const mosScaleEvident = data?.mosScaleEvident ?? false;
  const mosY = useMemo(() => mosAxis(mosScaleEvident), [mosScaleEvident]);

  const full = useMemo(() => callRange(range, data?.completeness), [data, range]);
  const win = windowFromParams(params, full) ?? full;

  const onZoom = useCallback((from: number, to: number) => setWindowInUrl(from, to), []);
  const formatTick = useCallback((ms: number) => (tz === "utc" ? formatUtcClock(ms) : formatLocalClock(ms)), [tz]);
  // Local ticks fall on the reader's round hours even in a half-hour zone (the offset at the
  // window's start; a DST change inside the window shifts the later ticks by its hour).
  const tickOffsetMs = tz === "local" ? -new Date(win.start).getTimezoneOffset() * 60_000 : 0;
  const formatTime = useCallback((ms: number) => (tz === "utc" ? formatUtc(ms) : formatLocal(ms)), [tz]);
  const markers = useMemo<Marker[]>(
    () => events.map((e) => ({ t: e.t, color: EVENT_COLORS[eventCategory(e.name)] })),
    [events],
  );
  const shades = useMemo<Record<Shade, Band[]>>(
    () => ({
      limits: limitationBands(tracks),
      mic: offBands(events, "audio_off", "audio_on", full.end),
      camera: offBands(events, "video_off", "video_on", full.end),
    }),
    [tracks, events, full.end],
  );
  // Per chart: the findings' episodes (the chosen finding's outlined) and the threshold levels.
  const findingBands = useMemo(() => {
    const out = new Map<ChartId, { bands: Band[]; chosen: number }>();
    for (const spec of CHARTS) {
      const bands = bandsForChart(findings, spec.id, chosen);
      out.set(spec.id, {
        bands: bands.map((b) =>
          b.chosen
            ? {
                from: b.from,
                to: b.to,
                color: FINDING_BANDS.chosen[b.severity],
                outline: FINDING_BANDS.outline[b.severity],
              }
            : { from: b.from, to: b.to, color: b.severity === "poor" ? FINDING_BANDS.poor : FINDING_BANDS.warn },
        ),
        chosen: bands.filter((b) => b.chosen).length,
      });
    }
    return out;
  }, [findings, chosen]);
  const levelsByChart = useMemo(() => {
    const out = new Map<ChartId, { lines: ThresholdLine[]; levels: Level[] }>();
    if (!thresholds) return out;
    for (const spec of CHARTS) {
      const lines = thresholdLines(spec.id, thresholds, mosScaleEvident);
      out.set(spec.id, { lines, levels: lines.map((l) => ({ ...l, color: THRESHOLD_LINES[l.level] })) });
    }
    return out;
  }, [thresholds, mosScaleEvident]);
  const seriesByChart = useMemo(() => {
    const out = new Map<string, QualitySeries[]>();
    const gapStarts = new Map(tracks.map((t) => [t.key, new Set(t.gaps.map((g) => g.from))]));
    for (const spec of CHARTS) {
      const series = tracks
        .filter((t) => t.metrics[spec.metric] && (!spec.kinds || spec.kinds.includes(t.kind)))
        .map((t) => ({
          label: label(t),
          ...trackStyle(t.key),
          t: t.t,
          y: t.metrics[spec.metric] ?? [],
          gapStarts: gapStarts.get(t.key) ?? new Set<number>(),
        }));
      // Lines drawn exactly over another (say, round-trip time of audio and video on one
      // connection) are named as such, or the hidden one seems to be missing.
      const same = coincidesWith(series);
      if (series.length)
        out.set(
          spec.id,
          series.map((one, i) =>
            same[i] == null ? one : { ...one, label: `${one.label} (= ${series[same[i]]?.label})` },
          ),
        );
    }
    return out;
  }, [tracks]);

  if (error) {
    return (
      <div className="notice notice-error" role="status" data-testid="charts-error">
        <strong>Could not load the quality samples</strong>
        {error.message}
      </div>
    );
  }
  if (isLoading || !data) {
    return (
      <div className="stack" aria-busy="true" aria-label="Loading quality charts">
        {CHARTS.slice(0, 4).map((c) => (
          <div key={c.metric} className="skeleton" style={{ height: 170 }} />
        ))}
      </div>
    );
  }
  if (tracks.length === 0) {
    const c = data.completeness;
    return (
      <div className="notice notice-info" role="status" data-testid="charts-empty">
        <strong>No quality samples to chart for this peer</strong>
        {c.sections.quality === "unreadable"
          ? `The client uploaded ${c.receivedSamples} sample${c.receivedSamples === 1 ? "" : "s"}, ` +
            "and not one had a readable time (or one a call can have): nothing can be placed on a time axis." +
            (data.summaries?.length ? " RealtimeKit's own summary of the call is below." : "")
          : data.summaries?.length
            ? "RealtimeKit returned no time series, only its own summary of the call (below): " +
              "media flowed, but nothing can be placed on a time axis."
            : "RealtimeKit returned " +
              (c.sections.quality === "missing" ? "no quality section" : "empty quality series") +
              ": the participant may have sent and received no media, " +
              "left before the first sample (about 7 s), or used an SDK that does not upload stats."}
      </div>
    );
  }

  const zoomed = win.start > full.start || win.end < full.end;
  const myZone = describeZone(win.start);
  return (
    <div className="stack">
      <div className="row no-print" style={{ justifyContent: "space-between" }}>
        <span className="muted" data-testid="chart-window">
          Showing {formatTime(win.start)} – {formatTime(win.end)}. Drag across a chart to zoom, Ctrl + wheel to zoom
          around the pointer; on a focused chart, arrow keys read the values.
        </span>
        <span className="row">
          {chosen ? (
            <button
              type="button"
              className="btn btn-small"
              data-testid="clear-finding"
              onClick={() => updateQuery({ [CHOSEN_FINDING_PARAM]: null }, "replace")}
            >
              Clear highlight
            </button>
          ) : null}
          <button type="button" className="btn btn-small" onClick={() => setWindowInUrl(null, null)} disabled={!zoomed}>
            Reset zoom
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={tz === "local"}
            onClick={() => updateQuery({ tz: tz === "utc" ? "local" : null }, "replace")}
          >
            {/* Whose local time: the page also shows the participant's own clock. */}
            {tz === "utc" ? `Show my local time${myZone ? ` (${myZone})` : ""}` : "Show UTC"}
          </button>
        </span>
      </div>
      <div className="chart-grid">
        {CHARTS.map((spec) => {
          const series = seriesByChart.get(spec.id);
          if (!series) return null;
          const { lines, levels } = levelsByChart.get(spec.id) ?? { lines: [], levels: [] };
          const marked = findingBands.get(spec.id);
          return (
            <QualityChart
              key={spec.id}
              testId={`chart-${spec.id}`}
              title={spec.title}
              unit={spec.unit}
              series={series}
              min={win.start}
              max={win.end}
              group={group}
              bands={[...(spec.shade ?? []).flatMap((k) => shades[k]), ...(marked?.bands ?? [])]}
              highlighted={marked?.chosen ?? 0}
              levels={levels}
              markers={markers}
              formatTick={formatTick}
              tickOffsetMs={tickOffsetMs}
              formatTime={formatTime}
              onZoom={onZoom}
              suggestedMax={suggestedMaxWith(lines, spec.suggestedMax)}
              yAxis={spec.id === "mos" ? mosY : undefined}
            />
          );
        })}
      </div>
      <p className="print-only chart-key" data-testid="chart-key">
        {tracks.map((t) => (
          <span key={t.key}>
            <span
              className="swatch"
              style={{
                borderColor: trackStyle(t.key).color,
                borderStyle: trackStyle(t.key).dashed ? "dashed" : "solid",
              }}
            />
            {label(t)}
          </span>
        ))}
      </p>
      <p className="muted chart-footnote" style={{ margin: 0, fontSize: 12 }}>
        Solid lines: sent; dashed: received. Shaded: video sender limited by CPU (orange) or bandwidth (purple); grey:
        their microphone muted (audio charts) or camera off (video charts); faint amber or red: a finding&apos;s warn or
        poor episodes, outlined when highlighted from the findings. Thin dashed lines across a chart: the warn (amber)
        and poor (red) levels the findings use. Triangles: client events. Breaks in a line are sampling gaps. &ldquo;(=
        audio sent)&rdquo; in a key: that line lies exactly on the audio one, as round-trip time does for everything
        sent over one connection. MOS is drawn as RealtimeKit reported it, on a scale it does not document:{" "}
        {mosScaleEvident
          ? "values above 1 suggest the usual 1–5, so its axis runs 1–5."
          : "no value above 1 here, so nothing shows the scale (1 may be the best or the worst)."}
      </p>
    </div>
  );
}
