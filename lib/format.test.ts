import { describe, expect, it } from "vitest";
import {
  describeZone,
  formatInZone,
  formatLocalClock,
  formatLocalMinute,
  formatUtc,
  formatUtcInput,
  parseUtcInput,
} from "./format";

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

describe("UTC time fields", () => {
  it("writes ISO 24-hour, with seconds only when there are some", () => {
    expect(formatUtcInput("2026-11-29T13:54:00.000Z")).toBe("2026-11-29 13:54");
    expect(formatUtcInput("2026-11-29T01:54:07.250Z")).toBe("2026-11-29 01:54:07");
    expect(formatUtcInput(undefined)).toBe("");
  });

  it("reads it back, and the common ways of typing it", () => {
    expect(parseUtcInput("2026-11-29 13:54")).toBe("2026-11-29T13:54:00.000Z");
    expect(parseUtcInput(" 2026-11-29T13:54:07Z ")).toBe("2026-11-29T13:54:07.000Z");
    expect(parseUtcInput("2026-11-29 13:54 UTC")).toBe("2026-11-29T13:54:00.000Z");
    expect(parseUtcInput(formatUtcInput("2026-11-29T01:54:07.000Z"))).toBe("2026-11-29T01:54:07.000Z");
    expect(parseUtcInput("")).toBeUndefined();
  });

  it("refuses locale forms, 12-hour clocks and dates that do not exist", () => {
    expect(parseUtcInput("11/29/2026, 01:54 PM")).toBeNull();
    expect(parseUtcInput("2026-11-29 1:54 PM")).toBeNull();
    expect(parseUtcInput("2026-02-30 10:00")).toBeNull();
    expect(parseUtcInput("2026-11-29 24:00")).toBeNull();
    expect(parseUtcInput("2026-11-29")).toBeNull();
  });

  it("gives the reader's local minute for the hint beside the field", () => {
    expect(formatLocalMinute(t, "Europe/Madrid")).toBe("2026-11-25 15:05 GMT+1");
    expect(formatLocalMinute(t, "Mars/Olympus_Mons")).toBeNull();
  });
});

describe("describeZone", () => {
  it("names the zone and its offset at that moment", () => {
    expect(describeZone(t, "Europe/Madrid")).toBe("Europe/Madrid, UTC+1");
    expect(describeZone(Date.parse("2026-07-01T00:00:00Z"), "Europe/Madrid")).toBe("Europe/Madrid, UTC+2");
    expect(describeZone(t, "Asia/Kolkata")).toBe("Asia/Kolkata, UTC+5:30");
    expect(describeZone(t, "America/Los_Angeles")).toBe("America/Los_Angeles, UTC-8");
    expect(describeZone(t, "Atlantic/Reykjavik")).toBe("Atlantic/Reykjavik, UTC+0");
    expect(describeZone(t, "UTC")).toBe("UTC");
    expect(describeZone(t, "Mars/Olympus_Mons")).toBeNull();
  });
});
