import { describe, expect, it } from "vitest";
import { HEATMAP } from "@/components/charts/palette";
import type { SessionHeatmap } from "@/lib/validations/session-quality";
import {
  badRuns,
  cellColumns,
  cellCount,
  columnCell,
  columnStartMs,
  columnsUtc,
  downsample,
  downsampleShare,
  everyoneRuns,
  everyoneText,
  heatmapGeometry,
  hitTest,
  moveCursor,
  peerWindow,
  REST_GAP_PX,
  restLabel,
  ROW_GAP_PX,
  ROW_PX,
  rowLabel,
  rowName,
  rowTop,
  shareText,
  startCursor,
  STRIP_GAP_PX,
  STRIP_PX,
  tickUtc,
  timeTicks,
  worstIn,
} from "./heatmap-layout";

const START = Date.UTC(2026, 10, 25, 11, 0, 0);

function heatmap(over: Partial<SessionHeatmap> = {}): SessionHeatmap {
  const rows = over.rows ?? [
    { peerId: "peer-aaaaaaaaaaaa", name: "Ann", level: "poor" as const, levels: "ggppgg" },
    { peerId: "peer-bbbbbbbbbbbb", name: null, level: "degraded" as const, levels: "gdgg--" },
  ];
  const intervals = over.intervals ?? 6;
  return {
    startMs: START,
    stepS: 30,
    intervals,
    share: { sampled: [2, 2, 2, 2, 1, 1], degraded: [0, 1, 0, 0, 0, 0], poor: [0, 0, 1, 1, 0, 0] },
    rows,
    rest: null,
    ...over,
  };
}

describe("columns and time", () => {
  it("puts column k at start + k × 30 s, and the span ends after the last column", () => {
    const h = heatmap();
    expect(new Date(columnStartMs(h, 0)).toISOString()).toBe("2026-11-25T11:00:00.000Z");
    expect(new Date(columnStartMs(h, 3)).toISOString()).toBe("2026-11-25T11:01:30.000Z");
    expect(columnsUtc(h, 2, 4)).toBe("11:01:00–11:02:00 UTC");
  });

  it("ticks on round minutes within the span, fewer when narrow, labelled HH:MM", () => {
    // 4 h of 30 s columns.
    const h = heatmap({ intervals: 480 });
    const wide = timeTicks(h, 1200);
    expect(wide.length).toBeGreaterThan(4);
    expect(wide.length).toBeLessThanOrEqual(1200 / 56);
    for (const t of wide) expect(t % 60_000).toBe(0);
    expect(wide[0]).toBe(START);
    expect(wide.at(-1)).toBeLessThanOrEqual(START + 4 * 3600_000);
    expect(wide.map(tickUtc).slice(0, 2)).toEqual(["11:00", "11:15"]);
    const narrow = timeTicks(h, 300);
    expect(narrow.length).toBeLessThanOrEqual(300 / 56);
    expect(narrow.map(tickUtc)).toEqual(["11:00", "12:00", "13:00", "14:00", "15:00"]);
    expect(timeTicks(h, 20)).toEqual([]);
  });
});

describe("scaling columns to the width", () => {
  it("draws a cell per column when they fit, one per pixel when they do not", () => {
    expect(cellCount(6, 600)).toBe(6);
    expect(cellCount(480, 300.7)).toBe(300);
    expect(cellCount(0, 300)).toBe(0);
    expect(cellCount(480, 0)).toBe(1);
  });

  it("gives every column to exactly one cell, in order", () => {
    for (const [cells, intervals] of [
      [300, 480],
      [7, 13],
      [6, 6],
      [1, 480],
    ] as const) {
      let next = 0;
      for (let i = 0; i < cells; i++) {
        const [from, to] = cellColumns(i, cells, intervals);
        expect(from).toBe(next);
        expect(to).toBeGreaterThan(from);
        for (let c = from; c < to; c++) expect(columnCell(c, cells, intervals)).toBe(i);
        next = to;
      }
      expect(next).toBe(intervals);
    }
  });

  it("shows the worst column of a cell, so one poor 30 s among many good still shows", () => {
    expect(worstIn("ggdgp-", 0, 4)).toBe("d");
    expect(worstIn("ggdgp-", 0, 6)).toBe("p");
    expect(worstIn("----", 0, 4)).toBe("-");
    expect(worstIn("-g--", 0, 4)).toBe("g");
    // Past the end of a short timeline: no samples, not an error.
    expect(worstIn("g", 0, 4)).toBe("g");
    expect(downsample("gpggggdg", 4, 8)).toEqual(["p", "g", "g", "d"]);
    expect(downsample("gpggggdg", 8, 8).join("")).toBe("gpggggdg");
    const long = `${"g".repeat(300)}p${"g".repeat(179)}`;
    expect(downsample(long, 200, 480).filter((l) => l === "p")).toHaveLength(1);
  });

  it("shows the strip's worst column of a cell, not an average that hides a dip", () => {
    const share = { sampled: [10, 10, 10, 0], degraded: [0, 8, 1, 0], poor: [0, 1, 0, 0] };
    expect(downsampleShare(share, 2, 4)).toEqual([
      { sampled: 10, degraded: 8, poor: 1 },
      { sampled: 10, degraded: 1, poor: 0 },
    ]);
    expect(downsampleShare({ sampled: [0, 0], degraded: [0, 0], poor: [0, 0] }, 1, 2)).toEqual([null]);
  });
});

