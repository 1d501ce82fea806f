import { describe, expect, it } from "vitest";
import { VERDICT_STEP_S, type Verdict } from "@/lib/report/verdict";
import { HEATMAP_MAX_ROWS } from "@/lib/validations/session-quality";
import { badWindow, buildHeatmap, HEATMAP_MAX_INTERVALS } from "./heatmap";

const STEP_MS = VERDICT_STEP_S * 1000;
/** A grid point: 2026-08-10 14:00:00 UTC is a multiple of 30 s. */
const T0 = Date.UTC(2026, 7, 10, 14, 0, 0);

const none = { worstLossPct: null, worstJitterMs: null, worstRttMs: null, lowestMos: null };

function verdictOf(peerId: string, levels: string, startCol = 0, over: Partial<Verdict> = {}): Verdict {
  const p = levels.includes("p");
  const d = levels.includes("d");
  return {
    peerId,
    sessionId: "s",
    name: `name ${peerId}`,
    level: p ? "poor" : d ? "degraded" : "good",
    hasSamples: levels.length > 0,
    main: null,
    others: 0,
    figures: { sent: none, received: none },
    timeline: { startMs: levels ? T0 + startCol * STEP_MS : null, stepS: VERDICT_STEP_S, levels },
    episodes: [],
    computedWith: "v2-test",
    live: false,
    computedAt: T0,
    ...over,
  };
}

describe("buildHeatmap", () => {
  it("is null without any verdict with samples", () => {
    expect(buildHeatmap([])).toBeNull();
    expect(buildHeatmap([verdictOf("a", "")])).toBeNull();
  });

  it("lines up timelines that start at different grid points, padding each row to the heatmap's width", () => {
    const map = buildHeatmap([verdictOf("late", "gp", 3), verdictOf("early", "gdg", 0)])!;
    expect(map.startMs).toBe(T0);
    expect(map.stepS).toBe(VERDICT_STEP_S);
    expect(map.intervals).toBe(5);
    const byPeer = Object.fromEntries(map.rows.map((r) => [r.peerId, r.levels]));
    expect(byPeer).toEqual({ early: "gdg--", late: "---gp" });
    expect(map.share).toEqual({ sampled: [1, 1, 1, 1, 1], degraded: [0, 1, 0, 0, 0], poor: [0, 0, 0, 0, 1] });
  });

  it("counts only sampled intervals in the share: '-' is neither good nor bad", () => {
    const map = buildHeatmap([verdictOf("a", "g-p"), verdictOf("b", "dd-")])!;
    expect(map.share).toEqual({ sampled: [2, 1, 1], degraded: [1, 1, 0], poor: [0, 0, 1] });
  });

  it("puts the worst first: most poor intervals, then most degraded, then peer id", () => {
    const map = buildHeatmap([
      verdictOf("fine", "gggg"),
      verdictOf("b-degraded", "dddg"),
      verdictOf("one-poor", "pggg"),
      verdictOf("two-poor", "ppgg"),
      verdictOf("a-degraded", "dddg"),
      verdictOf("poor-and-degraded", "pdgg"),
    ])!;
    expect(map.rows.map((r) => r.peerId)).toEqual([
      "two-poor",
      "poor-and-degraded",
      "one-poor",
      "a-degraded",
      "b-degraded",
      "fine",
    ]);
    expect(map.rows[0]).toMatchObject({ name: "name two-poor", level: "poor" });
    expect(map.rest).toBeNull();
  });

  it("aggregates everyone past the row limit into one row of the worst level per column, with their count", () => {
    const bad = Array.from({ length: HEATMAP_MAX_ROWS }, (_, i) =>
      verdictOf(`bad-${String(i).padStart(3, "0")}`, "pp"),
    );
    const map = buildHeatmap([
      ...bad,
      verdictOf("rest-good", "gg-g", 0),
      verdictOf("rest-degraded", "-d", 2),
      verdictOf("rest-later", "g", 4),
    ])!;
    expect(map.rows).toHaveLength(HEATMAP_MAX_ROWS);
    expect(map.rows.every((r) => r.peerId.startsWith("bad-"))).toBe(true);
    expect(map.rest).toEqual({ count: 3, levels: "gg-dg" });
    expect(map.share.sampled).toEqual([HEATMAP_MAX_ROWS + 1, HEATMAP_MAX_ROWS + 1, 0, 2, 1]);
  });

  it("cuts a timeline that reaches past the most columns drawn, rather than stretching every row", () => {
    const map = buildHeatmap([verdictOf("a", "g"), verdictOf("far", "p", HEATMAP_MAX_INTERVALS + 10)])!;
    expect(map.intervals).toBe(HEATMAP_MAX_INTERVALS);
    expect(map.rows.every((r) => r.levels.length === HEATMAP_MAX_INTERVALS)).toBe(true);
  });

  it("stays fast for 1,000 participants over 4 hours", () => {
    const cols = 480;
    const verdicts = Array.from({ length: 1000 }, (_, i) =>
      verdictOf(
        `peer-${i}`,
        Array.from({ length: cols - (i % 7) }, (_, c) => "gdp-"[(i * 31 + c * 7) % 4]).join(""),
        i % 7,
      ),
    );
    const t = performance.now();
    const map = buildHeatmap(verdicts)!;
    const ms = performance.now() - t;
    expect(map.intervals).toBe(cols);
    expect(map.rows).toHaveLength(HEATMAP_MAX_ROWS);
    expect(map.rest?.count).toBe(1000 - HEATMAP_MAX_ROWS);
    expect(map.share.sampled.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Linear work: a few milliseconds here; a per-cell object per participant would take far longer.
    expect(ms).toBeLessThan(250);
  });
});

describe("badWindow", () => {
  it("spans the first to the last degraded or poor interval, to the end of that interval", () => {
    expect(badWindow(verdictOf("a", "gdgpg-g", 2).timeline)).toEqual({
      startMs: T0 + 3 * STEP_MS,
      endMs: T0 + 6 * STEP_MS,
    });
  });

  it("is null for a good call or one without samples", () => {
    expect(badWindow(verdictOf("a", "gg-g").timeline)).toBeNull();
    expect(badWindow(verdictOf("a", "").timeline)).toBeNull();
  });
});
