import { describe, expect, it } from "vitest";
import { qualitySampleSchema } from "@/lib/realtimekit/schemas";
import { at, sample } from "@/lib/test/fixtures";
import {
  buildTrack,
  detectCounters,
  findGaps,
  mosScaleEvident,
  parseTimestamp,
  plausibleTime,
  type TrackBuildStats,
} from "./tracks";

const parse = (rows: Record<string, unknown>[]) => rows.map((r) => qualitySampleSchema.parse(r));
const stats = (): TrackBuildStats => ({ dropped: 0, duplicates: 0 });

describe("buildTrack", () => {
  it("computes bitrate from per-interval byte deltas over the real interval", () => {
    const rows = parse([
      sample(at(0), { bytes_sent: 1000 }),
      sample(at(7), { bytes_sent: 28_000 }),
      sample(at(21), { bytes_sent: 28_000 }),
    ]);
    const t = buildTrack("audio_producer", rows, stats())!;
    expect(t.metrics.bitrateKbps).toEqual([null, 32, 16]);
  });

  it("computes bitrate from running totals, and skips the step where a counter reset", () => {
    const totals = [0, 100, 200, 300, 400, 500, 600, 700, 50, 150].map((kb) => kb * 1000);
    const rows = parse(
      totals.map((b, i) => sample(at(i * 10), { bytes_received: b, packets_received: b / 1000, packets_lost: 0 })),
    );
    const t = buildTrack("video_consumer", rows, stats())!;
    expect(t.counters).toBe("cumulative");
    expect(t.metrics.bitrateKbps?.slice(0, 3)).toEqual([null, 80, 80]);
    expect(t.metrics.bitrateKbps?.[8]).toBeNull();
    expect(t.metrics.bitrateKbps?.[9]).toBe(80);
  });

  it("orders out-of-order samples, removes duplicates and unreadable timestamps", () => {
    const s = stats();
    const rows = parse([
      sample(at(14), { jitter: 0.003 }),
      sample(at(0), { jitter: 0.001 }),
      sample("not a time", { jitter: 9 }),
      sample(at(7), { jitter: 0.002 }),
      sample(at(7), { jitter: 0.0025 }),
    ]);
    const t = buildTrack("audio_consumer", rows, s)!;
    expect(t.t).toEqual([at(0), at(7), at(14)].map(Date.parse));
    expect(t.metrics.jitterMs).toEqual([1, 2.5, 3]);
    expect(s).toEqual({ dropped: 1, duplicates: 1 });
  });

  it("keeps MOS as reported: 1 stays 1, 4.2 stays 4.2", () => {
    const t = buildTrack(
      "audio_producer",
      parse([
        sample(at(0), { mos_quality: 1 }),
        sample(at(7), { mos_quality: 0.5 }),
        sample(at(14), { mos_quality: 4.2 }),
      ]),
      stats(),
    )!;
    expect(t.metrics.mos).toEqual([1, 0.5, 4.2]);
  });

  it("drops samples at times no call can have, like unreadable ones", () => {
    const s = stats();
    const rows = parse([
      sample(at(0), { jitter: 0.001 }),
      sample("+275760-09-13T00:00:00Z", { jitter: 0.002 }),
      sample("1970-01-01T00:00:00.000Z", { jitter: 0.003 }),
      sample(at(7), { jitter: 0.004 }),
    ]);
    const t = buildTrack("audio_consumer", rows, s)!;
    expect(t.t).toEqual([at(0), at(7)].map(Date.parse));
    expect(s.dropped).toBe(2);
  });

  it("converts seconds to ms, and leaves values that are already ms", () => {
    const secs = buildTrack("audio_producer", parse([sample(at(0), { rtt: 0.25, jitter: 0.012 })]), stats())!;
    expect(secs.metrics.rttMs).toEqual([250]);
    expect(secs.metrics.jitterMs).toEqual([12]);
    const ms = buildTrack("audio_producer", parse([sample(at(0), { rtt: 250, jitter: 12 })]), stats())!;
    expect(ms.metrics.rttMs).toEqual([250]);
    expect(ms.metrics.jitterMs).toEqual([12]);
  });

  it("computes loss against sent packets for senders and sent-or-lost for receivers", () => {
    const send = buildTrack(
      "audio_producer",
      parse([sample(at(0), { packets_sent: 100, packets_lost: 10 })]),
      stats(),
    )!;
    expect(send.metrics.lossPct).toEqual([10]);
    const recv = buildTrack(
      "audio_consumer",
      parse([sample(at(0), { packets_received: 90, packets_lost: 10 })]),
      stats(),
    )!;
    expect(recv.metrics.lossPct).toEqual([10]);
    const idle = buildTrack(
      "audio_consumer",
      parse([sample(at(0), { packets_received: 0, packets_lost: 0 })]),
      stats(),
    )!;
    expect(idle.metrics.lossPct).toBeUndefined();
  });

  it("averages the jitter buffer delay per emitted sample, in ms", () => {
    const t = buildTrack(
      "audio_consumer",
      parse([sample(at(0), { jitter_buffer_delay: 15_062.4, jitter_buffer_emitted_count: 258_240 })]),
      stats(),
    )!;
    expect(t.metrics.jitterBufferMs).toEqual([58.3]);
  });

  it("keeps video fields and quality limitation only where they belong", () => {
    const rows = parse([
      sample(at(0), { frames_per_second: 30, frame_width: 1280, frame_height: 720, quality_limitation_reason: "none" }),
      sample(at(7), { frames_per_second: 6, frame_width: 640, frame_height: 360, quality_limitation_reason: "cpu" }),
    ]);
    const v = buildTrack("video_producer", rows, stats())!;
    expect(v.metrics.fps).toEqual([30, 6]);
    expect(v.metrics.frameHeightPx).toEqual([720, 360]);
    expect(v.qualityLimitation).toEqual(["none", "cpu"]);
    expect(v.metrics.rttMs).toBeUndefined();
    const a = buildTrack("audio_producer", rows, stats())!;
    expect(a.metrics.fps).toBeUndefined();
    expect(a.qualityLimitation).toBeNull();
  });

  it("returns null for an empty series and for one whose timestamps are all unreadable", () => {
    expect(buildTrack("audio_producer", [], stats())).toBeNull();
    expect(buildTrack("audio_producer", parse([sample("?")]), stats())).toBeNull();
  });

  it("after a sampling gap, a per-interval delta is taken over the usual cadence, not the gap", () => {
    const times = [0, 7, 14, 21, 28, 100].map(at);
    const t = buildTrack("audio_producer", parse(times.map((x) => sample(x, { bytes_sent: 28_000 }))), stats())!;
    expect(t.gaps).toHaveLength(1);
    expect(t.metrics.bitrateKbps?.at(-1)).toBe(32);
  });

  it("finds gaps well beyond the sampling cadence", () => {
    const times = [0, 7, 14, 21, 28, 95, 102, 109].map(at);
    const t = buildTrack("audio_producer", parse(times.map((x) => sample(x, { packets_sent: 1 }))), stats())!;
    expect(t.gaps).toEqual([{ from: Date.parse(at(28)), to: Date.parse(at(95)), durationS: 67 }]);
  });
});

