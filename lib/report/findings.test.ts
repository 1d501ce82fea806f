import { describe, expect, it } from "vitest";
import type { Metric, PeerEvent, Track, TrackKey, TrackSummary } from "@/lib/realtimekit/types";
import { findings, type Finding, type RuleId } from "./findings";
import { transportSummary } from "./vocabulary";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { realPeerReport } from "@/lib/test/fixtures";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { peerHealth } from "./health";
import {
  at,
  bump,
  cumulative,
  deviceUpdate,
  event,
  iso,
  pair,
  participant,
  precall,
  report,
  runs,
  STEP_S,
  times,
  track,
  type ReportSpec,
} from "./test-builders";
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from "./thresholds";

const D = DEFAULT_THRESHOLDS;

function run(tracks: Track[], extra: ReportSpec = {}, t: Thresholds = D): Finding[] {
  return findings(report({ tracks, ...extra }), t);
}

function only(fs: Finding[], rule: RuleId): Finding[] {
  return fs.filter((f) => f.rule === rule);
}

function thresholds(json: string): Thresholds {
  const { thresholds: t, problems } = parseThresholds(json);
  expect(problems).toEqual([]);
  return t;
}

function single(
  key: TrackKey,
  metric: Metric,
  values: (number | null)[],
  extra: Partial<Record<Metric, (number | null)[]>> = {},
): Track {
  return track(key, { metrics: { [metric]: values, ...extra } });
}

describe("threshold rules: at, just below and just above each level", () => {
  const cases: {
    rule: RuleId;
    key: TrackKey;
    metric: Metric;
    base: number;
    levels: [number, "warn" | "poor" | null][];
  }[] = [
    // loss fires at the level itself (≥); the others only beyond it.
    {
      rule: "loss",
      key: "audio_producer",
      metric: "lossPct",
      base: 0,
      levels: [
        [4.99, null],
        [5, "warn"],
        [5.01, "warn"],
        [9.99, "warn"],
        [10, "poor"],
        [10.01, "poor"],
      ],
    },
    {
      rule: "jitter",
      key: "audio_consumer",
      metric: "jitterMs",
      base: 5,
      levels: [
        [29.99, null],
        [30, null],
        [30.01, "warn"],
        [60, "warn"],
        [60.01, "poor"],
      ],
    },
    {
      rule: "rtt",
      key: "video_producer",
      metric: "rttMs",
      base: 40,
      levels: [
        [299.9, null],
        [300, null],
        [300.1, "warn"],
        [500, "warn"],
        [500.1, "poor"],
      ],
    },
    {
      rule: "mos",
      key: "audio_consumer",
      metric: "mos",
      base: 4.3,
      levels: [
        [3.51, null],
        [3.5, null],
        [3.49, "warn"],
        [2.5, "warn"],
        [2.49, "poor"],
      ],
    },
    {
      rule: "fps",
      key: "video_consumer",
      metric: "fps",
      base: 30,
      levels: [
        [15.1, null],
        [15, null],
        [14.9, "warn"],
        [7, "warn"],
        [6.9, "poor"],
      ],
    },
  ];
  for (const c of cases) {
    it.each(c.levels)(`${c.rule}: %s → %s`, (value, expected) => {
      const fs = only(run([single(c.key, c.metric, bump(c.base, value))]), c.rule);
      if (expected === null) {
        expect(fs).toEqual([]);
        return;
      }
      expect(fs).toHaveLength(1);
      const f = fs[0] as Finding;
      expect(f.severity).toBe(expected);
      expect(f.tracks).toEqual([c.key]);
      expect(f.episodes).toHaveLength(1);
      // Five bad 7 s samples: the episode covers their five intervals.
      expect(f.episodes[0]).toMatchObject({
        start: at(10 * STEP_S - STEP_S),
        end: at(14 * STEP_S),
        durationS: 35,
        peak: value,
      });
    });
  }

  it("says which level fired, with units and the off level", () => {
    const [f] = only(run([single("audio_producer", "lossPct", bump(0, 18))]), "loss");
    expect(f?.threshold).toBe("loss ≥ 10 % for ≥ 15 s (off below 6 %)");
    const [j] = only(run([single("audio_consumer", "jitterMs", bump(5, 40))]), "jitter");
    expect(j?.threshold).toBe("jitter > 30 ms for ≥ 15 s (off at ≤ 20 ms)");
    const [m] = only(run([single("audio_consumer", "mos", bump(4.3, 2))]), "mos");
    expect(m?.threshold).toBe("MOS < 2.5 for ≥ 15 s (off at ≥ 3)");
  });

  it("RTT only on senders, and frame rate not on screen shares", () => {
    expect(run([single("audio_consumer", "rttMs", bump(40, 900))])).toEqual([]);
    expect(run([single("screenshare_video_producer", "fps", bump(12, 3))])).toEqual([]);
  });

  it("video MOS is left to the loss, frame-rate and resolution rules", () => {
    expect(only(run([single("video_consumer", "mos", bump(4.3, 1.5))]), "mos")).toEqual([]);
  });
});