describe("hit testing", () => {
  const h = heatmap({ rest: { count: 940, levels: "gggpgg" } });
  const g = heatmapGeometry(h, 600);
  const rowY = (row: number) => rowTop(g, row) + ROW_PX / 2;

  it("lays out the strip, the rows and, after a wider gap, the aggregated row", () => {
    expect(g.rowCount).toBe(3);
    expect(rowTop(g, -1)).toBe(0);
    expect(rowTop(g, 0)).toBe(STRIP_PX + STRIP_GAP_PX);
    expect(rowTop(g, 1) - rowTop(g, 0)).toBe(ROW_PX + ROW_GAP_PX);
    expect(rowTop(g, 2) - rowTop(g, 1)).toBe(ROW_PX + REST_GAP_PX);
    expect(g.height).toBe(rowTop(g, 2) + ROW_PX);
  });

  it("finds the row and the cell's columns from x and y", () => {
    expect(hitTest(g, 0, rowY(0))).toEqual({ row: 0, from: 0, to: 1 });
    expect(hitTest(g, 599, rowY(1))).toEqual({ row: 1, from: 5, to: 6 });
    expect(hitTest(g, 250, rowY(2))).toEqual({ row: 2, from: 2, to: 3 });
    expect(hitTest(g, 10, 5)).toEqual({ row: -1, from: 0, to: 1 });
    // A row's 1 px gap belongs to it, so the pointer does not flicker between rows.
    expect(hitTest(g, 10, rowTop(g, 0) + ROW_PX)).toEqual({ row: 0, from: 0, to: 1 });
  });

  it("finds nothing off the cells: outside, under the strip, before the aggregated row", () => {
    expect(hitTest(g, -1, rowY(0))).toBeNull();
    expect(hitTest(g, 600, rowY(0))).toBeNull();
    expect(hitTest(g, 10, g.height)).toBeNull();
    expect(hitTest(g, 10, STRIP_PX + 1)).toBeNull();
    expect(hitTest(g, 10, rowTop(g, 2) - 2)).toBeNull();
    expect(hitTest(g, Number.NaN, 10)).toBeNull();
  });

  it("gives a narrow plot's cell all the columns it draws", () => {
    const wide = heatmap({ intervals: 480 });
    const narrow = heatmapGeometry(wide, 240);
    expect(narrow.cells).toBe(240);
    expect(hitTest(narrow, 100.5, rowTop(narrow, 0) + 1)).toEqual({ row: 0, from: 200, to: 202 });
  });
});

describe("links", () => {
  const h = heatmap({ intervals: 480 });

  it("opens a few minutes around the cell", () => {
    expect(peerWindow(h, 100, 101)).toEqual({ from: "2026-11-25T11:48:00.000Z", to: "2026-11-25T11:52:30.000Z" });
  });

  it("clamps the window to the heatmap's span at either end", () => {
    expect(peerWindow(h, 0, 1)).toEqual({ from: "2026-11-25T11:00:00.000Z", to: "2026-11-25T11:02:30.000Z" });
    expect(peerWindow(h, 479, 480)).toEqual({ from: "2026-11-25T14:57:30.000Z", to: "2026-11-25T15:00:00.000Z" });
  });
});

