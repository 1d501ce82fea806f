import { describe, expect, it } from "vitest";
import { callRange, windowFromParams } from "./window";

const call = { start: Date.parse("2026-11-25T14:00:00Z"), end: Date.parse("2026-11-25T15:00:00Z") };
const q = (s: string) => new URLSearchParams(s);

describe("windowFromParams", () => {
  it("reads a whole window, or one end with the call's other end standing in", () => {
    expect(windowFromParams(q("from=2026-11-25T14:05:00Z&to=2026-11-25T14:10:00Z"), call)).toEqual({
      start: Date.parse("2026-11-25T14:05:00Z"),
      end: Date.parse("2026-11-25T14:10:00Z"),
    });
    expect(windowFromParams(q("from=2026-11-25T14:05:00Z"), call)).toEqual({
      start: Date.parse("2026-11-25T14:05:00Z"),
      end: call.end,
    });
    expect(windowFromParams(q("to=2026-11-25T14:10:00Z"), call)).toEqual({
      start: call.start,
      end: Date.parse("2026-11-25T14:10:00Z"),
    });
  });

  it("is the whole call (null) when nothing readable is given or no time is left", () => {
    expect(windowFromParams(q(""), call)).toBeNull();
    expect(windowFromParams(q("from=yesterday&to=later"), call)).toBeNull();
    expect(windowFromParams(q("from=2026-11-25T14:10:00Z&to=2026-11-25T14:05:00Z"), call)).toBeNull();
    expect(windowFromParams(q("from=2026-11-25T16:00:00Z"), call)).toBeNull();
    // An unreadable end is left out, not fatal.
    expect(windowFromParams(q("from=2026-11-25T14:05:00Z&to=soon"), call)).toEqual({
      start: Date.parse("2026-11-25T14:05:00Z"),
      end: call.end,
    });
  });
});

describe("callRange", () => {
  it("widens joined–left to any sample outside it", () => {
    expect(callRange(call, { firstSampleAt: call.start - 5000, lastSampleAt: call.end - 5000 })).toEqual({
      start: call.start - 5000,
      end: call.end,
    });
    expect(callRange(call, undefined)).toEqual(call);
  });
});