describe("severity against the printed levels", () => {
  it("a warning whose worst value passed the poor level says how briefly, beside the title", () => {
    // 49 s above 30 ms with one 7 s sample at 73 ms: warn, not poor (poor needs 15 s above 60 ms).
    const [f] = only(
      run([single("audio_consumer", "jitterMs", runs([5, 10], [40, 3], [73, 1], [40, 3], [5, 10]))]),
      "jitter",
    );
    expect(f).toMatchObject({ severity: "warn", title: "High downstream jitter up to 73 ms (audio received)" });
    expect(f?.note).toBe("peaked at 73 ms; above the poor level (> 60 ms) for 7 s, under the 15 s needed");
  });

  it("counts the longest stretch when there are several, and works downwards for frame rate", () => {
    const [f] = only(
      run([single("video_consumer", "fps", runs([30, 10], [12, 3], [5, 2], [12, 3], [5, 1], [12, 3], [30, 10]))]),
      "fps",
    );
    expect(f?.severity).toBe("warn");
    expect(f?.note).toBe(
      "fell to 5 fps; below the poor level (< 7 fps) for 14 s at most at a time, under the 15 s needed",
    );
  });

  it("leaves out a spike past the poor level outside the finding's episodes", () => {
    // A lone 7 s spike to 90 ms long before the 49 s episode that peaks at 50 ms.
    const [f] = only(
      run([single("audio_consumer", "jitterMs", runs([5, 10], [90, 1], [5, 10], [40, 3], [50, 1], [40, 3], [5, 10]))]),
      "jitter",
    );
    expect(f).toMatchObject({ severity: "warn", title: "High downstream jitter up to 50 ms (audio received)" });
    expect(f?.note).toBeUndefined();
  });

  it("has no note when the worst value stayed within the warn band, or when the finding is poor", () => {
    expect(only(run([single("audio_consumer", "jitterMs", bump(5, 50))]), "jitter")[0]?.note).toBeUndefined();
    expect(only(run([single("audio_consumer", "jitterMs", bump(5, 73))]), "jitter")[0]).toMatchObject({
      severity: "poor",
    });
    expect(only(run([single("audio_consumer", "jitterMs", bump(5, 73))]), "jitter")[0]?.note).toBeUndefined();
  });
});

describe("episodes", () => {
  const loss = (values: (number | null)[], t?: number[]) =>
    track("audio_producer", { t, metrics: { lossPct: values } });

  it("a spike shorter than the minimum duration is no finding", () => {
    expect(run([loss(bump(0, 20, 2))])).toEqual([]); // 2 × 7 s = 14 s
    expect(only(run([loss(bump(0, 20, 3))]), "loss")).toHaveLength(1); // 21 s
  });

  it("the minimum duration itself counts", () => {
    const at5 = track("audio_producer", { everyS: 5, metrics: { lossPct: bump(0, 20, 3) } }); // 15 s
    const below = track("audio_producer", { everyS: 4.9, metrics: { lossPct: bump(0, 20, 3) } }); // 14.7 s
    expect(only(run([at5]), "loss")[0]?.episodes[0]?.durationS).toBe(15);
    expect(run([below])).toEqual([]);
  });

  it("hysteresis: a value wobbling between the off and on levels stays one episode", () => {
    const wobble = runs<number>([0, 10], [6, 1], [4, 1], [6, 1], [4, 1], [6, 1], [4, 1], [6, 1], [4, 1], [0, 10]);
    const [f] = only(run([loss(wobble)]), "loss");
    expect(f?.episodes).toHaveLength(1);
    // The trailing 4 % is still above the off level, so it belongs to the episode.
    expect(f?.episodes[0]?.durationS).toBe(8 * STEP_S);
    // With the off level just under the on level the same data flaps into 7 s blips: nothing.
    expect(run([loss(wobble)], {}, thresholds('{"lossPct":{"warnOff":4.5}}'))).toEqual([]);
  });

  it("episodes closer than the merge gap become one; further apart they stay two", () => {
    const near = runs<number>([0, 10], [12, 3], [0, 2], [12, 3], [0, 10]); // 14 s apart
    const far = runs<number>([0, 10], [12, 3], [0, 4], [12, 3], [0, 10]); // 28 s apart
    expect(only(run([loss(near)]), "loss")[0]?.episodes).toHaveLength(1);
    expect(only(run([loss(far)]), "loss")[0]?.episodes).toHaveLength(2);
    expect(only(run([loss(far)], {}, thresholds('{"mergeGapS":30}')), "loss")[0]?.episodes).toHaveLength(1);
  });

  it("never bridges a sampling gap", () => {
    // Bad before and after a 19 s pause in sampling: close in time, but not one episode.
    const t = [...times(13), ...times(13, STEP_S, 12 * STEP_S + 19)];
    const values = runs<number>([0, 10], [12, 3], [12, 3], [0, 10]);
    const tr = loss(values);
    const gapped = track("audio_producer", { t, metrics: { lossPct: values } });
    expect(gapped.gaps).toHaveLength(1);
    expect(only(run([tr]), "loss")[0]?.episodes).toHaveLength(1);
    expect(only(run([gapped]), "loss")[0]?.episodes).toHaveLength(2);
  });

  it("nulls are no data: a short run inside an episode keeps it, a long one ends it", () => {
    const short = runs<number | null>([0, 10], [12, 3], [null, 2], [12, 3], [0, 10]);
    const long = runs<number | null>([0, 10], [12, 3], [null, 6], [12, 3], [0, 10]);
    expect(only(run([loss(short)]), "loss")[0]?.episodes).toHaveLength(1);
    expect(only(run([loss(long)]), "loss")[0]?.episodes).toHaveLength(2);
  });

  it("a poor stretch inside a longer warn episode makes that episode poor", () => {
    const values = runs<number>([0, 10], [6, 5], [14, 3], [6, 5], [0, 10], [6, 4], [0, 10]);
    const [f] = only(run([loss(values)]), "loss");
    expect(f?.severity).toBe("poor");
    expect(f?.episodes.map((e) => [e.severity, e.durationS, e.peak])).toEqual([
      ["poor", 13 * STEP_S, 14],
      ["warn", 4 * STEP_S, 6],
    ]);
  });
});