describe("labels", () => {
  it("names a row by the page's name, else the verdict's, else the peer id's start", () => {
    const row = { peerId: "0f3c9a2e-77aa-4e1b-9c1d-1234", name: "Verdict Name" };
    expect(rowName(row, { [row.peerId]: "Page Name" })).toBe("Page Name");
    expect(rowName(row, { [row.peerId]: "  " })).toBe("Verdict Name");
    expect(rowName(row)).toBe("Verdict Name");
    expect(rowName({ ...row, name: null })).toBe("0f3c9a2e…");
    expect(rowName({ peerId: "short", name: null })).toBe("short");
  });

  it("reads only a names map's own entries", () => {
    expect(rowName({ peerId: "constructor", name: null }, {})).toBe("construc…");
    expect(rowName({ peerId: "__proto__", name: "Eve" }, {})).toBe("Eve");
  });

  it("cuts long names to fit beside the heatmap, leaving short ones whole", () => {
    expect(rowLabel("Ann")).toBe("Ann");
    const long = "Dr. Maximilian Alexander von Habsburg-Lothringen";
    expect(rowLabel(long)).toBe("Dr. Maximilian Alexander…");
    expect([...rowLabel(long)]).toHaveLength(25);
    expect([...rowLabel("x".repeat(40))]).toHaveLength(26);
    expect(rowLabel("<img src=x onerror=alert(1)>", 10)).toBe("<img src=…");
  });

  it("words the aggregated row", () => {
    expect(restLabel(940)).toBe("940 others (worst of them)");
    expect(restLabel(1)).toBe("1 other (worst of them)");
    expect(restLabel(1200)).toBe("1,200 others (worst of them)");
  });

  it("words a strip column", () => {
    expect(shareText({ sampled: 6, degraded: 3, poor: 2 })).toBe(
      "5 of 6 checked participants degraded or poor (83 %): 2 poor, 3 degraded",
    );
    expect(shareText({ sampled: 4, degraded: 0, poor: 0 })).toBe("0 of 4 checked participants degraded or poor (0 %)");
    expect(shareText({ sampled: 0, degraded: 0, poor: 0 })).toBe("no checked participant had samples");
    expect(everyoneText({ sampled: 1000, degraded: 400, poor: 450 })).toBe(
      "850 of 1,000 checked participants degraded or poor (85 %)",
    );
  });
});

describe("stretches", () => {
  it("finds a row's bad stretches with their worst level", () => {
    expect(badRuns("ggdpdgg-dd")).toEqual([
      { from: 2, to: 5, level: "p" },
      { from: 8, to: 10, level: "d" },
    ]);
    expect(badRuns("gg--")).toEqual([]);
  });

  it("finds where most checked participants were bad at once, never one person alone", () => {
    const share = {
      sampled: [6, 6, 6, 6, 1, 6],
      degraded: [0, 2, 5, 1, 0, 0],
      poor: [0, 2, 1, 0, 1, 0],
    };
    expect(everyoneRuns(share, 6)).toEqual([{ from: 1, to: 3, peak: { sampled: 6, degraded: 5, poor: 1 } }]);
  });
});

describe("the keyboard cursor", () => {
  it("starts on the worst row's first poor interval", () => {
    expect(startCursor(heatmap())).toEqual({ row: 0, col: 2 });
    expect(startCursor(heatmap({ rows: [{ peerId: "x", name: null, level: "degraded", levels: "ggdd" }] }))).toEqual({
      row: 0,
      col: 2,
    });
    expect(startCursor(heatmap({ rows: [] }))).toEqual({ row: -1, col: 0 });
  });

  it("steps a column or a row, stops at the edges, and reaches the strip above the rows", () => {
    const at = { row: 0, col: 0 };
    expect(moveCursor(at, "ArrowRight", 3, 480)).toEqual({ row: 0, col: 1 });
    expect(moveCursor(at, "ArrowLeft", 3, 480)).toEqual({ row: 0, col: 0 });
    expect(moveCursor(at, "ArrowUp", 3, 480)).toEqual({ row: -1, col: 0 });
    expect(moveCursor({ row: -1, col: 0 }, "ArrowUp", 3, 480)).toEqual({ row: -1, col: 0 });
    expect(moveCursor({ row: 2, col: 5 }, "ArrowDown", 3, 480)).toEqual({ row: 2, col: 5 });
    expect(moveCursor(at, "PageDown", 3, 480)).toEqual({ row: 0, col: 48 });
    expect(moveCursor(at, "End", 3, 480)).toEqual({ row: 0, col: 479 });
    expect(moveCursor({ row: 1, col: 479 }, "ArrowRight", 3, 480)).toEqual({ row: 1, col: 479 });
    expect(moveCursor(at, "Escape", 3, 480)).toBeNull();
    expect(moveCursor(at, "a", 3, 480)).toBeUndefined();
  });
});

describe("the heatmap's colours", () => {
  const luminance = (hex: string) => {
    const n = Number.parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255].reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
  };

  it("darken with the level, so they read apart without hue", () => {
    const { g, d, p } = HEATMAP.levels;
    expect(luminance(HEATMAP.levels["-"])).toBeGreaterThan(luminance(g));
    expect(luminance(g)).toBeGreaterThan(luminance(d));
    expect(luminance(d)).toBeGreaterThan(luminance(p));
  });
});
