import { describe, expect, it } from "vitest";
import { findings, type Finding } from "./findings";
import { peerHealth } from "./health";
import { at, bump, event, report, runs, STEP_S, times, track } from "./test-builders";
import { DEFAULT_THRESHOLDS, parseThresholds } from "./thresholds";
import { buildVerdict, verdictComputedWith, VERDICT_MAX_EPISODES, VERDICT_NAME_MAX, VERDICT_STEP_S } from "./verdict";

const D = DEFAULT_THRESHOLDS;
const NOW = at(4000);

function verdictOf(r: ReturnType<typeof report>, fs = findings(r, D)) {
  return buildVerdict(r, fs, D, { live: false, now: NOW });
}

function finding(
  rule: Finding["rule"],
  severity: Finding["severity"],
  episodes: [number, number, string][],
  tracks: Finding["tracks"] = [],
): Finding {
  return {
    id: `${rule}-call-0`,
    rule,
    severity,
    title: `${rule} ${severity}`,
    detail: "",
    threshold: "",
    episodes: episodes.map(([s, e, level]) => ({
      start: at(s),
      end: at(e),
      durationS: e - s,
      peak: null,
      unit: null,
      severity: level as Finding["severity"],
    })),
    tracks,
    evidence: [],
  };
}

describe("buildVerdict: level, main finding and others", () => {
  it("is good without findings, with a timeline of good intervals", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 20]) } })] });
    const v = verdictOf(r);
    expect(v).toMatchObject({ level: "good", main: null, others: 0, hasSamples: true, live: false, computedAt: NOW });
    // 20 samples 7 s apart: 133 s, five 30 s intervals.
    expect(v.timeline).toEqual({ startMs: at(0), stepS: VERDICT_STEP_S, levels: "ggggg" });
  });

  it("names peerHealth's finding with its rule and severity, and counts the others", () => {
    const r = report({
      tracks: [
        track("audio_producer", { metrics: { lossPct: bump(0, 20) } }),
        track("audio_consumer", { metrics: { jitterMs: bump(5, 40) } }),
      ],
    });
    const fs = findings(r, D);
    const v = verdictOf(r, fs);
    const health = peerHealth(fs);
    expect(v.level).toBe("poor");
    expect(v.main).toEqual({ rule: "loss", title: health.reason, severity: "poor" });
    expect(v.others).toBe(health.more);
    expect(v.others).toBe(1);
  });

  it("is degraded by a warning alone, and context or info findings leave it good", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 20]) } })] });
    expect(verdictOf(r, [finding("jitter", "warn", [[10, 40, "warn"]])]).level).toBe("degraded");
    const context = [finding("background", "warn", [[10, 40, "warn"]]), finding("transport", "info", [])];
    expect(verdictOf(r, context)).toMatchObject({ level: "good", main: null, others: 0 });
  });

  it("keeps the requested peer id, and is plain data that survives JSON", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
    const v = buildVerdict(r, findings(r, D), D, { live: true, now: NOW, peerId: "abc" });
    expect(v.peerId).toBe("abc");
    expect(v.sessionId).toBe("session-0001");
    expect(v.live).toBe(true);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it("says when the report has no samples: no timeline, no figures", () => {
    const v = verdictOf(report({ tracks: [] }));
    expect(v.hasSamples).toBe(false);
    expect(v.timeline).toEqual({ startMs: null, stepS: VERDICT_STEP_S, levels: "" });
    expect(v.figures.sent).toEqual({ worstLossPct: null, worstJitterMs: null, worstRttMs: null, lowestMos: null });
  });
});

