import { describe, expect, it } from "vitest";
import { pickSections } from "./sections";
import { report, track } from "./test-builders";

describe("pickSections", () => {
  it("sends the quality summaries and the MOS scale with the tracks, also when there are no samples", () => {
    const cumulative = { mos: { avg: 4, p50: 4, p75: 4, p90: 4 }, lossPct: null, rttMs: null, jitterBufferMs: null, fps: null, frameWidthPx: null, issues: {}, other: {} };
    const summaries = [{ key: "audio_producer" as const, kind: "audio" as const, direction: "send" as const, screenshare: false, series: "empty" as const, cumulative }];
    const picked = pickSections(report({ tracks: [], summaries, mosScaleEvident: true }), ["quality"]);
    expect(picked).toMatchObject({ tracks: [], summaries, mosScaleEvident: true });
    expect(pickSections(report({ tracks: [track("audio_producer")] }), ["device"])).not.toHaveProperty("summaries");
  });
});
