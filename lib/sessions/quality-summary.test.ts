import { describe, expect, it } from "vitest";
import { summarizeSessionQuality, type SessionQuality } from "./quality-summary";

const q = (p: Partial<SessionQuality>): SessionQuality => {
  const counts = { poor: 0, degraded: 0, good: 0, unknown: 0, ...p };
  return { checked: counts.poor + counts.degraded + counts.good + counts.unknown, ...counts };
};

describe("summarizeSessionQuality", () => {
  it("counts the bad ones worst first, of the session's participants", () => {
    expect(summarizeSessionQuality(q({ poor: 2, degraded: 1, good: 1 }), 4)).toEqual({
      text: "2 poor · 1 degraded of 4",
      level: "poor",
    });
    expect(summarizeSessionQuality(q({ poor: 2, degraded: 1, good: 3 }), 6).text).toBe("2 poor · 1 degraded of 6");
    expect(summarizeSessionQuality(q({ degraded: 1, good: 1 }), 6)).toEqual({
      text: "1 degraded of 6",
      level: "degraded",
    });
    expect(summarizeSessionQuality(q({ poor: 1 }), 6).text).toBe("1 poor of 6");
  });

  it("says how many were checked when the participant count is not known", () => {
    expect(summarizeSessionQuality(q({ poor: 1, good: 2 }), null).text).toBe("1 poor of 3 checked");
    expect(summarizeSessionQuality(q({ good: 2 }), null)).toEqual({ text: "2 checked", level: "good" });
  });

  it("says all good only when everyone was checked and was good", () => {
    expect(summarizeSessionQuality(q({ good: 4 }), 4)).toEqual({ text: "all 4 good", level: "good" });
    expect(summarizeSessionQuality(q({ good: 3 }), 6)).toEqual({ text: "3 of 6 checked", level: "good" });
    expect(summarizeSessionQuality(q({ good: 3, unknown: 1 }), 4)).toEqual({
      text: "4 of 4 checked",
      level: "unknown",
    });
  });

  it("never counts fewer participants than were checked (the count is a peak)", () => {
    expect(summarizeSessionQuality(q({ good: 5 }), 4).text).toBe("all 5 good");
    expect(summarizeSessionQuality(q({ poor: 1, good: 4 }), 3).text).toBe("1 poor of 5");
  });

  it("says not checked without any verdict", () => {
    expect(summarizeSessionQuality(null, 4)).toEqual({ text: "not checked", level: null });
    expect(summarizeSessionQuality(q({}), 4)).toEqual({ text: "not checked", level: null });
  });
});