describe("buildVerdict: figures per direction", () => {
  it("takes the worst loss, jitter and RTT of each direction's tracks", () => {
    const r = report({
      tracks: [
        track("audio_producer", { metrics: { lossPct: bump(0, 20), rttMs: bump(40, 180), jitterMs: bump(3, 9) } }),
        track("video_producer", { metrics: { lossPct: bump(0, 2), rttMs: bump(40, 210) } }),
        track("audio_consumer", { metrics: { lossPct: bump(0, 3), jitterMs: runs([4, 10], [null, 5], [61, 10]) } }),
      ],
    });
    const { sent, received } = verdictOf(r).figures;
    expect(sent).toEqual({ worstLossPct: 20, worstJitterMs: 9, worstRttMs: 210, lowestMos: null });
    expect(received).toEqual({ worstLossPct: 3, worstJitterMs: 61, worstRttMs: null, lowestMos: null });
  });

  it("gives no MOS when the report does not show its scale", () => {
    const r = report({
      tracks: [track("audio_producer", { metrics: { mos: runs([1, 20]), lossPct: runs([0, 20]) } })],
    });
    expect(r.mosScaleEvident).toBe(false);
    expect(verdictOf(r).figures.sent.lowestMos).toBeNull();
  });

  it("gives the lowest audio MOS on an evident scale, leaving out samples while the microphone was muted", () => {
    const mos = runs([4.3, 10], [1, 5], [3.1, 2], [4.2, 10]);
    const r = report({
      tracks: [
        track("audio_producer", { metrics: { mos, bitrateKbps: runs([40, 27]) } }),
        track("audio_consumer", { metrics: { mos: runs([4.4, 13], [3.6, 14]) } }),
        // Video MOS is the vendor's blend, judged by other rules: not an audio score.
        track("video_consumer", { metrics: { mos: runs([2, 27]) } }),
      ],
      events: [event("audio_off", 9 * STEP_S + 1), event("audio_on", 14 * STEP_S + 1)],
    });
    expect(r.mosScaleEvident).toBe(true);
    const { sent, received } = verdictOf(r).figures;
    expect(sent.lowestMos).toBe(3.1);
    expect(received.lowestMos).toBe(3.6);
  });
});

describe("buildVerdict: the interval timeline", () => {
  // Samples every 10 s over 0–50 s and 120–170 s: six 30 s intervals, the 3rd and 4th without any.
  const r = report({
    tracks: [track("audio_producer", { t: [...times(6, 10, 0), ...times(6, 10, 120)], metrics: {} })],
  });

  it("marks each interval with the worst quality episode overlapping it, and '-' where nothing was sampled", () => {
    const fs = [
      finding("jitter", "warn", [[20, 25, "warn"]]),
      // Context and info findings do not degrade an interval.
      finding("background", "warn", [[30, 50, "warn"]]),
      finding("transport", "info", [[30, 50, "info"]]),
      // An episode over the unsampled stretch: its intervals claim nothing.
      finding("reconnect", "warn", [[70, 100, "warn"]]),
      // A poor episode spanning two intervals; within a poor finding, a warn episode stays "d".
      finding("loss", "poor", [
        [140, 160, "poor"],
        [35, 38, "warn"],
      ]),
    ];
    expect(verdictOf(r, fs).timeline).toEqual({ startMs: at(0), stepS: 30, levels: "dd--pp" });
  });

  it("gives the worse of two episodes in one interval, whichever comes first", () => {
    const fs = [finding("rtt", "warn", [[125, 130, "warn"]]), finding("loss", "poor", [[131, 135, "poor"]])];
    expect(verdictOf(r, fs).timeline.levels).toBe("gg--pg");
    expect(verdictOf(r, [...fs].reverse()).timeline.levels).toBe("gg--pg");
  });

  it("starts on the 30 s grid of epoch time, so every participant's timeline lines up", () => {
    // The first sample 12 s into a grid step: the timeline starts at the step, 12 s earlier.
    const late = report({ tracks: [track("audio_producer", { t: times(6, 10, 12), metrics: {} })] });
    const { startMs, levels } = verdictOf(late, []).timeline;
    expect(at(0) % 30_000).toBe(0);
    expect(startMs).toBe(at(0));
    // Samples at 12–62 s fall in the steps 0–30, 30–60 and 60–90.
    expect(levels).toBe("ggg");
  });

  it("follows the findings of a real loss burst", () => {
    // 10 clean samples, 5 at 20 % loss (35 s, poor), 10 clean: 7 s cadence, 168 s in all.
    const burst = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
    const levels = verdictOf(burst).timeline.levels;
    expect(levels).toHaveLength(Math.floor((24 * STEP_S) / 30) + 1);
    expect(levels).toMatch(/^g+p+g+$/);
  });
});