describe("directions and tracks", () => {
  it("merges audio and video of one direction into one finding and keeps directions apart", () => {
    const fs = run([
      single("audio_producer", "lossPct", bump(0, 18)),
      single("video_producer", "lossPct", bump(0, 12)),
      single("audio_consumer", "lossPct", bump(0, 7)),
    ]);
    const lossFs = only(fs, "loss");
    expect(lossFs.map((f) => f.id)).toEqual(["loss-audio_producer-0", "loss-audio_consumer-0"]);
    const [up, down] = lossFs as [Finding, Finding];
    expect(up.tracks).toEqual(["audio_producer", "video_producer"]);
    expect(up.title).toBe("Upstream packet loss up to 18 % (audio and video sent)");
    expect(up.episodes).toHaveLength(1);
    expect(up.evidence.join(" ")).toMatch(/Audio sent: worst 18 % at 14:01:1\d UTC/);
    expect(down.title).toBe("Downstream packet loss up to 7 % (audio received)");
    expect(down.severity).toBe("warn");
  });

  it("every evidence line and title carries units", () => {
    const fs = run([single("audio_producer", "rttMs", bump(40, 620)), single("video_consumer", "fps", bump(30, 4))]);
    expect(only(fs, "rtt")[0]?.title).toBe("High round-trip time up to 620 ms (audio sent)");
    expect(only(fs, "fps")[0]?.title).toBe("Low video frame rate, down to 4 fps (video received)");
    for (const f of fs) expect(f.evidence.join(" ")).toMatch(/ms|fps/);
  });
});

describe("muted microphone", () => {
  // Samples 10–29 are scored MOS 1, as a muted mic is; the mute covers them exactly.
  const mos = runs<number>([4.3, 10], [1, 20], [4.3, 10]);
  const muted = [event("audio_on", 0), event("audio_off", 10 * STEP_S - 3), event("audio_on", 30 * STEP_S - 3)];

  it("ignores audio-sent MOS while muted", () => {
    const tr = track("audio_producer", { metrics: { mos, bitrateKbps: runs([30, 10], [7, 20], [30, 10]) } });
    expect(run([tr], { events: muted })).toEqual([]);
  });

  it("without the mute events the same scores are a poor finding", () => {
    const tr = track("audio_producer", { metrics: { mos, bitrateKbps: runs([30, 40]) } });
    const [f] = only(run([tr], { events: [] }), "mos");
    expect(f?.severity).toBe("poor");
  });

  it("without any mute events, MOS 1 at comfort-noise bitrate reads as muted", () => {
    const tr = track("audio_producer", { metrics: { mos, bitrateKbps: runs([30, 10], [7, 20], [30, 10]) } });
    const fs = run([tr], { events: [] });
    expect(only(fs, "mos")).toEqual([]);
    expect(only(fs, "completeness")[0]?.evidence.join(" ")).toMatch(/inferred/);
  });

  it("still reports a real problem while unmuted, and says what it ignored", () => {
    const bad = runs<number>([4.3, 10], [1, 20], [4.3, 5], [2, 5], [4.3, 5]);
    const tr = track("audio_producer", { metrics: { mos: bad } });
    const [f] = only(run([tr], { events: muted }), "mos");
    expect(f?.episodes).toHaveLength(1);
    expect(f?.episodes[0]?.start).toBe(at(35 * STEP_S - STEP_S));
    expect(f?.evidence.join(" ")).toMatch(/Ignored 21 audio-sent samples while the microphone was muted/);
  });
});

describe("MOS on an undocumented scale", () => {
  it("is no verdict when no value is above 1: the scale is not evident", () => {
    const tr = track("audio_consumer", { metrics: { mos: runs([0.9, 10], [0.1, 10], [0.9, 10]) } });
    const r = report({ tracks: [tr] });
    expect(r.mosScaleEvident).toBe(false);
    expect(findings(r, D)).toEqual([]);
    // The same dip with some value above 1 is judged.
    const judged = track("audio_consumer", { metrics: { mos: runs([4.3, 10], [1.1, 10], [4.3, 10]) } });
    expect(only(run([judged]), "mos")[0]?.severity).toBe("poor");
  });

  it("does not guess a muted microphone from MOS 1 when 1 may be the top of the scale", () => {
    const tr = track("audio_producer", { metrics: { mos: runs([1, 30]), bitrateKbps: runs([0, 30]) } });
    const fs = run([tr], { events: [] });
    expect(only(fs, "mos")).toEqual([]);
    expect(only(fs, "completeness")).toEqual([]);
  });
});

