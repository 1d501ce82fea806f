import { describe, expect, it } from "vitest";
import { decimateColumn } from "./decimate";

const column = (n: number, f: (i: number) => number | null) => ({
  t: Array.from({ length: n }, (_, i) => i * 1000),
  y: Array.from({ length: n }, (_, i) => f(i)),
});
const none = new Set<number>();

describe("decimateColumn", () => {
  it("leaves short series alone", () => {
    const { t, y } = column(50, (i) => i);
    expect(decimateColumn(t, y, none, 0, 49_000, 100)).toEqual(t.map((x, i) => ({ x, y: y[i] })));
  });

  it("keeps at most two points per bucket, in time order, and every spike", () => {
    const { t, y } = column(10_000, (i) => (i === 5_123 ? 99 : i === 7_777 ? -5 : 1));
    const out = decimateColumn(t, y, none, 0, 9_999_000, 100);
    expect(out.length).toBeLessThanOrEqual(2 * 101);
    expect(out.some((p) => p.y === 99)).toBe(true);
    expect(out.some((p) => p.y === -5)).toBe(true);
    expect(out.map((p) => p.x)).toEqual([...out.map((p) => p.x)].sort((a, b) => a - b));
  });

  it("breaks the line after a sample that precedes a gap, and at missing values", () => {
    const { t, y } = column(10_000, (i) => (i === 300 ? null : 2));
    const out = decimateColumn(t, y, new Set([4_000_000]), 0, 9_999_000, 100);
    expect(out).toContainEqual({ x: 4_000_001, y: null });
    expect(out).toContainEqual({ x: 300_000, y: null });
    const short = decimateColumn([0, 1000, 60_000], [1, 2, 3], new Set([1000]), 0, 60_000, 100);
    expect(short).toEqual([
      { x: 0, y: 1 },
      { x: 1000, y: 2 },
      { x: 1001, y: null },
      { x: 60_000, y: 3 },
    ]);
  });

  it("returns only the window, plus one sample either side", () => {
    const { t, y } = column(10_000, (i) => i);
    const out = decimateColumn(t, y, none, 100_000, 200_000, 1000);
    expect(out[0]?.x).toBe(99_000);
    expect(out.at(-1)?.x).toBe(201_000);
  });
});
