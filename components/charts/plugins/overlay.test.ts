import type { Chart } from "chart.js";
import { describe, expect, it } from "vitest";
import { ChartGroup } from "../chart-group";
import { overlays, type OverlayOptions } from "./overlay";

/** A chart 100 px square whose x pixel is the value and whose y axis runs 0 (bottom) to 100 (top). */
function fakeChart() {
  const calls: [string, ...unknown[]][] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (target, key: string) =>
      key in target ? target[key] : (...args: unknown[]) => void calls.push([key, ...args]),
    set: (target, key: string, value) => {
      target[key] = value;
      calls.push([`set ${key}`, value]);
      return true;
    },
  });
  const chart = {
    ctx,
    chartArea: { left: 0, right: 100, top: 0, bottom: 100 },
    scales: { x: { getPixelForValue: (v: number) => v }, y: { getPixelForValue: (v: number) => 100 - v } },
  } as unknown as Chart<"line">;
  return { chart, calls };
}

const draw = (opts: Partial<OverlayOptions>) => {
  const { chart, calls } = fakeChart();
  const full: OverlayOptions = { group: new ChartGroup(), bands: [], markers: [], ...opts };
  (overlays.beforeDatasetsDraw as (c: Chart<"line">, a: unknown, o: OverlayOptions) => void)(chart, {}, full);
  return calls;
};

describe("the overlays plugin", () => {
  it("outlines a band only when it has an outline colour", () => {
    const calls = draw({
      bands: [
        { from: 10, to: 30, color: "a" },
        { from: 40, to: 60, color: "b", outline: "c" },
      ],
    });
    expect(calls.filter((c) => c[0] === "fillRect")).toHaveLength(2);
    expect(calls.filter((c) => c[0] === "strokeRect").map((c) => c.slice(1, 2))).toEqual([[40]]);
  });

  it("draws each level across the chart with its label, and leaves out one off the axis", () => {
    const calls = draw({
      levels: [
        { value: 5, color: "w", label: "warn ≥ 5 %" },
        { value: 150, color: "p", label: "poor ≥ 150 %" },
      ],
    });
    expect(calls.filter((c) => c[0] === "moveTo")).toEqual([["moveTo", 0, 95]]);
    expect(calls.filter((c) => c[0] === "lineTo")).toEqual([["lineTo", 100, 95]]);
    expect(calls.filter((c) => c[0] === "fillText").map((c) => c[1])).toEqual(["warn ≥ 5 %"]);
  });
});