describe("a silent microphone without mute events", () => {
  // Silence scored MOS 1 throughout and no audio_off/audio_on: muted somewhere, or a dead mic.
  const silent = track("audio_producer", { metrics: { mos: runs([1, 30]), bitrateKbps: runs([0, 30]) } });

  it("reads as possibly muted, inferred, a warning: never a Poor 'Sent no audio'", () => {
    const fs = run([silent], { events: [event("tab_change", 20, { is_meetings_tab_active: true })] });
    const [f] = only(fs, "empty-media");
    expect(f).toMatchObject({
      severity: "warn",
      title: "Sent only silence (≤ 1 kbit/s for the whole call): possibly muted, though RealtimeKit reported no mute",
    });
    expect(f?.detail).toMatch(/Inferred from the bitrate alone/);
    expect(f?.evidence).toContain("No audio_off or audio_on event among the report's client events");
    expect(f?.evidence.join(" ")).toMatch(/MOS 1 throughout/);
    expect(fs.filter((x) => x.severity === "poor")).toEqual([]);
    expect(JSON.stringify(fs)).not.toContain("Sent no audio");
  });

  it("is information only when the report has no client events to tell a mute by", () => {
    const [f] = only(run([silent], { events: [], sections: { events: "missing" } }), "empty-media");
    expect(f).toMatchObject({ severity: "info", title: expect.stringMatching(/possibly muted/) });
    expect(f?.evidence).toContain("The report has no client events, so no mute state");
    expect(peerHealth(run([silent], { events: [], sections: { events: "missing" } })).level).toBe("good");
  });

  it("gets the same reading on an evident scale: the MOS guess tells no mute from a dead microphone", () => {
    // A received track scored above 1 makes the scale evident, so MOS 1 at no bitrate reads as muted for MOS.
    const heard = track("audio_consumer", { metrics: { mos: runs([4.3, 30]) } });
    const fs = run([silent, heard], { events: [] });
    expect(only(fs, "mos")).toEqual([]);
    expect(only(fs, "empty-media")[0]).toMatchObject({
      severity: "warn",
      title: expect.stringMatching(/^Sent only silence/),
    });
  });
});

describe("silent screen-share audio", () => {
  it("is information, never a Poor 'Sent no screen-share audio': shared content is often silent", () => {
    for (const key of ["screenshare_audio_producer", "screenshare_audio_consumer"] as const) {
      const fs = run([track(key, { metrics: { bitrateKbps: runs([0, 30]) } })]);
      const [f] = only(fs, "empty-media");
      expect(f).toMatchObject({
        severity: "info",
        tracks: [key],
        title: expect.stringMatching(/only silence on screen-share audio/),
      });
      expect(fs.filter((x) => x.severity !== "info")).toEqual([]);
    }
  });

  it("a silent camera is still poor", () => {
    expect(
      only(run([track("video_producer", { metrics: { bitrateKbps: runs([0, 30]) } })]), "empty-media")[0]?.severity,
    ).toBe("poor");
  });
});

describe("resolution", () => {
  const video = (key: TrackKey, heights: number[], widths?: number[]) =>
    track(key, {
      metrics: { frameHeightPx: heights, frameWidthPx: widths ?? heights.map((h) => Math.round((h * 16) / 9)) },
    });

  it("a drop below 360 px from higher warns; 360 px does not", () => {
    expect(only(run([video("video_consumer", bump(720, 359))]), "resolution")[0]).toMatchObject({
      severity: "warn",
      tracks: ["video_consumer"],
    });
    expect(only(run([video("video_consumer", bump(720, 360))]), "resolution")).toEqual([]);
  });

  it("a camera always below 240 px warns; always at 240 px or a screen share does not", () => {
    expect(only(run([video("video_producer", runs([239, 20]))]), "resolution")).toHaveLength(1);
    expect(only(run([video("video_producer", runs([240, 20]))]), "resolution")).toEqual([]);
    expect(only(run([video("screenshare_video_producer", runs([200, 20]))]), "resolution")).toEqual([]);
  });

  it("uses the short side, so portrait phone video is judged like landscape", () => {
    // 480×640 portrait dropping to 240×320.
    const tr = video("video_producer", bump(640, 320), bump(480, 240));
    const [f] = only(run([tr]), "resolution");
    expect(f?.title).toBe("Video resolution dropped, down to 240 px (video sent)");
  });

  it("stepping between two low layers is one episode until it recovers", () => {
    const steps = runs<number>([720, 10], [180, 2], [360, 2], [180, 2], [360, 2], [720, 10]);
    expect(only(run([video("video_producer", steps)]), "resolution")[0]?.episodes).toHaveLength(1);
  });
});

describe("sender limitations", () => {
  const limited = (reason: "cpu" | "bandwidth", n: number, everyS = STEP_S) =>
    track("video_producer", {
      everyS,
      qualityLimitation: runs<"cpu" | "bandwidth" | "none">(["none", 10], [reason, n], ["none", 10]),
      metrics: { fps: runs([30, 10], [5, n], [30, 10]), frameHeightPx: runs([720, 10], [180, n], [720, 10]) },
    });

  it.each(["cpu", "bandwidth"] as const)("%s for the minimum duration fires, shorter does not", (reason) => {
    expect(only(run([limited(reason, 3, 5)]), reason)).toHaveLength(1); // exactly 15 s
    expect(only(run([limited(reason, 3, 4.9)]), reason)).toEqual([]); // 14.7 s
    const [f] = only(run([limited(reason, 3, 5)]), reason);
    expect(f?.severity).toBe("warn");
    expect(f?.evidence[0]).toBe(
      `Video sent: ${reason}-limited; frame rate down to 5 fps, resolution down to 180 px (short side)`,
    );
  });
});

