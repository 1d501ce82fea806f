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

/** The first, plainer version of decimateColumn: the fast one must pick exactly the same points. */
function reference(
  t: number[],
  y: (number | null)[],
  gapStarts: Set<number>,
  from: number,
  to: number,
  buckets: number,
) {
  const lower = (x: number) => {
    const i = t.findIndex((v) => v >= x);
    return i < 0 ? t.length : i;
  };
  const start = Math.max(0, lower(from) - 1);
  const end = Math.min(t.length - 1, lower(to + 1));
  const out: { x: number; y: number | null }[] = [];
  if (end < start) return out;
  if (end - start + 1 <= buckets * 2) {
    for (let i = start; i <= end; i++) {
      out.push({ x: t[i]!, y: y[i] ?? null });
      if (gapStarts.has(t[i]!)) out.push({ x: t[i]! + 1, y: null });
    }
    return out;
  }
  const width = (to - from) / buckets;
  const bucketOf = (i: number) => Math.floor((t[i]! - from) / width);
  let i = start;
  while (i <= end) {
    const bucket = bucketOf(i);
    let minI = -1;
    let maxI = -1;
    const flush = () => {
      if (minI < 0) return;
      const [a, b] = minI <= maxI ? [minI, maxI] : [maxI, minI];
      out.push({ x: t[a]!, y: y[a]! });
      if (b !== a) out.push({ x: t[b]!, y: y[b]! });
      minI = maxI = -1;
    };
    for (; i <= end && bucketOf(i) === bucket; i++) {
      const v = y[i] ?? null;
      if (v === null) {
        flush();
        out.push({ x: t[i]!, y: null });
      } else {
        if (minI < 0 || v < y[minI]!) minI = i;
        if (maxI < 0 || v > y[maxI]!) maxI = i;
      }
      if (gapStarts.has(t[i]!)) {
        flush();
        out.push({ x: t[i]! + 1, y: null });
      }
    }
    flush();
  }
  return out;
}

describe("decimateColumn against the plain reference", () => {
  it("picks the same points for random series, windows, gaps and missing values", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(rand() * 3000);
      const t: number[] = [];
      let x = Math.floor(rand() * 1e6);
      for (let i = 0; i < n; i++) t.push((x += 1 + Math.floor(rand() * 20_000)));
      // Flat stretches and repeated values test the ties; nulls and gaps break the line.
      const y = t.map(() => (rand() < 0.03 ? null : rand() < 0.3 ? 5 : Math.round(rand() * 100) / 10));
      const gaps = new Set(t.filter(() => rand() < 0.01));
      const from = t[0]! + Math.floor(rand() * (t.at(-1)! - t[0]!) * 0.5) - 5_000;
      const to = from + Math.floor(rand() * (t.at(-1)! - t[0]!)) + 1;
      const buckets = 1 + Math.floor(rand() * 400);
      expect(decimateColumn(t, y, gaps, from, to, buckets), `run ${run}`).toEqual(
        reference(t, y, gaps, from, to, buckets),
      );
    }
  });
});
