import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, describeThresholds, parseThresholds } from "./thresholds";

describe("DEFAULT_THRESHOLDS", () => {
  it("holds the published levels", () => {
    expect(DEFAULT_THRESHOLDS).toMatchObject({
      lossPct: { warn: 5, poor: 10, warnOff: 3, poorOff: 6 },
      jitterMs: { warn: 30, poor: 60 },
      rttMs: { warn: 300, poor: 500 },
      mos: { warn: 3.5, poor: 2.5 },
      fps: { warn: 15, poor: 7 },
      resolution: { dropBelowPx: 360, cameraBelowPx: 240 },
      minDurationS: 15,
      mergeGapS: 20,
    });
  });

  it("puts every off level on the better side of its on level", () => {
    for (const key of ["lossPct", "jitterMs", "rttMs"] as const) {
      const b = DEFAULT_THRESHOLDS[key];
      expect(b.warnOff).toBeLessThan(b.warn);
      expect(b.poorOff).toBeLessThan(b.poor);
    }
    for (const key of ["mos", "fps"] as const) {
      const b = DEFAULT_THRESHOLDS[key];
      expect(b.warnOff).toBeGreaterThan(b.warn);
      expect(b.poorOff).toBeGreaterThan(b.poor);
    }
  });
});

describe("parseThresholds (INSPECTOR_THRESHOLDS)", () => {
  it.each([undefined, "", "   "])("unset (%j) gives the defaults and no problems", (v) => {
    expect(parseThresholds(v)).toEqual({ thresholds: DEFAULT_THRESHOLDS, problems: [] });
  });

  it("overrides a subset and keeps the rest", () => {
    const { thresholds, problems } = parseThresholds('{"lossPct":{"warn":3,"poor":8},"minDurationS":20}');
    expect(problems).toEqual([]);
    expect(thresholds.lossPct).toEqual({ warn: 3, poor: 8, warnOff: 1.8, poorOff: 4.8 });
    expect(thresholds.minDurationS).toBe(20);
    expect(thresholds.jitterMs).toEqual(DEFAULT_THRESHOLDS.jitterMs);
    expect(thresholds.precall).toEqual(DEFAULT_THRESHOLDS.precall);
  });

  it("derives an unset off level in the default's proportion, for lower-is-worse bands too", () => {
    const { thresholds } = parseThresholds('{"fps":{"warn":12},"mos":{"poor":2}}');
    expect(thresholds.fps).toEqual({ warn: 12, poor: 7, warnOff: 16, poorOff: 10 });
    expect(thresholds.mos).toEqual({ warn: 3.5, poor: 2, warnOff: 3.8, poorOff: 2.4 });
  });

  it("takes explicit off levels and nested sections", () => {
    const { thresholds, problems } = parseThresholds(
      '{"rttMs":{"warn":250,"warnOff":150},"resolution":{"dropBelowPx":480,"recoverAtPx":600},' +
        '"precall":{"slowNetworkTypes":["2g"]},"reconnects":{"poor":3}}',
    );
    expect(problems).toEqual([]);
    expect(thresholds.rttMs).toEqual({ warn: 250, poor: 500, warnOff: 150, poorOff: 350 });
    expect(thresholds.resolution).toEqual({ dropBelowPx: 480, cameraBelowPx: 240, recoverAtPx: 600 });
    expect(thresholds.precall.slowNetworkTypes).toEqual(["2g"]);
    expect(thresholds.reconnects).toEqual({ warn: 1, poor: 3 });
  });

  it("names an unknown key, at the top level and nested", () => {
    expect(parseThresholds('{"lossPcnt":{"warn":3}}').problems).toEqual(["INSPECTOR_THRESHOLDS.lossPcnt: unknown key"]);
    expect(parseThresholds('{"lossPct":{"wran":3,"poor":8}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.lossPct.wran: unknown key",
    ]);
  });

  it("names a value of the wrong type or range", () => {
    expect(parseThresholds('{"minDurationS":"20"}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.minDurationS: must be a number",
    ]);
    expect(parseThresholds('{"jitterMs":{"warn":-1}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.jitterMs.warn: must be 0 or more",
    ]);
    expect(parseThresholds('{"reconnects":{"warn":1.5}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.reconnects.warn: must be a whole number",
    ]);
  });

  it("names levels that contradict each other", () => {
    expect(parseThresholds('{"lossPct":{"warn":12}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.lossPct.warn: poor (10) must be at least warn (12)",
    ]);
    expect(parseThresholds('{"lossPct":{"warnOff":5}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.lossPct.warnOff: warnOff (5) must be below warn (5)",
    ]);
    expect(parseThresholds('{"mos":{"poor":3.6}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.mos.poor: poor (3.6) must be at most warn (3.5)",
    ]);
    expect(parseThresholds('{"resolution":{"recoverAtPx":300}}').problems).toEqual([
      "INSPECTOR_THRESHOLDS.resolution.recoverAtPx: must be at least dropBelowPx (360)",
    ]);
  });

  it("rejects text that is not a JSON object", () => {
    expect(parseThresholds("{lossPct: 3}").problems[0]).toMatch(/^INSPECTOR_THRESHOLDS: not valid JSON/);
    expect(parseThresholds("[1,2]").problems[0]).toMatch(/^INSPECTOR_THRESHOLDS: must be a JSON object/);
    expect(parseThresholds("5").problems).toHaveLength(1);
  });

  it("applies nothing when anything is wrong, so a typo never half-applies", () => {
    const { thresholds, problems } = parseThresholds('{"lossPct":{"warn":3},"minDuration":20}');
    expect(problems).toEqual(["INSPECTOR_THRESHOLDS.minDuration: unknown key"]);
    expect(thresholds).toBe(DEFAULT_THRESHOLDS);
  });
});

describe("describeThresholds", () => {
  it("leads with the minimum duration, then each band's warn and poor level, how it fires and its unit", () => {
    expect(describeThresholds(DEFAULT_THRESHOLDS)).toBe(
      "Each level must hold for at least 15 s: loss ≥ 5 % warns, ≥ 10 % poor; " +
        "jitter > 30 ms warns, > 60 ms poor; RTT > 300 ms warns, > 500 ms poor; " +
        "MOS < 3.5 warns, < 2.5 poor (when its scale is evident); " +
        "frame rate < 15 fps warns, < 7 fps poor (INSPECTOR_THRESHOLDS).",
    );
  });
});