describe("transport", () => {
  const transport = (pairs: ReturnType<typeof pair>[]) => only(run([], { candidatePairs: pairs }), "transport");

  it("direct UDP is nothing, a UDP relay is info, TCP is warn", () => {
    expect(transport([pair()])).toEqual([]);
    expect(transport([pair({ localType: "relay" })])[0]).toMatchObject({
      severity: "info",
      title: "Media went through a TURN relay over UDP",
    });
    expect(transport([pair({ localType: "relay", protocol: "tcp" })])[0]).toMatchObject({
      severity: "warn",
      title: "Media went through a TURN relay over TCP",
    });
    expect(transport([pair({ protocol: "tcp" })])[0]).toMatchObject({
      severity: "warn",
      title: "Media sent over TCP instead of UDP",
    });
  });

  it("recognises TURN over TLS from the URL even when the protocol says udp", () => {
    const [f] = transport([
      pair({ localType: "relay", protocol: "udp", url: "turns:turn.example.com:443?transport=tcp" }),
    ]);
    expect(f?.severity).toBe("warn");
  });

  it("never reads a pair without types or protocols as direct UDP", () => {
    const p = pair();
    const unreported = {
      ...p,
      path: "unknown" as const,
      local: { ...p.local, type: null, protocol: null },
      remote: { ...p.remote, type: null, protocol: null },
    };
    expect(transport([unreported])).toEqual([]);
    expect(transportSummary([unreported])).toBe("path and protocol not reported");
    expect(transportSummary([{ ...unreported, local: { ...unreported.local, protocol: "udp" } }])).toBe(
      "relay or direct not reported over UDP",
    );
    expect(transportSummary([pair(), { ...pair(), local: { ...p.local, type: "srflx", protocol: null } }])).toBe(
      "direct over UDP on 1, protocol not reported on 1 of 2 connections",
    );
    expect(transportSummary([pair()])).toBe("direct over UDP");
    // A relay whose protocol is not reported is a relay, not "TURN over UDP".
    const relay = { ...pair({ localType: "relay" }), local: { ...pair({ localType: "relay" }).local, protocol: null } };
    expect(transport([relay])[0]).toMatchObject({ severity: "info", title: "Media went through a TURN relay" });
  });

  it("ignores candidate pairs that were not nominated", () => {
    expect(transport([pair(), pair({ localType: "relay", protocol: "tcp", nominated: false })])).toEqual([]);
  });
});

describe("reconnects", () => {
  const peerEvents = (...rows: ["joining" | "leaving", number][]): PeerEvent[] =>
    rows.map(([kind, s], i) => ({
      id: `e${i}`,
      kind,
      name: kind === "joining" ? "PEER_JOINING" : "PEER_LEAVING",
      at: iso(s),
      viewType: "GROUP_CALL",
      minutesConsumed: null,
    }));
  /** Audio and video sampled every 7 s with one pause of `pauseS` after the 10th sample. */
  const paused = (pauseS: number, keys: TrackKey[] = ["audio_producer", "video_producer"]) =>
    keys.map((k) =>
      track(k, { t: [...times(10), ...times(10, STEP_S, 9 * STEP_S + pauseS)], metrics: { lossPct: runs([0, 20]) } }),
    );

  it("one rejoin from peer events warns, two are poor", () => {
    const one = only(
      run([], {
        participant: participant({
          peerEvents: peerEvents(["joining", 0], ["leaving", 100], ["joining", 110]),
          reconnects: 1,
        }),
      }),
      "reconnect",
    );
    expect(one[0]).toMatchObject({ severity: "warn", title: "Connection dropped 1 time (10 s without media)" });
    const twice = peerEvents(["joining", 0], ["leaving", 100], ["joining", 110], ["leaving", 300], ["joining", 305]);
    const two = only(run([], { participant: participant({ peerEvents: twice, reconnects: 2 }) }), "reconnect");
    expect(two[0]?.severity).toBe("poor");
  });

  it("a disconnect with an outage of 30 s is poor, 29 s only warns", () => {
    const events = (pauseS: number) => [
      event("disconnect", 9 * STEP_S + 2, { reason: "transport_disconnected" }),
      event("reconnect_attempt", 9 * STEP_S + pauseS - 4),
    ];
    const at30 = only(run(paused(30), { events: events(30) }), "reconnect")[0];
    const at29 = only(run(paused(29), { events: events(29) }), "reconnect")[0];
    expect(at30).toMatchObject({ severity: "poor" });
    expect(at30?.episodes).toEqual([
      { start: at(9 * STEP_S), end: at(9 * STEP_S + 30), durationS: 30, peak: null, unit: null, severity: "poor" },
    ]);
    expect(at29?.severity).toBe("warn");
    expect(at29?.evidence).toContain("Disconnect reason: transport_disconnected");
  });

  it("a pause in every track without events is a possible drop", () => {
    const [f] = only(run(paused(25)), "reconnect");
    expect(f).toMatchObject({ severity: "warn", title: "No stats for 25 s (a gap; possible connection drop)" });
  });

  it("a pause in one track only (camera off) is no reconnect", () => {
    const audio = track("audio_producer", { metrics: { lossPct: runs([0, 30]) } });
    const video = paused(60, ["video_producer"]);
    expect(only(run([audio, ...video]), "reconnect")).toEqual([]);
  });
});

