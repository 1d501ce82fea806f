import { describe, expect, it } from "vitest";
import { formatInZone, formatLocalClock, formatUtc } from "./format";

const t = Date.parse("2026-11-25T14:05:03.400Z");

describe("formatInZone", () => {
  it("writes the time in a named zone, with the zone, 24-hour", () => {
    expect(formatInZone(t, "Europe/Madrid")).toBe("2026-11-25 15:05:03 GMT+1");
    expect(formatInZone(t, "America/Los_Angeles", false)).toBe("06:05:03 PST");
    expect(formatInZone(Date.parse("2026-07-01T00:30:00Z"), "Asia/Kolkata")).toBe("2026-07-01 06:00:00 GMT+5:30");
    expect(formatInZone(Date.parse("2026-11-25T23:30:00Z"), "UTC")).toBe("2026-11-25 23:30:00 UTC");
    // Midnight is 00, not 24.
    expect(formatInZone(Date.parse("2026-11-25T23:00:00Z"), "Europe/Madrid", false)).toBe("00:00:00 GMT+1");
  });

  it("gives null for a zone the runtime does not know, or a bad time", () => {
    expect(formatInZone(t, "Mars/Olympus_Mons")).toBeNull();
    expect(formatInZone(NaN, "UTC")).toBeNull();
  });

  it("gives the reader's clock without the zone, for axis ticks", () => {
    expect(formatLocalClock(t)).toMatch(/^\d{2}:\d{2}:03$/);
  });

  it("agrees with formatUtc in UTC", () => {
    expect(formatInZone(t, "UTC")).toBe(formatUtc(t));
  });
});
