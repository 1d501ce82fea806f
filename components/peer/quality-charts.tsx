"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import useSWR from "swr";
import { ChartGroup, QualityChart, type Band, type Marker, type QualitySeries } from "@/components/charts/chart-line-quality";
import { formatLocal, formatLocalClock, formatUtc, formatUtcClock } from "@/lib/format";
import type { ClientEvent, Completeness, Metric, Track } from "@/lib/realtimekit/types";
import { fetcher, type FetchError } from "@/lib/swr/fetcher";
import { eventCategory, EVENT_COLORS } from "./event-categories";
import { updateQuery } from "@/lib/url-state";
import { qualityUrl } from "./quality-url";
import { callRange, setWindowInUrl, windowFromParams } from "./window";

const CHARTS: { metric: Metric; title: string; unit: string; bands?: boolean; suggestedMax?: number }[] = [
  { metric: "lossPct", title: "Packet loss", unit: "%", suggestedMax: 5 },
  { metric: "jitterMs", title: "Jitter", unit: "ms", suggestedMax: 30 },
  { metric: "rttMs", title: "Round-trip time", unit: "ms", suggestedMax: 200 },
  { metric: "bitrateKbps", title: "Bitrate", unit: "kbps", bands: true },
  { metric: "fps", title: "Frame rate", unit: "fps", bands: true, suggestedMax: 30 },
  { metric: "frameHeightPx", title: "Resolution (frame height)", unit: "px" },
  { metric: "mos", title: "MOS", unit: "1–5", suggestedMax: 5 },
  { metric: "jitterBufferMs", title: "Jitter buffer delay", unit: "ms" },
];

const TRACK_STYLE: Record<string, { color: string; dashed?: boolean }> = {
  audio_producer: { color: "#1d4ed8" },
  video_producer: { color: "#7c3aed" },
  audio_consumer: { color: "#0891b2", dashed: true },
  video_consumer: { color: "#db2777", dashed: true },
  screenshare_video_producer: { color: "#a16207" },
  screenshare_audio_producer: { color: "#65a30d" },
  screenshare_video_consumer: { color: "#ea580c", dashed: true },
  screenshare_audio_consumer: { color: "#0d9488", dashed: true },
};

const LIMITATION_COLORS: Record<string, string> = { cpu: "rgba(234, 88, 12, 0.14)", bandwidth: "rgba(124, 58, 237, 0.12)" };

function label(t: Track): string {
  return `${t.screenshare ? "screen " : ""}${t.kind} ${t.direction === "send" ? "sent" : "received"}`;
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
    if (reason && start !== null) bands.push({ from: start, to: t.t[t.t.length - 1] as number, color: LIMITATION_COLORS[reason] as string });
  }
  return bands;
}

export default function QualityCharts({ appId, peerId, events, range }: { appId: string; peerId: string; events: ClientEvent[]; range: { start: number; end: number } }) {
  const params = useSearchParams();
  const tz = params.get("tz") === "local" ? "local" : "utc";
  const { data, error, isLoading } = useSWR<{ tracks?: Track[]; completeness: Completeness }, FetchError>(
    qualityUrl(appId, peerId),
    fetcher,
    { revalidateOnFocus: false },
  );
  const [group] = useState(() => new ChartGroup());
  const tracks = useMemo(() => data?.tracks ?? [], [data]);

  const full = useMemo(() => callRange(range, data?.completeness), [data, range]);
  const win = windowFromParams(params, full) ?? full;

  const onZoom = useCallback((from: number, to: number) => setWindowInUrl(from, to), []);
  const formatTick = useCallback((ms: number) => (tz === "utc" ? formatUtcClock(ms) : formatLocalClock(ms)), [tz]);
  const formatTime = useCallback((ms: number) => (tz === "utc" ? formatUtc(ms) : formatLocal(ms)), [tz]);
  const markers = useMemo<Marker[]>(() => events.map((e) => ({ t: e.t, color: EVENT_COLORS[eventCategory(e.name)] })), [events]);
  const bands = useMemo(() => limitationBands(tracks), [tracks]);
  const seriesByMetric = useMemo(() => {
    const out = new Map<Metric, QualitySeries[]>();
    const gapStarts = new Map(tracks.map((t) => [t.key, new Set(t.gaps.map((g) => g.from))]));
    for (const spec of CHARTS) {
      const series = tracks
        .filter((t) => t.metrics[spec.metric])
        .map((t) => ({
          label: label(t),
          color: TRACK_STYLE[t.key]?.color ?? "#444",
          dashed: TRACK_STYLE[t.key]?.dashed,
          t: t.t,
          y: t.metrics[spec.metric] ?? [],
          gapStarts: gapStarts.get(t.key) ?? new Set<number>(),
        }));
      if (series.length) out.set(spec.metric, series);
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
    return (
      <div className="notice notice-info" role="status" data-testid="charts-empty">
        <strong>No quality samples for this peer</strong>
        RealtimeKit returned {data.completeness.sections.quality === "missing" ? "no quality section" : "empty quality series"}: the participant may have
        sent and received no media, left before the first sample (about 7 s), or used an SDK that does not upload stats.
      </div>
    );
  }

  const zoomed = win.start > full.start || win.end < full.end;
  return (
    <div className="stack">
      <div className="row no-print" style={{ justifyContent: "space-between" }}>
        <span className="muted" data-testid="chart-window">
          Showing {formatTime(win.start)} – {formatTime(win.end)}. Drag across a chart to zoom, Ctrl + wheel to zoom around the pointer.
        </span>
        <span className="row">
          <button type="button" className="btn btn-small" onClick={() => setWindowInUrl(null, null)} disabled={!zoomed}>
            Reset zoom
          </button>
          <button type="button" className="btn btn-small" aria-pressed={tz === "local"} onClick={() => updateQuery({ tz: tz === "utc" ? "local" : null }, "replace")}>
            {tz === "utc" ? "Show local time" : "Show UTC"}
          </button>
        </span>
      </div>
      <div className="chart-grid">
        {CHARTS.map((spec) => {
          const series = seriesByMetric.get(spec.metric);
          if (!series) return null;
          return (
            <QualityChart
              key={spec.metric}
              testId={`chart-${spec.metric}`}
              title={spec.title}
              unit={spec.unit}
              series={series}
              min={win.start}
              max={win.end}
              group={group}
              bands={spec.bands ? bands : []}
              markers={markers}
              formatTick={formatTick}
              formatTime={formatTime}
              onZoom={onZoom}
              suggestedMax={spec.suggestedMax}
            />
          );
        })}
      </div>
      <p className="muted" style={{ margin: 0, fontSize: 12 }}>
        Solid lines: sent; dashed: received. Shaded: video sender limited by CPU (orange) or bandwidth (purple). Triangles: client events. Breaks in a line
        are sampling gaps.
      </p>
    </div>
  );
}
