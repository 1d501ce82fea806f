// The numbers must be physically consistent, because the product diagnoses calls from them.

import { describe, expect, it } from "vitest";
import { SIM, SIM_WEBINAR_DIP } from "../scenarios";
import type { PeerPlan } from "./model";
import type { AudioProducerSample, VideoProducerSample } from "./quality";
import { sampleTimes } from "./quality";
import type { PeerReport } from "./views";
import { ReportStore, sessionStats, sessionView } from "./views";
import { buildWorld } from "./world";

const ANCHOR = Date.parse("2026-08-20T12:00:00.000Z");
const world = buildWorld(7, ANCHOR);
const store = new ReportStore(world);

function peer(id: string): PeerPlan {
  const p = world.peersById.get(id);
  if (!p) throw new Error(`no peer ${id}`);
  return p;
}

function report(id: string, nowMs = ANCHOR): PeerReport {
  return store.report(peer(id), nowMs);
}

const ms = (iso: string): number => Date.parse(iso);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const lossPct = (s: AudioProducerSample): number => (s.packets_lost / s.packets_sent) * 100;

/** kbps of each sample from its byte delta over the time since the previous sample. */
function kbps(samples: readonly AudioProducerSample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (!a || !b || a.producer_id !== b.producer_id) continue;
    out.push((b.bytes_sent * 8) / (ms(b.timestamp) - ms(a.timestamp)));
  }
  return out;
}

describe("world", () => {
  it("holds every featured id in the right app and session", () => {
    for (const id of Object.values(SIM.sessions)) expect(world.sessionsById.get(id)?.appId).toBe(SIM.apps.prod.id);
    const where: Record<string, string> = {
      healthy: SIM.sessions.healthy,
      lossBurst: SIM.sessions.problem,
      turnTcp: SIM.sessions.problem,
      cpuLimited: SIM.sessions.problem,
      reconnecting: SIM.sessions.mobile,
      mobile4g: SIM.sessions.mobile,
      emptyReport: SIM.sessions.mobile,
      livePeer: SIM.sessions.live,
      webinarHost: SIM.sessions.webinar,
      webinarAttendee: SIM.sessions.webinar,
      webinarBadAttendee: SIM.sessions.webinar,
      edgeMutedMos: SIM.sessions.edge,
      edgeSummaryOnly: SIM.sessions.edge,
      edgeOddTimes: SIM.sessions.edge,
      edgeUntypedPair: SIM.sessions.edge,
      edgeNoParticipant: SIM.sessions.edge,
      edgeNoId: SIM.sessions.edge,
    };
    for (const [name, id] of Object.entries(SIM.peers)) expect(peer(id).sessionId, name).toBe(where[name]);
    expect(peer(SIM.peers.lossBurst).customParticipantId).toBe(SIM.customParticipantIds.lossBurst);
    expect(peer(SIM.peers.healthy).customParticipantId).toBe(SIM.customParticipantIds.healthy);
  });

  it("has ~150 ordinary ended sessions over 30 days in prod and a handful in staging", () => {
    const prod = world.sessions.filter((s) => s.appId === SIM.apps.prod.id);
    expect(prod.length).toBeGreaterThanOrEqual(150);
    expect(prod.filter((s) => s.endMs === null).map((s) => s.id)).toEqual([SIM.sessions.live]);
    expect(Math.min(...prod.map((s) => s.startMs))).toBeGreaterThan(ANCHOR - 31 * 86_400_000);
    expect(new Set(prod.map((s) => s.peers.length)).size).toBeGreaterThan(8);
    const staging = world.sessions.filter((s) => s.appId === SIM.apps.staging.id);
    expect(staging.length).toBeGreaterThanOrEqual(3);
  });

  it("is deterministic for a seed and anchor, and varies with the seed", () => {
    const again = buildWorld(7, ANCHOR);
    expect(again.sessions.map((s) => s.id)).toEqual(world.sessions.map((s) => s.id));
    const a = JSON.stringify(new ReportStore(again).report(again.peersById.get(SIM.peers.lossBurst)!, ANCHOR));
    expect(a).toBe(JSON.stringify(report(SIM.peers.lossBurst)));
    const other = buildWorld(8, ANCHOR);
    expect(JSON.stringify(new ReportStore(other).report(other.peersById.get(SIM.peers.lossBurst)!, ANCHOR))).not.toBe(
      a,
    );
  });

  it("is the same call whenever it is built, only shifted in time", () => {
    // Noise indexed by wall-clock time made a scenario's numbers depend on when the simulator
    // started, so a test could pass at one minute and fail at the next.
    const shift = 37_123;
    const later = buildWorld(7, ANCHOR + shift);
    const withoutTimes = (r: PeerReport): string =>
      JSON.stringify(r).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"|(?<=_timestamp":)\d+/g, '"t"');
    const shifted = new ReportStore(later).report(later.peersById.get(SIM.peers.lossBurst)!, ANCHOR + shift);
    expect(withoutTimes(shifted)).toBe(withoutTimes(report(SIM.peers.lossBurst)));
    expect(shifted.metadata.events.map((e) => Date.parse(e.timestamp) - shift)).toEqual(
      report(SIM.peers.lossBurst).metadata.events.map((e) => Date.parse(e.timestamp)),
    );
  });

  it("runs a 4-hour webinar with ~1000 participants", () => {
    const webinar = world.sessionsById.get(SIM.sessions.webinar)!;
    const stats = sessionStats(webinar, ANCHOR);
    expect(webinar.peers.length).toBeGreaterThanOrEqual(990);
    expect(stats.maxConcurrent).toBeGreaterThanOrEqual(950);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(1010);
    expect((webinar.endMs! - webinar.startMs) / 3_600_000).toBeCloseTo(4, 1);
  });

  it("keeps the live session live: started ~25 min ago, people still in it", () => {
    const view = sessionView(world.sessionsById.get(SIM.sessions.live)!, ANCHOR);
    expect(view.status).toBe("LIVE");
    expect("ended_at" in view).toBe(false);
    expect(view.live_participants).toBeGreaterThan(0);
    expect((ANCHOR - ms(view.started_at)) / 60_000).toBeCloseTo(25, 0);
  });
});

