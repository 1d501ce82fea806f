import { describe, expect, it } from "vitest";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { realPeerReport } from "@/lib/test/fixtures";
import { outages } from "@/lib/report/outages";
import { buildPeerReport } from "./peer-report";

function build(payload: unknown) {
  return buildPeerReport(peerReportSchema.parse(payload).data);
}

describe("buildPeerReport on the real 2023 payload", () => {
  const report = build(realPeerReport());

  it("maps participant fields, minutes to seconds", () => {
    expect(report.participant.peerId).toBe("bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c");
    expect(report.participant.preset).toBe("group_call_participant");
    expect(report.participant.durationS).toBeCloseTo(66.54, 2);
  });

  it("reads device, network and pre-call test", () => {
    expect(report.device).toMatchObject({
      os: "macOS",
      osVersion: "10.15.7",
      browser: "Chrome",
      cpuCores: 8,
      isMobile: false,
      sdkName: "web-core",
    });
    expect(report.network).toMatchObject({ city: "Nashik", country: "IN", asn: "AS135248", ipv4: "103.183.81.21" });
    expect(report.precall).toHaveLength(1);
    expect(report.precall[0]).toMatchObject({
      effectiveNetworkType: "4g",
      turnConnectivity: true,
      reflexiveConnectivity: false,
    });
  });

  it("normalises the candidate pair: seconds to ms, bit/s to kbit/s", () => {
    expect(report.candidatePairs).toHaveLength(1);
    expect(report.candidatePairs[0]).toMatchObject({
      transport: "producing",
      rttMs: 9,
      availableOutgoingKbps: 54.9,
      path: "direct",
    });
    expect(report.candidatePairs[0]?.local).toMatchObject({ type: "prflx", protocol: "udp", networkType: "wifi" });
  });

  it("sorts events and keeps the backgrounding signal", () => {
    expect(report.events.map((e) => e.name)).toContain("meeting_view_backgrounded");
    const times = report.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("builds the one non-empty track with units normalised", () => {
    expect(report.tracks.map((t) => t.key)).toEqual(["audio_producer"]);
    const track = report.tracks[0]!;
    expect(track.t).toHaveLength(10);
    expect(track.counters).toBe("interval");
    // Per-sample rtt comes in seconds.
    expect(track.metrics.rttMs?.[1]).toBeCloseTo(782.91, 1);
    // 6300 B over 7.000 s is 7.2 kbit/s; the first sample's interval is unknown.
    expect(track.metrics.bitrateKbps?.[0]).toBeNull();
    expect(track.metrics.bitrateKbps?.[2]).toBeCloseTo(7.2, 1);
    // MOS as reported: 1 throughout (mic muted), on a scale nothing in the data reveals.
    expect(track.metrics.mos?.every((v) => v === 1)).toBe(true);
    expect(track.mosScaleEvident).toBe(false);
    expect(report.mosScaleEvident).toBe(false);
    expect(track.medianIntervalS).toBeCloseTo(7, 0);
    expect(track.gaps).toEqual([]);
  });

  it("reads the cumulative block: rtt avg already ms, fractions keyed by threshold", () => {
    const c = report.tracks[0]!.cumulative!;
    expect(c.rttMs).toEqual({ avg: 135.7, atOrAbove: { "100": 0.2, "250": 0.2, "500": 0.1 } });
    expect(c.lossPct?.atOrAbove).toEqual({ "5": 0, "10": 0, "25": 0, "50": 0 });
    expect(c.mos).toEqual({ avg: 1, p50: 1, p75: 1, p90: 1 });
    expect(report.summaries.map((s) => [s.key, s.series])).toEqual([["audio_producer", "present"]]);
    expect(report.summaries[0]?.cumulative).toBe(c);
  });

  it("records completeness: empty series are empty, not missing", () => {
    expect(report.completeness.sections).toEqual({
      device: "present",
      network: "present",
      precall: "present",
      events: "present",
      quality: "present",
    });
    expect(report.completeness.tracks.audio_producer).toBe("present");
    expect(report.completeness.tracks.video_producer).toBe("empty");
    expect(report.completeness.legacyShape).toBe(false);
    expect(report.completeness.firstSampleAt).toBe(Date.parse("2023-12-14T13:35:36.554Z"));
  });
});

describe("buildPeerReport on other shapes", () => {
  it("reads the legacy peer_stats shape when peer_report is absent", () => {
    const real = realPeerReport();
    const { peer_report: _drop, ...legacy } = real.data.participant;
    const report = build({ success: true, data: { participant: legacy } });
    expect(report.completeness.legacyShape).toBe(true);
    expect(report.device).toMatchObject({ os: "macOS", browser: "Chrome", sdkVersion: "1.21.1-staging.3" });
    // Legacy `org` held the IP address, which is not an organisation.
    expect(report.network?.org).toBeNull();
    expect(report.precall[0]).toMatchObject({
      rttMs: 30,
      backendRttMs: 31,
      lossPct: 0,
      throughputKbps: 7931,
      effectiveNetworkType: "4g",
    });
    expect(report.events.some((e) => e.name === "call_join")).toBe(true);
    // Nested legacy metadata (peer_meta_data) is dropped, flat scalars kept.
    expect(report.events.find((e) => e.name === "call_join")?.metadata).toBeNull();
    expect(report.completeness.sections.quality).toBe("empty");
  });

  it("says what is missing when the report has no peer_report at all", () => {
    const report = build({ success: true, data: { participant: { id: "p1" } } });
    expect(report.completeness.sections).toEqual({
      device: "missing",
      network: "missing",
      precall: "missing",
      events: "missing",
      quality: "missing",
    });
    expect(report.tracks).toEqual([]);
    expect(report.device).toBeNull();
  });

  it("an all-empty report (every series [] and cumulative {}) is empty, not missing", () => {
    const quality = Object.fromEntries(
      ["audio_producer", "audio_consumer", "video_producer", "video_consumer"].flatMap((k) => [
        [k, []],
        [`${k}_cumulative`, {}],
      ]),
    );
    const report = build({ data: { participant: { id: "p2", peer_report: { metadata: { events: [] }, quality } } } });
    expect(report.completeness.sections.quality).toBe("empty");
    expect(report.completeness.sections.events).toBe("empty");
    expect(report.completeness.tracks.audio_producer).toBe("empty");
    expect(report.completeness.tracks.screenshare_audio_producer).toBe("missing");
  });

  it("keeps RealtimeKit's own summary when every time series is empty", () => {
    const cumulative = {
      quality_mos: { avg: 4.1, p50: 4.2, p75: 4.3, p90: 4.4 },
      packet_loss: { avg: 0.4, "5_or_greater_event_fraction": 0.02 },
    };
    const report = build({
      data: {
        participant: {
          id: "p7",
          peer_report: {
            metadata: {},
            quality: {
              audio_producer: [],
              audio_producer_cumulative: cumulative,
              video_producer: [],
              video_producer_cumulative: {},
            },
          },
        },
      },
    });
    expect(report.tracks).toEqual([]);
    expect(report.completeness.sections.quality).toBe("empty");
    expect(report.completeness.receivedSamples).toBe(0);
    expect(report.summaries).toEqual([
      {
        key: "audio_producer",
        kind: "audio",
        direction: "send",
        screenshare: false,
        series: "empty",
        cumulative: expect.objectContaining({
          mos: { avg: 4.1, p50: 4.2, p75: 4.3, p90: 4.4 },
          lossPct: { avg: 0.4, atOrAbove: { "5": 0.02 } },
        }),
      },
    ]);
    // The summary alone shows the scale: values above 1.
    expect(report.mosScaleEvident).toBe(true);
  });

  it("tells samples that were all unreadable from samples never uploaded", () => {
    const samples = ["not a time", "+275760-09-13T00:00:00Z", null].map((timestamp) => ({
      timestamp,
      packets_sent: 10,
    }));
    const report = build({
      data: {
        participant: {
          id: "p8",
          peer_report: { metadata: {}, quality: { audio_producer: samples, video_producer: [] } },
        },
      },
    });
    expect(report.tracks).toEqual([]);
    expect(report.completeness.sections.quality).toBe("unreadable");
    expect(report.completeness.tracks.audio_producer).toBe("unreadable");
    expect(report.completeness.tracks.video_producer).toBe("empty");
    expect(report.completeness).toMatchObject({
      receivedSamples: 3,
      droppedSamples: 3,
      firstSampleAt: null,
      lastSampleAt: null,
    });
  });

  it("drops an extreme sample time and keeps the rest of the series", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 7, 10, 14) + s * 1000).toISOString();
    const samples = [at(0), "+275760-09-13T00:00:00Z", at(7)].map((timestamp) => ({
      timestamp,
      packets_sent: 10,
      mos_quality: 1,
    }));
    const events = [
      { name: "audio_off", timestamp: "+275760-09-13T00:00:00Z" },
      { name: "audio_on", timestamp: at(3) },
    ];
    const report = build({
      data: { participant: { id: "p9", peer_report: { metadata: { events }, quality: { audio_producer: samples } } } },
    });
    expect(report.completeness).toMatchObject({
      receivedSamples: 3,
      droppedSamples: 1,
      lastSampleAt: Date.parse(at(7)),
    });
    expect(report.completeness.sections.quality).toBe("present");
    expect(report.events.map((e) => e.name)).toEqual(["audio_on"]);
  });

  it("flags TURN relay candidate pairs", () => {
    const report = build({
      data: {
        participant: {
          id: "p3",
          peer_report: {
            metadata: {
              candidate_pairs: {
                producing_transport: [
                  { local_candidate_type: "relay", local_candidate_protocol: "tcp", current_round_trip_time: 0.12 },
                ],
                consuming_transport: [],
              },
            },
          },
        },
      },
    });
    expect(report.candidatePairs[0]).toMatchObject({ path: "relay", rttMs: 120, local: { protocol: "tcp" } });
  });

  it("gives a pair without candidate types the path 'unknown', as the findings read it, not 'direct'", () => {
    const pairs = [
      { local_candidate_protocol: "udp" },
      { local_candidate_type: "srflx", remote_candidate_type: null },
      { local_candidate_type: "srflx", remote_candidate_type: "host" },
    ];
    const report = build({
      data: {
        participant: {
          id: "p4",
          peer_report: { metadata: { candidate_pairs: { producing_transport: pairs, consuming_transport: [] } } },
        },
      },
    });
    expect(report.candidatePairs.map((p) => p.path)).toEqual(["unknown", "unknown", "direct"]);
    // One field, one reading: no boolean left that says false (not relayed) for an unknown path.
    expect(report.candidatePairs[0]).not.toHaveProperty("relayed");
  });
});

