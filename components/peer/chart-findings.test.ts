import { describe, expect, it } from "vitest";
import { findings } from "@/lib/report/findings";
import { at, bump, report, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS, parseThresholds } from "@/lib/report/thresholds";
import {
  bandsForChart,
  chartFindings,
  chartsOf,
  suggestedMaxWith,
  thresholdLines,
  type ChartFinding,
} from "./chart-findings";

const D = DEFAULT_THRESHOLDS;

function f(
  id: string,
  rule: ChartFinding["rule"],
  severity: ChartFinding["severity"],
  tracks: ChartFinding["tracks"] = [],
) {
  return { id, rule, severity, tracks, episodes: [{ start: at(10), end: at(40), severity }] } satisfies ChartFinding;
}

describe("which findings go on which chart", () => {
  it("puts a metric's finding on that metric's chart only", () => {
    const list = [f("loss-0", "loss", "poor", ["audio_producer"]), f("jitter-0", "jitter", "warn", ["audio_consumer"])];
    expect(bandsForChart(list, "lossPct", null)).toEqual([
      { from: at(10), to: at(40), severity: "poor", chosen: false },
    ]);
    expect(bandsForChart(list, "jitterMs", null)).toEqual([
      { from: at(10), to: at(40), severity: "warn", chosen: false },
    ]);
    expect(bandsForChart(list, "rttMs", null)).toEqual([]);
  });

  it("marks the chosen finding's episodes, drawn last; a context finding only when chosen, then on every chart", () => {
    const list = [f("loss-0", "loss", "poor"), f("jitter-0", "jitter", "warn"), f("bg-0", "background", "warn")];
    expect(bandsForChart(list, "lossPct", "jitter-0")).toHaveLength(1);
    expect(bandsForChart(list, "jitterMs", "jitter-0")).toEqual([expect.objectContaining({ chosen: true })]);
    for (const chart of ["lossPct", "mos", "bitrateKbps"] as const) {
      expect(bandsForChart(list, chart, null).some((b) => b.severity === "warn")).toBe(false);
      expect(bandsForChart(list, chart, "bg-0").at(-1)).toMatchObject({ chosen: true, severity: "warn" });
    }
  });

  it("leaves limitation findings off the charts their own shading already marks, unless chosen", () => {
    const cpu = [f("cpu-0", "cpu", "warn", ["video_producer"])];
    expect(bandsForChart(cpu, "bitrateKbps", null)).toEqual([]);
    expect(bandsForChart(cpu, "frameHeightPx", null)).toHaveLength(1);
    expect(bandsForChart(cpu, "bitrateKbps", "cpu-0")).toEqual([expect.objectContaining({ chosen: true })]);
    expect(bandsForChart(cpu, "lossPct", "cpu-0")).toEqual([]);
  });

  it("puts media that never flowed on the bitrate chart of its kind, and a dropped connection everywhere", () => {
    expect(chartsOf({ rule: "empty-media", tracks: ["audio_producer"] })).toEqual(["audioBitrateKbps"]);
    expect(chartsOf({ rule: "empty-media", tracks: ["video_consumer"] })).toEqual(["bitrateKbps"]);
    expect(chartsOf({ rule: "reconnect", tracks: [] })).toContain("jitterBufferMs");
    expect(bandsForChart([f("info-0", "transport", "info")], "lossPct", null)).toEqual([]);
  });

  it("keeps what the charts need of real findings, and drops findings without episodes", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
    const compact = chartFindings(findings(r, D));
    const loss = compact.find((c) => c.rule === "loss");
    expect(loss).toMatchObject({ severity: "poor", tracks: ["audio_producer"] });
    expect(Object.keys(loss?.episodes[0] ?? {})).toEqual(["start", "end", "severity"]);
    expect(compact.every((c) => c.episodes.length > 0)).toBe(true);
  });
});

describe("threshold lines", () => {
  it("draws each metric's warn and poor levels in its own unit", () => {
    expect(thresholdLines("lossPct", D, false)).toEqual([
      { level: "warn", value: 5, label: "warn ≥ 5 %" },
      { level: "poor", value: 10, label: "poor ≥ 10 %" },
    ]);
    expect(thresholdLines("jitterMs", D, false).map((l) => l.label)).toEqual(["warn > 30 ms", "poor > 60 ms"]);
    expect(thresholdLines("rttMs", D, false).map((l) => l.value)).toEqual([300, 500]);
    expect(thresholdLines("fps", D, false).map((l) => l.label)).toEqual(["warn < 15 fps", "poor < 7 fps"]);
    expect(thresholdLines("frameHeightPx", D, false)).toEqual([{ level: "warn", value: 360, label: "warn < 360 px" }]);
    expect(thresholdLines("bitrateKbps", D, false)).toEqual([]);
  });

  it("draws MOS levels only when the report shows its scale, and follows the deployment's thresholds", () => {
    expect(thresholdLines("mos", D, false)).toEqual([]);
    expect(thresholdLines("mos", D, true).map((l) => l.value)).toEqual([3.5, 2.5]);
    const custom = parseThresholds('{"lossPct":{"warn":3,"poor":8}}').thresholds;
    expect(thresholdLines("lossPct", custom, false).map((l) => l.value)).toEqual([3, 8]);
  });

  it("raises the axis to show the warn line, not the poor one", () => {
    expect(suggestedMaxWith(thresholdLines("lossPct", D, false), 5)).toBeCloseTo(5.75);
    expect(suggestedMaxWith(thresholdLines("fps", D, false), 30)).toBe(30);
    expect(suggestedMaxWith([], 64)).toBe(64);
  });
});