describe("samples", () => {
  it("come every ~7 s with a few ms of jitter", () => {
    const times = sampleTimes(peer(SIM.peers.healthy), ANCHOR);
    const steps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(6990);
    expect(Math.max(...steps)).toBeLessThanOrEqual(7010);
  });

  it("carry per-interval bytes that match real bitrates", () => {
    const q = report(SIM.peers.healthy).quality;
    const audio = kbps(q.audio_producer);
    expect(mean(audio)).toBeGreaterThan(24);
    expect(mean(audio)).toBeLessThan(40);
    const bytesPer7s = q.audio_producer.slice(1).map((s) => s.bytes_sent);
    expect(mean(bytesPer7s)).toBeGreaterThan(20_000);
    expect(mean(bytesPer7s)).toBeLessThan(36_000);
    const video = kbps(q.video_producer);
    expect(mean(video)).toBeGreaterThan(300);
    expect(mean(video)).toBeLessThan(1600);
    for (const s of q.audio_producer.slice(1)) expect(s.packets_sent).toBeCloseTo(350, -1);
  });

  it("give rtt and jitter in seconds, and the jitter buffer as seconds over a count", () => {
    const q = report(SIM.peers.healthy).quality;
    const rtts = q.audio_producer.map((s) => s.rtt);
    expect(Math.max(...rtts)).toBeLessThan(0.3);
    expect(mean(rtts)).toBeGreaterThan(0.005);
    expect(Math.max(...q.audio_producer.map((s) => s.jitter))).toBeLessThan(0.05);
    const buffers = q.audio_consumer.map((s) => (s.jitter_buffer_delay / s.jitter_buffer_emitted_count) * 1000);
    expect(mean(buffers)).toBeGreaterThan(40);
    expect(mean(buffers)).toBeLessThan(80);
  });

  it("score a healthy call around MOS 4.3", () => {
    const c = report(SIM.peers.healthy).quality.audio_producer_cumulative;
    expect("quality_mos" in c && c.quality_mos.avg).toBeGreaterThan(4.1);
  });

  it("keep video size, frame rate and frame counts consistent", () => {
    for (const s of report(SIM.peers.healthy).quality.video_producer.slice(1)) {
      expect(s.frame_width / s.frame_height).toBeCloseTo(16 / 9, 1);
      expect(s.frames_encoded / 7).toBeCloseTo(s.frames_per_second, -1);
    }
  });
});

