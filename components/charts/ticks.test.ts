import { describe, expect, it } from "vitest";
import { mosAxis, roundTimeTicks } from "./ticks";

const t = (s: string) => Date.parse(`2026-11-25T${s}Z`);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe("roundTimeTicks", () => {
  it("puts ticks on round minutes, not the range's first second", () => {
    expect(roundTimeTicks(t("17:53:29"), t("18:05:10"), 8).map(clock)).toEqual([
      "17:54:00",
      "17:56:00",
      "17:58:00",
      "18:00:00",
      "18:02:00",
      "18:04:00",
    ]);
  });

  it("widens the step with the range and the room on the axis", () => {
    expect(roundTimeTicks(t("10:00:00"), t("14:00:00"), 8).map(clock)).toEqual([
      "10:00:00",
      "11:00:00",
      "12:00:00",
      "13:00:00",
      "14:00:00",
    ]);
    expect(roundTimeTicks(t("10:00:00"), t("14:00:00"), 3).map(clock)).toEqual(["10:00:00", "12:00:00", "14:00:00"]);
    expect(roundTimeTicks(t("14:05:03"), t("14:05:31"), 6).map(clock)).toEqual([
      "14:05:05",
      "14:05:10",
      "14:05:15",
      "14:05:20",
      "14:05:25",
      "14:05:30",
    ]);
  });

  it("never gives more ticks than asked, and none for an empty range", () => {
    for (const maxTicks of [2, 4, 7, 12])
      expect(roundTimeTicks(t("00:00:00"), t("23:59:59"), maxTicks).length).toBeLessThanOrEqual(maxTicks);
    expect(roundTimeTicks(t("10:00:00"), t("10:00:00"), 8)).toEqual([]);
  });
});

describe("roundTimeTicks on a local clock", () => {
  const ist = 5.5 * 3_600_000; // India, UTC+5:30
  const onClock = (ms: number) => new Date(ms + ist).toISOString().slice(11, 19);

  it("falls on the clock's round hours in a half-hour zone", () => {
    expect(roundTimeTicks(t("10:00:00"), t("14:00:00"), 8, ist).map(onClock)).toEqual([
      "16:00:00",
      "17:00:00",
      "18:00:00",
      "19:00:00",
    ]);
    expect(roundTimeTicks(t("10:00:00"), t("16:00:00"), 7, ist).map(onClock)).toEqual([
      "16:00:00",
      "17:00:00",
      "18:00:00",
      "19:00:00",
      "20:00:00",
      "21:00:00",
    ]);
  });

  it("is the UTC grid when the offset is whole hours' worth of the step", () => {
    expect(roundTimeTicks(t("10:00:00"), t("14:00:00"), 8, 3_600_000)).toEqual(
      roundTimeTicks(t("10:00:00"), t("14:00:00"), 8),
    );
  });
});

describe("mosAxis", () => {
  it("runs 1–5 in whole steps once the values show that scale, and from 0 to fit them otherwise", () => {
    expect(mosAxis(true)).toEqual({ min: 1, suggestedMax: 5, stepSize: 1 });
    expect(mosAxis(false)).toEqual({ min: 0, suggestedMax: 1 });
  });
});