describe("tab in the background", () => {
  const quiet = track("audio_producer", { metrics: { lossPct: runs([0, 40]) } });

  it("is info from tab_change inactive until active again", () => {
    const events = [
      event("tab_change", 100, { is_meetings_tab_active: false }),
      event("meeting_view_backgrounded", 100.001),
      event("tab_change", 160, { is_meetings_tab_active: true }),
    ];
    const [f] = only(run([quiet], { events }), "background");
    expect(f).toMatchObject({ severity: "info", title: "Meeting in the background for 1 min" });
    expect(f?.episodes[0]).toMatchObject({ start: at(100), end: at(160), durationS: 60 });
  });

  it("without a foreground event it lasts until the end of the call", () => {
    const [f] = only(run([quiet], { events: [event("browser_backgrounded", 200)] }), "background");
    expect(f?.episodes[0]?.end).toBe(at(39 * STEP_S));
  });

  it("warns when it overlaps a quality episode", () => {
    const lossy = track("audio_producer", { metrics: { lossPct: bump(0, 12) } });
    const events = [event("browser_backgrounded", 60), event("browser_foregrounded", 120)];
    const [f] = only(run([lossy], { events }), "background");
    expect(f?.severity).toBe("warn");
    expect(f?.evidence.join(" ")).toMatch(/Overlaps: Upstream packet loss/);
  });
});

describe("device changes", () => {
  const quiet = track("audio_producer", { metrics: { lossPct: runs([0, 40]) } });

  it("ignores the device list read before joining, reports later changes as info", () => {
    expect(
      only(run([quiet], { deviceUpdates: [deviceUpdate(-5, "audio-devices", "Built-in Mic")] }), "device-change"),
    ).toEqual([]);
    const [f] = only(
      run([quiet], {
        deviceUpdates: [
          deviceUpdate(120, "audio-devices", "AirPods Pro"),
          deviceUpdate(120.04, "selected", "AirPods Pro"),
        ],
      }),
      "device-change",
    );
    expect(f).toMatchObject({ severity: "info", title: "Devices changed during the call (AirPods Pro)" });
    expect(f?.evidence).toEqual([
      "14:02:00 UTC: microphone added: AirPods Pro",
      "14:02:00 UTC: switched to AirPods Pro (microphone)",
    ]);
  });

  it("warns when the change comes just before a quality episode", () => {
    const lossy = track("audio_producer", { metrics: { lossPct: bump(0, 12) } });
    const [f] = only(
      run([lossy], { deviceUpdates: [deviceUpdate(55, "audio-devices", "USB Headset")] }),
      "device-change",
    );
    expect(f?.severity).toBe("warn");
  });
});