describe("cumulative summaries", () => {
  it("follow the series the way the real payload does", () => {
    const q = report(SIM.peers.lossBurst).quality;
    const c = q.audio_producer_cumulative;
    if (!("rtt" in c)) throw new Error("empty cumulative");
    const rttMs = q.audio_producer.map((s) => s.rtt * 1000);
    expect(c.rtt.avg).toBeCloseTo(mean(rttMs), 2);
    expect(c.rtt["100ms_or_greater_event_fraction"]).toBeCloseTo(
      rttMs.filter((r) => r >= 100).length / rttMs.length,
      3,
    );
    const loss = q.audio_producer.map(lossPct);
    expect(c.packet_loss.avg).toBeCloseTo(mean(loss), 3);
    expect(c.packet_loss["10_or_greater_event_fraction"]).toBeCloseTo(
      loss.filter((l) => l >= 10).length / loss.length,
      3,
    );
    expect(c.quality_mos.p50).toBeLessThanOrEqual(c.quality_mos.p90);
  });

  it("are {} exactly when their series is []", () => {
    const q = report(SIM.peers.healthy).quality;
    expect(q.screenshare_video_producer).toEqual([]);
    expect(q.screenshare_video_producer_cumulative).toEqual({});
    expect(q.screenshare_audio_consumer_cumulative).toEqual({});
  });
});

