import { describe, expect, it } from "vitest";
import { decimateMinMax, type XY } from "./decimate";

const series = (n: number, f: (i: number) => number | null): XY[] => Array.from({ length: n }, (_, i) => ({ x: i * 1000, y: f(i) }));

describe("decimateMinMax", () => {
  it("leaves short series alone", () => {
    const s = series(50, (i) => i);
    expect(decimateMinMax(s, 0, 49_000, 100)).toEqual(s);
  });

  it("keeps at most two points per bucket and every spike", () => {
    const s = series(10_000, (i) => (i === 5_123 ? 99 : i === 7_777 ? -5 : 1));
    const out = decimateMinMax(s, 0, 9_999_000, 100);
    expect(out.length).toBeLessThanOrEqual(2 * 101);
    expect(out.some((p) => p.y === 99)).toBe(true);
    expect(out.some((p) => p.y === -5)).toBe(true);
    expect(out.map((p) => p.x)).toEqual([...out.map((p) => p.x)].sort((a, b) => a - b));
  });

  it("keeps gaps as gaps", () => {
    const s = series(10_000, (i) => (i >= 4000 && i < 4010 ? null : 2));
    expect(decimateMinMax(s, 0, 9_999_000, 100).some((p) => p.y === null)).toBe(true);
  });

  it("returns only the window, plus one point either side", () => {
    const s = series(10_000, (i) => i);
    const out = decimateMinMax(s, 100_000, 200_000, 1000);
    expect(out[0]?.x).toBe(99_000);
    expect(out.at(-1)?.x).toBe(201_000);
  });
});
