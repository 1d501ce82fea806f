import { describe, expect, it } from "vitest";
import { pickSections, windowOf } from "./sections";
import { at, cumulative, event, report, track } from "./test-builders";

describe("pickSections", () => {
  it("sends the quality summaries and the MOS scale with the tracks, also when there are no samples", () => {
    const summary = cumulative({ mos: { avg: 4, p50: 4, p75: 4, p90: 4 } });
    const summaries = [
      {
        key: "audio_producer" as const,
        kind: "audio" as const,
        direction: "send" as const,
        screenshare: false,
        series: "empty" as const,
        cumulative: summary,
      },
    ];
    const picked = pickSections(report({ tracks: [], summaries, mosScaleEvident: true }), ["quality"]);
    expect(picked).toMatchObject({ tracks: [], summaries, mosScaleEvident: true });
    expect(pickSections(report({ tracks: [track("audio_producer")] }), ["device"])).not.toHaveProperty("summaries");
  });
});

describe("windowOf", () => {
  const full = report({
    tracks: [
      track("audio_producer", { metrics: { jitterMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } }),
      track("video_producer", { startS: 100, metrics: { fps: [30, 30, 30] } }),
    ],
    events: [event("audio_off", 3), event("audio_on", 20), event("video_off", 120)],
  });

  it("keeps the samples, events and gaps inside the window, and what has no time whole", () => {
    const cut = windowOf(full, { from: at(14), to: at(35) });
    expect(cut.tracks.map((t) => t.key)).toEqual(["audio_producer"]);
    expect(cut.tracks[0]?.t).toEqual([at(14), at(21), at(28), at(35)]);
    expect(cut.tracks[0]?.metrics.jitterMs).toEqual([3, 4, 5, 6]);
    expect(cut.events.map((e) => e.name)).toEqual(["audio_on"]);
    expect(cut.completeness).toMatchObject({ firstSampleAt: at(14), lastSampleAt: at(35) });
    expect(cut.candidatePairs).toBe(full.candidatePairs);
    expect(cut.summaries).toBe(full.summaries);
  });

  it("takes an open end as the end of the call", () => {
    const cut = windowOf(full, { from: at(100), to: null });
    expect(cut.tracks.map((t) => [t.key, t.t.length])).toEqual([["video_producer", 3]]);
    expect(cut.events.map((e) => e.name)).toEqual(["video_off"]);
  });
});