describe("scenarios", () => {
  it("loss burst: ~18 % upstream loss for ~2.5 min mid-call in audio and video, MOS under 3", () => {
    const q = report(SIM.peers.lossBurst).quality;
    const bursty = q.audio_producer.filter((s) => lossPct(s) >= 10);
    const spanMin = (ms(bursty.at(-1)!.timestamp) - ms(bursty[0]!.timestamp)) / 60_000;
    expect(spanMin).toBeGreaterThan(2);
    expect(spanMin).toBeLessThan(3);
    expect(mean(bursty.map(lossPct))).toBeGreaterThan(14);
    expect(mean(bursty.map(lossPct))).toBeLessThan(22);
    expect(Math.max(...bursty.map((s) => s.mos_quality))).toBeLessThan(3);
    const inBurst = (s: { timestamp: string }) =>
      ms(s.timestamp) >= ms(bursty[0]!.timestamp) && ms(s.timestamp) <= ms(bursty.at(-1)!.timestamp);
    const videoInBurst = q.video_producer.filter(inBurst);
    expect(mean(videoInBurst.map(lossPct))).toBeGreaterThan(10);
    expect(videoInBurst.some((s) => s.quality_limitation_reason === "bandwidth")).toBe(true);
    expect(mean(kbps(q.video_producer.filter(inBurst)))).toBeLessThan(
      mean(kbps(q.video_producer.filter((s) => !inBurst(s)))) / 2,
    );
    expect(mean(q.audio_producer.filter((s) => !inBurst(s)).map(lossPct))).toBeLessThan(2);
    // Everyone receiving the sender sees part of that loss: "just this peer, or everyone?".
    const agent = world.sessionsById.get(SIM.sessions.problem)!.peers[0]!;
    const received = store
      .report(agent, ANCHOR)
      .quality.audio_consumer.filter((s) => s.peer_id === SIM.peers.lossBurst && inBurst(s));
    expect(mean(received.map((s) => (s.packets_lost / (s.packets_lost + s.packets_received)) * 100))).toBeGreaterThan(
      5,
    );
  });

  it("loss burst: changes microphone mid-call", () => {
    const m = report(SIM.peers.lossBurst).metadata;
    expect(m.selected_device_updates.some((u) => u.device.label === "AirPods Pro")).toBe(true);
    expect(m.events.some((e) => e.name === "selected_microphone_update")).toBe(true);
  });

  it("TURN over TCP: a relay candidate over tcp and a higher RTT", () => {
    const r = report(SIM.peers.turnTcp);
    const pair = r.metadata.candidate_pairs.producing_transport[0]!;
    expect(pair).toMatchObject({ local_candidate_type: "relay", local_candidate_protocol: "tcp" });
    expect(mean(r.quality.audio_producer.map((s) => s.rtt))).toBeGreaterThan(0.09);
    expect(r.metadata.pc_metadata[0]?.reflexive_connectivity).toBe(false);
  });

  it("CPU-limited: a long cpu stretch with ~5 fps and a smaller picture", () => {
    const video: VideoProducerSample[] = report(SIM.peers.cpuLimited).quality.video_producer;
    const cpu = video.filter((s) => s.quality_limitation_reason === "cpu");
    expect(cpu.length * 7).toBeGreaterThan(10 * 60);
    expect(Math.max(...cpu.map((s) => s.frames_per_second))).toBeLessThanOrEqual(8);
    expect(Math.max(...cpu.map((s) => s.frame_width))).toBeLessThan(1280);
    const durations = video.map((s) => s.quality_limitation_durations.cpu);
    expect(durations.every((d, i) => i === 0 || d >= (durations[i - 1] ?? 0))).toBe(true);
    expect(durations.at(-1)).toBeGreaterThan(600);
    expect(report(SIM.peers.cpuLimited).quality.screenshare_video_producer.length).toBeGreaterThan(0);
  });

  it("reconnecting: two gaps, disconnect and reconnect events, new producers after each", () => {
    const r = report(SIM.peers.reconnecting);
    const times = r.quality.audio_producer.map((s) => ms(s.timestamp));
    const gaps = times.slice(1).filter((t, i) => t - (times[i] ?? t) > 15_000);
    expect(gaps).toHaveLength(2);
    expect(r.metadata.events.filter((e) => e.name === "disconnect")).toHaveLength(2);
    expect(r.metadata.events.some((e) => e.name === "reconnect_attempt")).toBe(true);
    expect(new Set(r.quality.audio_producer.map((s) => s.producer_id)).size).toBe(3);
    expect(r.metadata.candidate_pairs.producing_transport).toHaveLength(3);
  });

  it("4G phone: mobile device, higher and more variable RTT than the healthy peer", () => {
    const r = report(SIM.peers.mobile4g);
    expect(r.metadata.device_info.is_mobile).toBe(true);
    expect(r.metadata.pc_metadata[0]?.effective_network_type).toBe("4g");
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    const mobile = r.quality.audio_producer.map((s) => s.rtt);
    const healthy = report(SIM.peers.healthy).quality.audio_producer.map((s) => s.rtt);
    expect(mean(mobile)).toBeGreaterThan(2 * mean(healthy));
    expect(sd(mobile)).toBeGreaterThan(2 * sd(healthy));
  });

  it("empty report: every series [] and every cumulative {}", () => {
    const q = report(SIM.peers.emptyReport).quality;
    const entries = Object.entries(q);
    expect(entries).toHaveLength(16);
    for (const [key, value] of entries) expect(value, key).toEqual(key.endsWith("_cumulative") ? {} : []);
  });

  it("live: the report grows with time and reaches up to now", () => {
    const first = report(SIM.peers.livePeer, ANCHOR);
    const later = report(SIM.peers.livePeer, ANCHOR + 60_000);
    expect(later.quality.audio_producer.length - first.quality.audio_producer.length).toBeGreaterThanOrEqual(8);
    expect(ANCHOR + 60_000 - ms(later.quality.audio_producer.at(-1)!.timestamp)).toBeLessThan(7_100);
    expect(later.quality.audio_producer.slice(0, first.quality.audio_producer.length)).toEqual(
      first.quality.audio_producer,
    );
  });

  it("webinar: four hours of host samples, an attendee who only receives", () => {
    const host = report(SIM.peers.webinarHost);
    const attendee = report(SIM.peers.webinarAttendee);
    expect(host.quality.video_producer.length).toBeGreaterThan(2000);
    expect(host.quality.screenshare_video_producer.length).toBeGreaterThan(0);
    expect(attendee.quality.audio_producer).toEqual([]);
    expect(attendee.quality.video_consumer.some((s) => s.peer_id === SIM.peers.webinarHost)).toBe(true);
    expect(attendee.metadata.room_view_type).toBe("webinar");
  });

  describe("webinar: an everyone-at-once dip and one attendee on a bad downlink", () => {
    const webinar = world.sessionsById.get(SIM.sessions.webinar)!;
    const dipFrom = webinar.startMs + SIM_WEBINAR_DIP.fromMinute * 60_000;
    const dipTo = webinar.startMs + SIM_WEBINAR_DIP.toMinute * 60_000;
    type Received = { timestamp: string; packets_lost: number; packets_received: number; jitter: number };
    const received = (r: PeerReport): Received[] => [
      ...r.quality.audio_consumer,
      ...r.quality.video_consumer,
      ...r.quality.screenshare_audio_consumer,
      ...r.quality.screenshare_video_consumer,
    ];
    const loss = (s: Received) => (s.packets_lost / Math.max(1, s.packets_lost + s.packets_received)) * 100;
    const inDip = (s: Received) => ms(s.timestamp) >= dipFrom && ms(s.timestamp) < dipTo;
    const attendees = webinar.peers.filter(
      (p) =>
        p.role === "viewer" &&
        p.id !== SIM.peers.webinarBadAttendee &&
        p.connections.some((c) => c.fromMs < dipFrom && (c.toMs ?? Infinity) > dipTo),
    );

    it("hits every attendee connected then, in what they receive, in the window and not outside it", () => {
      // Whole reports of all ~900 would take minutes: an even spread of them, and the featured one.
      expect(attendees.length).toBeGreaterThan(800);
      const sample = [...attendees.filter((_, i) => i % 40 === 0), peer(SIM.peers.webinarAttendee)];
      for (const p of sample) {
        const samples = received(report(p.id));
        const dip = samples.filter(inDip);
        // Every track received, from every sender, in every sample of the 2.5 minutes.
        expect(dip.length, p.id).toBeGreaterThanOrEqual(20 * 3);
        expect(Math.min(...dip.map(loss)), p.id).toBeGreaterThanOrEqual(8);
        expect(mean(dip.map(loss)), p.id).toBeGreaterThan(12);
        expect(mean(dip.map((s) => s.jitter * 1000)), p.id).toBeGreaterThan(30);
        expect(
          samples.filter((s) => !inDip(s) && loss(s) >= 8),
          p.id,
        ).toEqual([]);
      }
    });

    it("leaves the presenters' uplinks and what they receive from each other clean", () => {
      for (const p of webinar.peers.filter((x) => x.role === "stage")) {
        const r = report(p.id);
        expect(received(r).filter((s) => inDip(s) && loss(s) >= 8)).toEqual([]);
        expect(r.quality.audio_producer.filter((s) => inDip(s as never) && lossPct(s) >= 8)).toEqual([]);
      }
    });

    it("bad attendee: a horizontal band, lossy and jittery in everything received from join to leave", () => {
      const bad = peer(SIM.peers.webinarBadAttendee);
      expect(bad).toMatchObject({
        displayName: "Rosa Delgado",
        customParticipantId: SIM.customParticipantIds.webinarBadAttendee,
        role: "viewer",
      });
      const joined = bad.connections[0]!.fromMs;
      const left = bad.connections.at(-1)!.toMs!;
      expect((left - joined) / 3_600_000).toBeGreaterThan(3.5);
      const samples = received(report(bad.id)).filter((s) => !inDip(s));
      expect(ms(samples[0]!.timestamp) - joined).toBeLessThan(10_000);
      // Until the host leaves, 14 s before them: the last thing there was to receive.
      expect(left - Math.max(...samples.map((s) => ms(s.timestamp)))).toBeLessThan(30_000);
      // At least the warn level (5 %) in every sample, even the smallest video delta; ~12 % on average.
      expect(Math.min(...samples.map(loss))).toBeGreaterThanOrEqual(5);
      expect(mean(samples.map(loss))).toBeGreaterThan(10);
      expect(mean(samples.map((s) => s.jitter * 1000))).toBeGreaterThan(30);
      // Their own network, not the senders': the host's uplink is clean, and so are the others.
      const other = attendees[5]!;
      expect(
        mean(
          received(report(other.id))
            .filter((s) => !inDip(s))
            .map(loss),
        ),
      ).toBeLessThan(1);
      expect(report(bad.id).metadata.ip_information.city).toBe("Barcelona");
    });

    it("webinarAttendee keeps its own features around the dip", () => {
      const p = peer(SIM.peers.webinarAttendee);
      expect(p).toMatchObject({ displayName: "Noah Fischer", customParticipantId: "cust-webinar-4471" });
      const events = report(p.id).metadata.events;
      const backgrounded = events.filter((e) => e.name === "meeting_view_backgrounded").map((e) => ms(e.timestamp) - 1);
      expect(backgrounded.map((t) => (t - webinar.startMs) / 60_000)).toEqual([70, 185]);
      // Neither backgrounded stretch touches the dip, so the two read apart on the attendee's charts.
      for (const b of p.backgrounded) expect(b.toMs! <= dipFrom || b.fromMs >= dipTo).toBe(true);
    });
  });

  it("edge: muted alone for 66 s, the real report's shape: MOS exactly 1 in every sample and summary", () => {
    const r = report(SIM.peers.edgeMutedMos);
    const filled = Object.entries(r.quality)
      .filter(([k, v]) => !k.endsWith("_cumulative") && Array.isArray(v) && v.length > 0)
      .map(([k]) => k);
    expect(filled).toEqual(["audio_producer"]);
    expect(r.quality.audio_producer.length).toBeGreaterThanOrEqual(8);
    expect(r.quality.audio_producer.every((s) => s.mos_quality === 1)).toBe(true);
    expect(r.quality.audio_producer_cumulative).toMatchObject({ quality_mos: { avg: 1, p50: 1, p75: 1, p90: 1 } });
    expect(
      r.metadata.events.filter((e) => e.name.endsWith("_off") || e.name.endsWith("_on")).map((e) => e.name),
    ).toEqual(["audio_off", "video_off"]);
  });

  it("edge: every series empty, the summaries kept", () => {
    const q = report(SIM.peers.edgeSummaryOnly).quality;
    for (const [key, value] of Object.entries(q)) if (!key.endsWith("_cumulative")) expect(value, key).toEqual([]);
    expect(q.audio_producer_cumulative).toHaveProperty("quality_mos.avg");
    expect(q.video_consumer_cumulative).toHaveProperty("frame_per_second.avg");
  });

  it("edge: one extreme and one unreadable sample time among readable ones", () => {
    const times = report(SIM.peers.edgeOddTimes).quality.audio_producer.map((s) => s.timestamp);
    expect(times.filter((t) => t === "+275760-09-13T00:00:00Z")).toHaveLength(1);
    const unreadable = times.filter((t) => Number.isNaN(Date.parse(t)));
    expect(unreadable).toHaveLength(1);
    expect(times.length).toBeGreaterThan(50);
  });

  it("edge: candidate pairs without candidate types and protocols", () => {
    const pairs = report(SIM.peers.edgeUntypedPair).metadata.candidate_pairs;
    const all = [...pairs.producing_transport, ...pairs.consuming_transport];
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) {
      for (const k of [
        "local_candidate_type",
        "local_candidate_protocol",
        "remote_candidate_type",
        "remote_candidate_protocol",
      ])
        expect(p).not.toHaveProperty(k);
      expect(p.current_round_trip_time).toBeGreaterThan(0);
    }
  });

  it("events: no call_join, in time order, flat scalar metadata", () => {
    for (const id of Object.values(SIM.peers)) {
      const events = report(id).metadata.events;
      expect(events.some((e) => e.name === "call_join" || e.name === "precall_end")).toBe(false);
      expect(events.map((e) => e.timestamp)).toEqual([...events.map((e) => e.timestamp)].sort());
      for (const e of events)
        for (const v of Object.values(e.metadata ?? {})) expect(typeof v === "object" && v !== null).toBe(false);
    }
  });
});