describe("pre-call test", () => {
  const pre = (o: Parameters<typeof precall>[0]) => only(run([], { precall: [precall(o)] }), "precall");

  it("stays quiet for a good test, including one with nothing measured", () => {
    expect(pre({})).toEqual([]);
  });

  it.each([
    [{ rttMs: 300 }, false],
    [{ rttMs: 301 }, true],
    [{ lossPct: 5 }, false],
    [{ lossPct: 5.1 }, true],
    [{ throughputKbps: 500 }, false],
    [{ throughputKbps: 499 }, true],
    [{ effectiveNetworkType: "4g" }, false],
    [{ effectiveNetworkType: "3g" }, true],
    [{ effectiveNetworkType: "slow-2g" }, true],
    [{ reflexiveConnectivity: false }, true],
    [{ relayConnectivity: false }, true],
    [{ turnConnectivity: false }, true],
    [
      { turnConnectivity: null, relayConnectivity: null, reflexiveConnectivity: null, effectiveNetworkType: null },
      false,
    ],
  ])("%o → %s", (o, fires) => {
    expect(pre(o)).toHaveLength(fires ? 1 : 0);
  });

  it("says what was not measured, and what the call did", () => {
    const [f] = pre({ reflexiveConnectivity: false });
    expect(f?.evidence).toEqual([
      "Pre-call test at 13:59:57 UTC: no STUN (server-reflexive) candidate: UDP blocked or a strict NAT",
      "RTT, loss and throughput were not measured (this SDK's pre-call test reports connectivity only)",
      "In the call: media direct over UDP",
    ]);
  });

  describe("weighs the test against what the call did", () => {
    const restricted = [precall({ reflexiveConnectivity: false })];
    const healthy = track("audio_producer", { metrics: { lossPct: runs([0, 30]), rttMs: runs([12, 30]) } });

    it("is information when the call went direct over UDP without trouble", () => {
      const [f] = only(run([healthy], { precall: restricted }), "precall");
      expect(f).toMatchObject({
        severity: "info",
        title: "Pre-call test flagged a weak or restricted network, but the call went direct over UDP without trouble",
      });
      expect(f?.detail).not.toMatch(/lies with this participant's network/);
      expect(f?.evidence).toContain("In the call: media direct over UDP; sending RTT median 12 ms, loss median 0 %");
      expect(f?.episodes.map((e) => e.severity)).toEqual(["info"]);
    });

    it("is a warning when the call shows the trouble: loss, or a relay", () => {
      const lossy = track("audio_producer", { metrics: { lossPct: bump(0, 12), rttMs: runs([12, 25]) } });
      const [f] = only(run([lossy], { precall: restricted }), "precall");
      expect(f).toMatchObject({
        severity: "warn",
        title: "Pre-call test already showed a weak or restricted network, and the call had network trouble",
      });
      expect(f?.evidence).toContain("In the call: Upstream packet loss up to 12 % (audio sent)");
      const relayed = only(
        run([healthy], { precall: restricted, candidatePairs: [pair({ localType: "relay" })] }),
        "precall",
      );
      expect(relayed[0]?.severity).toBe("warn");
    });

    it("says when the call's data cannot tell", () => {
      const [f] = only(run([], { precall: restricted, candidatePairs: [] }), "precall");
      expect(f).toMatchObject({
        severity: "info",
        title: "Pre-call test flagged a weak or restricted network; the call's own data cannot confirm it",
      });
      expect(f?.evidence).toContain("In the call: media path not reported (no candidate pairs)");
    });
  });
});

describe("the one real report (2023, Chrome on macOS)", () => {
  const r = buildPeerReport(peerReportSchema.parse(realPeerReport()).data);
  const fs = findings(r, D);

  it("does not warn about the pre-call test of a call that went direct over UDP at 0 % loss", () => {
    expect(only(fs, "precall")[0]).toMatchObject({
      severity: "info",
      title: "Pre-call test flagged a weak or restricted network, but the call went direct over UDP without trouble",
    });
    expect(only(fs, "precall")[0]?.evidence).toContain(
      "In the call: media direct over UDP; sending RTT median 12 ms, loss median 0 %",
    );
    expect(fs.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("makes no verdict of MOS 1 on a muted microphone", () => {
    expect(only(fs, "mos")).toEqual([]);
    expect(peerHealth(fs).level).toBe("good");
  });

  it("never calls its muted microphone a Poor 'Sent no audio', even without its mute events", () => {
    // Its mic sent comfort noise (~7 kbit/s) while muted; a level of 10 kbit/s counts that as silence.
    const comfortNoise = thresholds('{"emptyBitrateKbps":10}');
    // The payload carries its events twice: today's metadata.events and the legacy peer_stats.events.
    const without = (drop: (name: string) => boolean) => {
      const raw = realPeerReport();
      const lists = [
        (raw.data.participant.peer_report as { metadata: object }).metadata,
        raw.data.participant.peer_stats as object,
      ] as { events?: { name?: string; type?: string }[] }[];
      for (const o of lists) {
        o.events = o.events?.filter((e) => !drop(e.name ?? e.type ?? ""));
        if (!o.events?.length) delete o.events;
      }
      return findings(buildPeerReport(peerReportSchema.parse(raw).data), comfortNoise);
    };
    const cases = {
      asReported: without(() => false),
      noMicEvents: without((n) => n.startsWith("audio_")),
      noEvents: without(() => true),
    };
    for (const fs of Object.values(cases)) {
      expect(fs.filter((f) => f.severity === "poor")).toEqual([]);
      expect(JSON.stringify(fs)).not.toContain("Sent no audio");
    }
    // Its own audio_off events excuse the silence; without them it is possibly muted, inferred.
    expect(only(cases.asReported, "empty-media")).toEqual([]);
    expect(only(cases.noMicEvents, "empty-media")[0]).toMatchObject({
      severity: "warn",
      title: expect.stringMatching(/^Sent only silence \(≤ 10 kbit\/s.*possibly muted/),
    });
    expect(only(cases.noEvents, "empty-media")[0]?.severity).toBe("info");
  });
});

describe("empty media and completeness", () => {
  it("an empty quality section gives an empty-media warning and a completeness note", () => {
    const fs = run([], { sections: { quality: "empty" } });
    expect(fs.map((f) => [f.rule, f.severity])).toEqual([
      ["empty-media", "warn"],
      ["completeness", "info"],
    ]);
    expect(fs[1]?.title).toBe("Incomplete data: quality samples empty");
  });

  const summaryOnly = (lossAvg: number, series: "empty" | "unreadable" = "empty"): TrackSummary => ({
    key: "audio_producer",
    kind: "audio",
    direction: "send",
    screenshare: false,
    series,
    cumulative: cumulative({
      mos: { avg: 1, p50: 1, p75: 1, p90: 1 },
      lossPct: { avg: lossAvg, atOrAbove: { "5": lossAvg >= 5 ? 0.4 : 0, "10": 0 } },
      rttMs: { avg: 35, atOrAbove: { "250": 0.02 } },
    }),
  });

  it("empty series with RealtimeKit's summary report from the summary, not 'nothing can be said'", () => {
    const fs = run([], { sections: { quality: "empty" }, summaries: [summaryOnly(0.2)] });
    const [f] = only(fs, "empty-media");
    expect(f).toMatchObject({
      severity: "info",
      title: "No quality time series, only RealtimeKit's own summary (audio sent)",
      tracks: ["audio_producer"],
    });
    expect(f?.detail).toMatch(/time series are empty, but RealtimeKit's own per-track summary is there/);
    expect(f?.evidence).toEqual([
      "Audio sent, RealtimeKit's summary: loss avg 0.2 %; RTT avg 35 ms (≥ 250 ms in 2 % of samples); " +
        "MOS avg 1 (scale undocumented, no value above 1)",
    ]);
    expect(JSON.stringify(fs)).not.toMatch(/Nothing can be said|never uploaded/);
    expect(peerHealth(fs).level).toBe("good");
    // A summary past the warn level is a warning, never poor: averages have no durations.
    const [lossy] = only(run([], { sections: { quality: "empty" }, summaries: [summaryOnly(12)] }), "empty-media");
    expect(lossy).toMatchObject({
      severity: "warn",
      title: "No quality time series; RealtimeKit's own summary shows loss averaging 12 % (audio sent)",
    });
  });

  it("samples uploaded with unreadable times give one message, not 'never uploaded' as well", () => {
    const fs = run([], { sections: { quality: "unreadable" }, droppedSamples: 17 });
    expect(fs.map((f) => f.rule)).toEqual(["completeness"]);
    expect(fs[0]?.title).toBe("Incomplete data: quality samples unreadable");
    expect(fs[0]?.evidence.filter((e) => /17/.test(e))).toEqual([
      "Quality samples: 17 uploaded, none with a readable time (unparseable or out of range), " +
        "so none can be placed on the time axis",
    ]);
    // With a summary beside them, the summary speaks.
    const [f] = only(
      run([], { sections: { quality: "unreadable" }, droppedSamples: 17, summaries: [summaryOnly(0.2, "unreadable")] }),
      "empty-media",
    );
    expect(f?.evidence).toContain("17 samples uploaded, none with a readable time");
  });

  it("a track with only a summary beside others with series is named in the completeness note", () => {
    const tr = track("video_producer", { metrics: { lossPct: runs([0, 10]) } });
    const [f] = only(run([tr], { summaries: [summaryOnly(0.2)] }), "completeness");
    expect(f?.evidence[0]).toMatch(/^Audio sent: no time series \(empty\), only RealtimeKit's summary: loss avg 0.2 %/);
  });

  it("a sender at no bitrate while its mute events show it unmuted is poor; muted is fine", () => {
    const silent = track("audio_producer", { metrics: { bitrateKbps: runs([0.5, 10]) } });
    expect(only(run([silent], { events: [event("audio_on", -1)] }), "empty-media")[0]).toMatchObject({
      severity: "poor",
      title: "Sent no audio (≤ 1 kbit/s for the whole call)",
    });
    expect(only(run([silent], { events: [event("audio_off", -1)] }), "empty-media")).toEqual([]);
    const camera = track("video_producer", { metrics: { bitrateKbps: runs([0.5, 10]) } });
    expect(only(run([camera]), "empty-media")[0]).toMatchObject({
      severity: "poor",
      title: "Sent no video (≤ 1 kbit/s for the whole call)",
    });
  });

  it("fires at the bitrate threshold, not above it", () => {
    expect(
      only(run([track("video_producer", { metrics: { bitrateKbps: runs([1, 10]) } })]), "empty-media"),
    ).toHaveLength(1);
    expect(
      only(run([track("video_producer", { metrics: { bitrateKbps: runs([1, 9], [1.1, 1]) } })]), "empty-media"),
    ).toEqual([]);
  });

  it("a receiver that got nothing is poor", () => {
    const [f] = only(
      run([track("video_consumer", { metrics: { bitrateKbps: runs([null, 1], [0, 9]) } })]),
      "empty-media",
    );
    expect(f).toMatchObject({ severity: "poor", title: "Received no video (≤ 1 kbit/s for the whole call)" });
  });

  it("names missing sections, samples dropped and short coverage", () => {
    const tr = track("audio_producer", { metrics: { lossPct: runs([0, 10]) } });
    const fs = run([tr], {
      sections: { precall: "missing", events: "empty" },
      duplicateSamples: 3,
      participant: participant({ joinedAt: iso(0), leftAt: iso(600) }),
    });
    const [f] = only(fs, "completeness");
    expect(f?.title).toBe(
      "Incomplete data: pre-call test missing, client events empty, samples cover part of the call",
    );
    expect(f?.evidence).toContain("3 samples dropped: another sample in the same series had the same timestamp");
  });

  it("a complete, quiet report has no findings at all", () => {
    const tr = track("audio_producer", { metrics: { lossPct: runs([0, 30]), mos: runs([4.3, 30]) } });
    expect(run([tr])).toEqual([]);
  });
});

describe("overrides, order and determinism", () => {
  it("threshold overrides change results", () => {
    const tr = single("audio_producer", "lossPct", bump(0, 4));
    expect(run([tr])).toEqual([]);
    const t = thresholds('{"lossPct":{"warn":3,"poor":8},"minDurationS":20}');
    expect(only(run([tr], {}, t), "loss")[0]).toMatchObject({
      severity: "warn",
      threshold: "loss ≥ 3 % for ≥ 20 s (off below 1.8 %)",
    });
    expect(run([single("audio_producer", "lossPct", bump(0, 12, 2))], {}, t)).toEqual([]);
  });

  it("sorts most severe first, then earliest", () => {
    const fs = run(
      [
        single("audio_producer", "lossPct", runs([0, 30], [15, 5], [0, 5])),
        single("audio_consumer", "jitterMs", runs([5, 5], [45, 5], [5, 30])),
        single("video_consumer", "fps", runs([30, 20], [10, 5], [30, 15])),
      ],
      { candidatePairs: [pair({ localType: "relay" })] },
    );
    expect(fs.map((f) => `${f.severity}:${f.rule}`)).toEqual([
      "poor:loss",
      "warn:jitter",
      "warn:fps",
      "info:transport",
    ]);
  });

  it("gives the same findings, ids included, on every run", () => {
    const make = () =>
      run([single("audio_producer", "lossPct", bump(0, 18)), single("video_producer", "lossPct", bump(0, 18))], {
        events: [event("tab_change", 30, { is_meetings_tab_active: false })],
      });
    expect(make()).toEqual(make());
    expect(new Set(make().map((f) => f.id)).size).toBe(make().length);
  });
});
