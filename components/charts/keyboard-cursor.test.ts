import { describe, expect, it } from "vitest";
import { activeAt, cursorTimes, nearestValued, readoutText, stepCursor, valueText } from "./keyboard-cursor";

describe("stepCursor", () => {
  const times = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110];

  it("steps one sample with the arrows, from either end when nothing is selected", () => {
    expect(stepCursor(times, null, "ArrowRight")).toBe(0);
    expect(stepCursor(times, null, "ArrowLeft")).toBe(110);
    expect(stepCursor(times, 20, "ArrowRight")).toBe(30);
    expect(stepCursor(times, 20, "ArrowLeft")).toBe(10);
    expect(stepCursor(times, 110, "ArrowRight")).toBe(110);
    expect(stepCursor(times, 0, "ArrowLeft")).toBe(0);
    // A cursor between samples (the window moved) steps from the next one.
    expect(stepCursor(times, 25, "ArrowRight")).toBe(40);
  });

  it("jumps a tenth with Page keys, goes to the ends with Home/End, and leaves with Escape", () => {
    expect(stepCursor(times, 0, "PageDown")).toBe(10);
    expect(stepCursor(times, 110, "PageUp")).toBe(100);
    expect(stepCursor(times, 50, "Home")).toBe(0);
    expect(stepCursor(times, 50, "End")).toBe(110);
    expect(stepCursor(times, 50, "Escape")).toBeNull();
    expect(stepCursor(times, 50, "a")).toBeUndefined();
    expect(stepCursor([], null, "ArrowRight")).toBeUndefined();
  });
});

describe("nearestValued", () => {
  const pts = [
    { x: 0, y: 1 },
    { x: 10, y: null },
    { x: 20, y: 3 },
    { x: 30, y: null },
  ];

  it("finds the nearest point that has a value, skipping gaps", () => {
    expect(nearestValued(pts, 0)).toBe(0);
    expect(nearestValued(pts, 9)).toBe(0);
    expect(nearestValued(pts, 11)).toBe(2);
    expect(nearestValued(pts, 35)).toBe(2);
    expect(nearestValued([{ x: 5, y: null }], 5)).toBe(-1);
    expect(nearestValued([], 5)).toBe(-1);
  });
});

describe("valueText", () => {
  it("gives the value with its unit, or says there is none", () => {
    expect(valueText("audio sent", 2.14159, "%")).toBe("audio sent: 2.14 %");
    expect(valueText("video sent", null, "ms")).toBe("video sent: no data");
  });
});

describe("what the cursor lands on and reads", () => {
  const series = [
    {
      label: "audio sent",
      data: [
        { x: 0, y: 1 },
        { x: 10, y: null },
        { x: 20, y: 3.456 },
      ],
    },
    { label: "video sent", data: [{ x: 0, y: null }] },
    {
      label: "video received",
      data: [
        { x: 5, y: 7 },
        { x: 15, y: 8 },
      ],
    },
  ];

  it("steps through the valued samples of the longest series", () => {
    expect(cursorTimes(series)).toEqual([0, 20]);
    expect(cursorTimes([])).toEqual([]);
  });

  it("activates the nearest valued point of each series that has one", () => {
    expect(activeAt(series, 12)).toEqual([
      { datasetIndex: 0, index: 2 },
      { datasetIndex: 2, index: 1 },
    ]);
  });

  it("reads the time, then every active value with its unit", () => {
    const text = readoutText(series, activeAt(series, 12), 12, "kbps", (ms) => `t=${ms}`);
    expect(text).toBe("t=12: audio sent: 3.46 kbps; video received: 8 kbps");
  });
});