describe("buildVerdict: name", () => {
  it("keeps the participant's name, cut to VERDICT_NAME_MAX characters", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: {} })] });
    expect(verdictOf({ ...r, participant: { ...r.participant, name: "Ana" } }, []).name).toBe("Ana");
    const long = verdictOf({ ...r, participant: { ...r.participant, name: "x".repeat(5000) } }, []).name;
    expect(long).toHaveLength(VERDICT_NAME_MAX);
    expect(verdictOf({ ...r, participant: { ...r.participant, name: null } }, []).name).toBeNull();
  });
});

describe("buildVerdict: episodes", () => {
  const r = report({ tracks: [track("audio_producer", { metrics: {} })] });

  it("keeps quality findings' warn and poor episodes with the direction of their tracks", () => {
    const fs = [
      finding(
        "loss",
        "poor",
        [
          [10, 40, "poor"],
          [50, 55, "info"],
        ],
        ["audio_producer"],
      ),
      finding("jitter", "warn", [[20, 30, "warn"]], ["video_consumer"]),
      finding("rtt", "warn", [[0, 5, "warn"]], ["audio_producer", "audio_consumer"]),
      finding("background", "warn", [[0, 60, "warn"]], ["video_producer"]),
    ];
    expect(verdictOf(r, fs).episodes).toEqual([
      { rule: "loss", title: "loss poor", severity: "poor", direction: "sent", startMs: at(10), endMs: at(40) },
      { rule: "jitter", title: "jitter warn", severity: "warn", direction: "received", startMs: at(20), endMs: at(30) },
      { rule: "rtt", title: "rtt warn", severity: "warn", direction: "both", startMs: at(0), endMs: at(5) },
    ]);
  });

  it("keeps the worst and longest when there are many", () => {
    const many = Array.from({ length: VERDICT_MAX_EPISODES + 5 }, (_, i) =>
      finding("jitter", "warn", [[i * 100, i * 100 + i + 1, "warn"]], ["audio_consumer"]),
    );
    const eps = verdictOf(r, [...many, finding("loss", "poor", [[0, 1, "poor"]], ["audio_producer"])]).episodes;
    expect(eps).toHaveLength(VERDICT_MAX_EPISODES);
    expect(eps[0]).toMatchObject({ rule: "loss", severity: "poor" });
    const second = eps[1] as (typeof eps)[number];
    expect(second.endMs - second.startMs).toBe((VERDICT_MAX_EPISODES + 5) * 1000);
  });
});

describe("verdictComputedWith", () => {
  it("changes with the thresholds, and not with their key order", () => {
    const base = verdictComputedWith(D);
    const stricter = parseThresholds('{"lossPct":{"warn":3,"poor":8}}').thresholds;
    expect(verdictComputedWith(stricter)).not.toBe(base);
    const reordered = Object.fromEntries(Object.entries(D).reverse()) as typeof D;
    expect(verdictComputedWith(reordered)).toBe(base);
    expect(verdictComputedWith(structuredClone(D))).toBe(base);
    expect(base).toMatch(/^v\d+-[0-9a-z]+$/);
  });

  it("is what a verdict records", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 20]) } })] });
    const stricter = parseThresholds('{"minDurationS":20}').thresholds;
    expect(verdictOf(r).computedWith).toBe(verdictComputedWith(D));
    expect(buildVerdict(r, [], stricter, { live: false, now: NOW }).computedWith).toBe(verdictComputedWith(stricter));
  });
});