describe("parseTimestamp", () => {
  it("agrees with Date.parse on every shape the upstream sends, and on broken ones", () => {
    const inputs = [
      "2026-11-25T14:05:03Z",
      "2026-11-25T14:05:03.1Z",
      "2026-11-25T14:05:03.12Z",
      "2026-11-25T14:05:03.123Z",
      "2026-11-25T14:05:03.123456Z",
      "2026-11-25T14:05:03.123+00:00",
      "2026-11-25T16:05:03+02:00",
      "2026-11-25 14:05:03",
      "2024-02-29T23:59:59.999Z",
      "2026-02-30T10:00:00Z",
      "2026-13-01T10:00:00Z",
      "2026-11-25T24:00:00Z",
      "2026-11-25T14:60:00Z",
      "0050-01-01T00:00:00Z",
      "2026-11-25T14:05:03.Z",
      "2026-1a-25T14:05:03Z",
      "not a time",
      "",
    ];
    for (const s of inputs) expect([s, parseTimestamp(s)]).toEqual([s, Date.parse(s)]);
    // Around every month's end and the turn of a year.
    for (let t = Date.UTC(2023, 11, 27); t < Date.UTC(2025, 0, 3); t += 86_400_000 + 3_723_457) {
      const iso = new Date(t).toISOString();
      expect(parseTimestamp(iso)).toBe(t);
    }
  });
});

