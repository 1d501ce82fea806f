import type { TrackKey } from "@/lib/realtimekit/types";
import type { Finding, RuleId } from "@/lib/report/findings";
import type { Thresholds } from "@/lib/report/thresholds";

/**
 * Which findings go on which quality chart, and the warn and poor levels each chart draws
 * (docs/findings.md, "On the charts"). Pure: the page hands the charts this compact form of its
 * findings, and the chart code maps it to bands and lines.
 */

/** The quality charts, by id (components/peer/quality-charts.tsx). */
export type ChartId =
  | "lossPct"
  | "jitterMs"
  | "rttMs"
  | "bitrateKbps"
  | "audioBitrateKbps"
  | "fps"
  | "frameHeightPx"
  | "mos"
  | "jitterBufferMs";

const ALL_CHARTS: readonly ChartId[] = [
  "lossPct",
  "jitterMs",
  "rttMs",
  "bitrateKbps",
  "audioBitrateKbps",
  "fps",
  "frameHeightPx",
  "mos",
  "jitterBufferMs",
];

/** What the charts need of a finding: small enough to hand from the server page to the chart chunk. */
export interface ChartFinding {
  id: string;
  rule: RuleId;
  severity: Finding["severity"];
  tracks: TrackKey[];
  episodes: { start: number; end: number; severity: Finding["severity"] }[];
}

export function chartFindings(findings: readonly Finding[]): ChartFinding[] {
  return findings
    .filter((f) => f.episodes.length > 0)
    .map((f) => ({
      id: f.id,
      rule: f.rule,
      severity: f.severity,
      tracks: f.tracks,
      episodes: f.episodes.map((e) => ({ start: e.start, end: e.end, severity: e.severity })),
    }));
}

/** The charts of the metric a rule measures. */
const RULE_CHARTS: Partial<Record<RuleId, readonly ChartId[]>> = {
  loss: ["lossPct"],
  jitter: ["jitterMs"],
  rtt: ["rttMs"],
  mos: ["mos"],
  fps: ["fps"],
  resolution: ["frameHeightPx"],
  // Already shaded by the sender's own limitation samples on bitrate and frame rate: the finding
  // adds its band where the line shows the effect without that shading, and its outline when chosen.
  cpu: ["bitrateKbps", "fps", "frameHeightPx"],
  bandwidth: ["bitrateKbps", "fps", "frameHeightPx"],
  // A dropped connection leaves every line broken at once.
  reconnect: ALL_CHARTS,
};

/** Charts where a limitation finding's band would repeat the limitation shading already there. */
const LIMITATION_SHADED: readonly ChartId[] = ["bitrateKbps", "fps"];

/**
 * The charts a finding's episodes belong on: its metric's chart; bitrate by the kind of its tracks
 * for media that never flowed. Context findings (a tab in the background, a device change) concern
 * no metric: they are drawn only when chosen, then on every chart.
 */
export function chartsOf(f: Pick<ChartFinding, "rule" | "tracks">): readonly ChartId[] {
  if (f.rule === "empty-media") {
    const out: ChartId[] = [];
    if (f.tracks.some((k) => k.includes("video"))) out.push("bitrateKbps");
    if (f.tracks.some((k) => k.includes("audio"))) out.push("audioBitrateKbps");
    return out;
  }
  return RULE_CHARTS[f.rule] ?? [];
}

export interface FindingBand {
  from: number;
  to: number;
  severity: "warn" | "poor" | "info";
  /** Of the finding chosen in the findings panel: drawn stronger, and outlined. */
  chosen: boolean;
}

/**
 * The bands one chart draws: every warn and poor episode of the findings it concerns (not the
 * ones its limitation shading already shows), and all episodes of the chosen finding, which a
 * finding about no metric puts on every chart.
 */
export function bandsForChart(
  findings: readonly ChartFinding[],
  chart: ChartId,
  chosenId: string | null,
): FindingBand[] {
  const out: FindingBand[] = [];
  for (const f of findings) {
    const chosen = f.id === chosenId;
    const charts = chartsOf(f);
    const mine = charts.includes(chart);
    if (!chosen && (!mine || f.severity === "info")) continue;
    if (!chosen && (f.rule === "cpu" || f.rule === "bandwidth") && LIMITATION_SHADED.includes(chart)) continue;
    if (chosen && !mine && charts.length > 0) continue;
    for (const e of f.episodes) {
      if (!chosen && e.severity === "info") continue;
      out.push({ from: e.start, to: e.end, severity: e.severity, chosen });
    }
  }
  // The chosen ones last, so they are drawn over the others.
  return out.sort((a, b) => Number(a.chosen) - Number(b.chosen));
}

export interface ThresholdLine {
  level: "warn" | "poor";
  /** In the chart's own unit. */
  value: number;
  /** "warn ≥ 5 %", for the chart's label and its screen-reader description. */
  label: string;
}

/**
 * The warn and poor levels a chart's metric is judged by, in its unit, as the findings apply them
 * (lib/report/thresholds.ts). MOS only when the report shows its scale, as the findings judge it.
 */
export function thresholdLines(chart: ChartId, t: Thresholds, mosScaleEvident: boolean): ThresholdLine[] {
  const band = (value: { warn: number; poor: number }, op: string, unit: string): ThresholdLine[] => [
    { level: "warn", value: value.warn, label: `warn ${op} ${value.warn}${unit}` },
    { level: "poor", value: value.poor, label: `poor ${op} ${value.poor}${unit}` },
  ];
  switch (chart) {
    case "lossPct":
      return band(t.lossPct, "≥", " %");
    case "jitterMs":
      return band(t.jitterMs, ">", " ms");
    case "rttMs":
      return band(t.rttMs, ">", " ms");
    case "fps":
      return band(t.fps, "<", " fps");
    case "mos":
      return mosScaleEvident ? band(t.mos, "<", "") : [];
    case "frameHeightPx":
      // Warn only: a drop below this from higher (the resolution rule).
      return [
        {
          level: "warn",
          value: t.resolution.dropBelowPx,
          label: `warn < ${t.resolution.dropBelowPx} px`,
        },
      ];
    default:
      return [];
  }
}

/** A y-axis top that shows the warn line with some room, without squashing a good call's line under the poor one. */
export function suggestedMaxWith(
  lines: readonly ThresholdLine[],
  suggestedMax: number | undefined,
): number | undefined {
  const warn = lines.find((l) => l.level === "warn");
  if (!warn) return suggestedMax;
  return Math.max(suggestedMax ?? 0, warn.value * 1.15);
}