describe("completeness gaps", () => {
  it("gathers every track's sampling gaps for the header", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 7, 10, 14) + s * 1000).toISOString();
    const samples = [0, 7, 14, 21, 28, 100, 107].map((s) => ({ timestamp: at(s), packets_sent: 10 }));
    const report = build({
      data: { participant: { id: "p4", peer_report: { metadata: {}, quality: { audio_producer: samples } } } },
    });
    expect(report.completeness.gaps).toEqual([
      { track: "audio_producer", from: Date.parse(at(28)), to: Date.parse(at(100)), durationS: 72 },
    ]);
  });

  it("leaves out a track's pause while others report (a screen share between shares); its line still breaks", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 7, 10, 14) + s * 1000).toISOString();
    const every7 = (from: number, to: number) =>
      Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, i) => ({
        timestamp: at(from + i * 7),
        packets_sent: 10,
        bytes_sent: 1000,
      }));
    const share = [...every7(0, 28), ...every7(600, 614)];
    const report = build({
      data: {
        participant: {
          id: "p5",
          peer_report: { metadata: {}, quality: { screenshare_video_producer: share, audio_producer: every7(0, 700) } },
        },
      },
    });
    expect(report.tracks.find((t) => t.key === "screenshare_video_producer")?.gaps).toHaveLength(1);
    expect(report.completeness.gaps).toEqual([]);
  });

  it("finds an outage of tracks that report a few seconds apart, once, with each track", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 7, 10, 14) + s * 1000).toISOString();
    const every7 = (from: number, to: number) =>
      Array.from({ length: Math.floor((to - from) / 7) + 1 }, (_, i) => ({
        timestamp: at(from + i * 7),
        packets_sent: 10,
        bytes_sent: 1000,
      }));
    const report = build({
      data: {
        participant: {
          id: "p6",
          peer_report: {
            metadata: {},
            quality: {
              audio_producer: [...every7(0, 14), ...every7(91, 140)],
              video_producer: [...every7(3, 17), ...every7(94, 143)],
            },
          },
        },
      },
    });
    const gaps = report.completeness.gaps;
    expect(gaps.map((g) => g.track).sort()).toEqual(["audio_producer", "video_producer"]);
    expect(gaps[0]).toMatchObject({ from: Date.parse(at(17)), to: Date.parse(at(91)) });
    expect(outages(gaps)).toEqual([
      { from: Date.parse(at(17)), to: Date.parse(at(91)), durationS: 74, tracks: ["audio_producer", "video_producer"] },
    ]);
  });
});