describe("helpers", () => {
  it("detectCounters: constant or noisy deltas are deltas; rising totals are totals", () => {
    expect(detectCounters([6300, 6300, 6300, 6300, 6300, 6300, 6300, 6300])).toBe("interval");
    expect(detectCounters([6300, 6282, 6318, 6300, 6300, 6300, 6318, 6300, 6300])).toBe("interval");
    expect(detectCounters([6300, 12600, 18900, 25200, 31500, 37800, 44100, 50400])).toBe("cumulative");
    expect(detectCounters([1, 2, 3])).toBe("interval");
  });

  it("mosScaleEvident: only a value above 1 shows the scale", () => {
    expect(mosScaleEvident([1, 1, null])).toBe(false);
    expect(mosScaleEvident([0.9, 4.2])).toBe(true);
    expect(mosScaleEvident([null])).toBe(false);
  });

  it("plausibleTime: 2000 up to 2100, not NaN nor the end of Date's range", () => {
    expect(plausibleTime(Date.parse("2023-12-14T13:35:36.554Z"))).toBe(true);
    expect(plausibleTime(Date.parse("+275760-09-13T00:00:00Z"))).toBe(false);
    expect(plausibleTime(Date.parse("1970-01-01T00:00:00Z"))).toBe(false);
    expect(plausibleTime(NaN)).toBe(false);
  });

  it("findGaps ignores ordinary jitter in cadence", () => {
    expect(findGaps([0, 7000, 14500, 21000], 7)).toEqual([]);
  });
});

describe("several streams at one instant", () => {
  it("combines them: counters add, delays take the worst, video the best stream, true repeats dropped", () => {
    const s = stats();
    const rows = parse([
      sample(at(0), {
        consumer_id: "a",
        bytes_received: 7000,
        packets_received: 90,
        packets_lost: 10,
        jitter: 0.01,
        frames_per_second: 5,
        frame_height: 180,
      }),
      sample(at(0), {
        consumer_id: "b",
        bytes_received: 21_000,
        packets_received: 100,
        packets_lost: 0,
        jitter: 0.03,
        frames_per_second: 30,
        frame_height: 720,
      }),
      sample(at(7), { consumer_id: "a", bytes_received: 7000, packets_received: 100, packets_lost: 0, jitter: 0.01 }),
      sample(at(7), { consumer_id: "b", bytes_received: 21_000, packets_received: 100, packets_lost: 0, jitter: 0.02 }),
      sample(at(7), { consumer_id: "b", bytes_received: 21_000, packets_received: 100, packets_lost: 0, jitter: 0.02 }),
    ]);
    const t = buildTrack("video_consumer", rows, s)!;
    expect(t.streams).toBe(2);
    expect(t.t).toHaveLength(2);
    expect(t.metrics.bitrateKbps).toEqual([null, 32]);
    expect(t.metrics.lossPct?.[0]).toBe(5);
    expect(t.metrics.jitterMs).toEqual([30, 20]);
    expect(t.metrics.fps?.[0]).toBe(30);
    expect(t.metrics.frameHeightPx?.[0]).toBe(720);
    expect(s.duplicates).toBe(1);
  });
});
