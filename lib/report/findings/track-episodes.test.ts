import { describe, expect, it } from "vitest";
import { at, event, report } from "../test-builders";
import { DEFAULT_THRESHOLDS } from "../thresholds";
import { findings } from ".";
import { episode } from "./track-episodes";

describe("episodes from stretches", () => {
  it("take a stretch's own start and end, and their duration from them", () => {
    expect(episode({ start: at(0), end: at(12.34) }, "info")).toEqual({
      start: at(0),
      end: at(12.34),
      durationS: 12.3,
      peak: null,
      unit: null,
      severity: "info",
    });
    expect(episode({ start: at(5), end: at(5) }, "warn", 0, "kbit/s")).toMatchObject({
      durationS: 0,
      peak: 0,
      unit: "kbit/s",
    });
  });

  it("are what the context rules end in: a background stretch from its events", () => {
    const r = report({ events: [event("browser_backgrounded", 10), event("browser_foregrounded", 40)] });
    const bg = findings(r, DEFAULT_THRESHOLDS).find((f) => f.rule === "background");
    expect(bg?.episodes).toEqual([episode({ start: at(10), end: at(40) }, "info")]);
  });
});
