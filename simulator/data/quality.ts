// The per-sample quality series of one peer, as the client's periodic stats upload produces
// them: counters are per-interval deltas (as in the real payload), rtt and jitter are seconds,
// jitter_buffer_delay is seconds accumulated over the interval with its emitted count.

import type { Conditions, TrackKind, TrackState } from "./conditions";
import { SAMPLE_MS, conditionsAt, isSending, mosFrom, trackStateAt } from "./conditions";
import type { Interval, PeerPlan, SessionPlan } from "./model";
import { connectionIndexAt } from "./model";
import { hashOf, noise, uuidFrom } from "./prng";

export interface AudioProducerSample {
  timestamp: string;
  producer_id: string;
  ssrc: number;
  mid: string;
  packets_sent: number;
  bytes_sent: number;
  packets_lost: number;
  jitter: number;
  rtt: number;
  mos_quality: number;
}

export interface VideoProducerSample extends AudioProducerSample {
  frame_width: number;
  frame_height: number;
  frames_per_second: number;
  frames_encoded: number;
  key_frames_encoded: number;
  fir_count: number;
  pli_count: number;
  quality_limitation_reason: "cpu" | "bandwidth" | "none" | "other";
  quality_limitation_durations: { bandwidth: number; cpu: number; none: number; other: number };
  quality_limitation_resolution_changes: number;
}

interface ConsumerSampleBase {
  timestamp: string;
  consumer_id: string;
  producer_id: string;
  peer_id: string;
  ssrc: number;
  mid: string;
  packets_received: number;
  bytes_received: number;
  packets_lost: number;
  jitter: number;
  jitter_buffer_delay: number;
  jitter_buffer_emitted_count: number;
  mos_quality: number;
}

export interface AudioConsumerSample extends ConsumerSampleBase {
  concealment_events: number;
}

export interface VideoConsumerSample extends ConsumerSampleBase {
  frame_width: number;
  frame_height: number;
  frames_per_second: number;
  frames_decoded: number;
  frames_dropped: number;
  key_frames_decoded: number;
  fir_count: number;
}

export interface QualitySeries {
  audio_producer: AudioProducerSample[];
  video_producer: VideoProducerSample[];
  screenshare_audio_producer: AudioProducerSample[];
  screenshare_video_producer: VideoProducerSample[];
  audio_consumer: AudioConsumerSample[];
  video_consumer: VideoConsumerSample[];
  screenshare_audio_consumer: AudioConsumerSample[];
  screenshare_video_consumer: VideoConsumerSample[];
}

/** Totals per connection, for the candidate-pair stats of that connection's transports. */
export interface TransportTotals {
  connectionIndex: number;
  firstMs: number;
  lastMs: number;
  lastConditions: Conditions;
  rttSumMs: number;
  samples: number;
  packetsSent: number;
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
}

export interface GeneratedQuality {
  series: QualitySeries;
  transports: TransportTotals[];
  sampleCount: number;
}

const PRODUCER_MID: Record<TrackKind, string> = {
  audio: "0",
  video: "1",
  screenshare_video: "2",
  screenshare_audio: "3",
};
const AUDIO_PACKETS_PER_S = 50;
const AUDIO_CLOCK_HZ = 48_000;
const VIDEO_PACKET_BYTES = 1120;

const enum Channel {
  SampleJitter = 101,
  FirstSample,
  Loss,
  ConsumerLoss,
  Pli,
  JitterBuffer,
  Concealment,
  Drops,
  Sfu,
}

/** Sample times of a peer up to cutoffMs: ~7 s apart with a few ms of jitter, none while disconnected. */
export function sampleTimes(peer: PeerPlan, cutoffMs: number): number[] {
  if (peer.statsMissing) return [];
  const times: number[] = [];
  peer.connections.forEach((c, ci) => {
    const end = Math.min(c.toMs ?? cutoffMs, cutoffMs);
    const first = c.fromMs + 180 + Math.floor(noise(peer.seed, Channel.FirstSample, ci) * 700);
    for (let i = 0; ; i++) {
      const t = first + i * SAMPLE_MS + Math.floor(noise(peer.seed, Channel.SampleJitter, ci * 100_000 + i) * 4);
      if (t > end) break;
      times.push(t);
    }
  });
  return times;
}

interface Identity {
  id: string;
  ssrc: number;
}

interface Source {
  remote: PeerPlan;
  kind: TrackKind;
  mid: string;
}

/** The remote tracks this peer receives: everyone in a group call, only the stage in a webinar. */
function sourcesFor(session: SessionPlan, peer: PeerPlan): Source[] {
  const sources: Source[] = [];
  for (const remote of session.peers) {
    if (remote === peer || remote.role === "viewer") continue;
    if (peer.role !== "member" && remote.role === "member") continue;
    if (!overlaps(peer.connections, remote.connections)) continue;
    for (const kind of ["audio", "video", "screenshare_video", "screenshare_audio"] as const) {
      sources.push({ remote, kind, mid: String(sources.length) });
    }
  }
  return sources;
}

interface SfuTrouble {
  lossPct: number;
  jitterMs: number;
}

/**
 * What the session's SFU adds at tMs to everything this peer receives. Its severity moves with a
 * noise shared by the whole session, so every receiver sees the same stretch get worse and better.
 */
function sfuTroubleAt(session: SessionPlan, peer: PeerPlan, tMs: number): SfuTrouble | null {
  for (const incident of session.sfuIncidents) {
    if (tMs < incident.fromMs || tMs >= incident.toMs || !incident.receivers.includes(peer.role)) continue;
    const shared = noise(hashOf(session.id, "sfu"), Channel.Sfu, Math.floor((tMs - peer.noiseOriginMs) / SAMPLE_MS));
    return { lossPct: incident.lossPct * (0.8 + 0.4 * shared), jitterMs: incident.jitterMs * (0.7 + 0.6 * shared) };
  }
  return null;
}

function overlaps(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.some((x) => b.some((y) => x.fromMs < (y.toMs ?? Infinity) && y.fromMs < (x.toMs ?? Infinity)));
}

/** Stretches during which a track of this kind keeps one producer; audio keeps its producer for the
 * whole connection. */
function streamsOf(peer: PeerPlan, kind: TrackKind): readonly Interval[] {
  return kind === "video" ? peer.videoOn : kind === "audio" ? [] : peer.screenshare;
}

function memoised(memo: Map<string, Identity>, key: string, makeId: () => string): Identity {
  let identity = memo.get(key);
  if (!identity) {
    const id = makeId();
    identity = { id, ssrc: hashOf(id, "ssrc") };
    memo.set(key, identity);
  }
  return identity;
}

/** Ids change when the track is re-created: on every reconnection and every new camera/screen stream. */
function producerIdentity(peer: PeerPlan, kind: TrackKind, tMs: number, memo: Map<string, Identity>): Identity {
  const connection = connectionIndexAt(peer, tMs);
  const stream = streamsOf(peer, kind).findIndex((i) => tMs >= i.fromMs && (i.toMs === null || tMs < i.toMs));
  return memoised(memo, `${peer.id}|${kind}|${connection}|${stream}`, () =>
    uuidFrom(peer.id, "producer", kind, connection, stream),
  );
}

function consumerIdentity(
  peer: PeerPlan,
  producerId: string,
  connection: number,
  memo: Map<string, Identity>,
): Identity {
  return memoised(memo, `${producerId}|${connection}`, () => uuidFrom(peer.id, "consumer", producerId, connection));
}

/** When the current stretch of this track began, so the first sample's delta covers only that. */
function trackSince(peer: PeerPlan, kind: TrackKind, tMs: number): number {
  const connection = peer.connections[connectionIndexAt(peer, tMs)];
  let since = connection?.fromMs ?? tMs;
  for (const i of streamsOf(peer, kind))
    if (tMs >= i.fromMs && (i.toMs === null || tMs < i.toMs)) since = Math.max(since, i.fromMs);
  return since;
}

export function generateQuality(session: SessionPlan, peer: PeerPlan, cutoffMs: number): GeneratedQuality {
  const series: QualitySeries = {
    audio_producer: [],
    video_producer: [],
    screenshare_audio_producer: [],
    screenshare_video_producer: [],
    audio_consumer: [],
    video_consumer: [],
    screenshare_audio_consumer: [],
    screenshare_video_consumer: [],
  };
  const times = sampleTimes(peer, cutoffMs);
  const sources = sourcesFor(session, peer);
  const transports: TransportTotals[] = [];
  const videoState = new Map<TrackKind, VideoCounters>();
  const identities = new Map<string, Identity>();
  let previous = -Infinity;
  let previousConnection = -1;

  for (const [index, t] of times.entries()) {
    const connection = connectionIndexAt(peer, t);
    if (connection !== previousConnection) previous = -Infinity;
    previousConnection = connection;
    const timestamp = new Date(t).toISOString();
    const cond = conditionsAt(peer, t);
    const totals = transportFor(transports, connection, t, cond);
    const sfu = sources.length > 0 ? sfuTroubleAt(session, peer, t) : null;

    for (const kind of ["audio", "video", "screenshare_video", "screenshare_audio"] as const) {
      if (!isSending(peer, kind, t)) continue;
      const dtS = (t - Math.max(previous, trackSince(peer, kind, t))) / 1000;
      const state = trackStateAt(peer, kind, t, cond);
      const identity = producerIdentity(peer, kind, t, identities);
      const base = producerSample(peer, kind, timestamp, identity, state, cond, dtS, index);
      totals.packetsSent += base.packets_sent;
      totals.bytesSent += base.bytes_sent;
      if (kind === "audio") series.audio_producer.push(base);
      else if (kind === "screenshare_audio") series.screenshare_audio_producer.push(base);
      else {
        const counters = videoCountersFor(videoState, kind, identity.id);
        const sample = videoProducerSample(peer, base, state, cond, dtS, counters, index);
        (kind === "video" ? series.video_producer : series.screenshare_video_producer).push(sample);
      }
    }

    for (const source of sources) {
      const { remote, kind } = source;
      if (connectionIndexAt(remote, t) < 0 || !isSending(remote, kind, t)) continue;
      // Audio's stretch is the whole connection, so this is also when this peer (re)connected.
      const since = Math.max(previous, trackSince(remote, kind, t), trackSince(peer, "audio", t));
      const dtS = (t - since) / 1000;
      if (dtS <= 0) continue;
      const remoteCond = conditionsAt(remote, t);
      const remoteState = trackStateAt(remote, kind, t, remoteCond);
      const producer = producerIdentity(remote, kind, t, identities);
      const consumer = consumerIdentity(peer, producer.id, connection, identities);
      const sample = consumerSample(
        peer,
        source,
        timestamp,
        producer,
        consumer,
        cond,
        remoteCond,
        remoteState,
        sfu,
        dtS,
        index,
      );
      totals.packetsReceived += sample.packets_received;
      totals.bytesReceived += sample.bytes_received;
      if (kind === "audio" || kind === "screenshare_audio") {
        const audio: AudioConsumerSample = {
          ...sample,
          concealment_events: Math.round(
            sample.packets_lost * 0.6 + (noise(peer.seed, Channel.Concealment, index) < 0.1 ? 1 : 0),
          ),
        };
        (kind === "audio" ? series.audio_consumer : series.screenshare_audio_consumer).push(audio);
      } else {
        const video = videoConsumerSample(peer, sample, cond, remoteState, dtS, index);
        (kind === "video" ? series.video_consumer : series.screenshare_video_consumer).push(video);
      }
    }
    previous = t;
  }
  return { series, transports, sampleCount: times.length };
}

function transportFor(
  transports: TransportTotals[],
  connectionIndex: number,
  t: number,
  cond: Conditions,
): TransportTotals {
  let totals = transports.find((x) => x.connectionIndex === connectionIndex);
  if (!totals) {
    totals = {
      connectionIndex,
      firstMs: t,
      lastMs: t,
      lastConditions: cond,
      rttSumMs: 0,
      samples: 0,
      packetsSent: 0,
      bytesSent: 0,
      packetsReceived: 0,
      bytesReceived: 0,
    };
    transports.push(totals);
  }
  totals.lastMs = t;
  totals.lastConditions = cond;
  totals.rttSumMs += cond.rttMs;
  totals.samples += 1;
  return totals;
}

/** Rounds expected * share so that fractions add up over many samples instead of vanishing. */
function stochasticRound(expected: number, u: number): number {
  return Math.max(0, Math.floor(expected + u));
}

function producerSample(
  peer: PeerPlan,
  kind: TrackKind,
  timestamp: string,
  identity: Identity,
  state: TrackState,
  cond: Conditions,
  dtS: number,
  index: number,
): AudioProducerSample {
  const bytes = Math.round((state.kbps * 1000 * dtS) / 8);
  const packets =
    kind === "audio" || kind === "screenshare_audio"
      ? Math.round(AUDIO_PACKETS_PER_S * dtS)
      : Math.max(1, Math.round(bytes / VIDEO_PACKET_BYTES));
  const lost = Math.min(
    packets,
    stochasticRound(
      (packets * cond.upLossPct) / 100,
      noise(peer.seed, Channel.Loss, index * 8 + Number(PRODUCER_MID[kind])),
    ),
  );
  const lossPct = packets > 0 ? (lost / packets) * 100 : 0;
  // The one real payload scores a muted microphone as MOS 1; keep that quirk.
  const mos = state.muted ? 1 : mosFrom(cond.rttMs, cond.jitterMs, lossPct);
  return {
    timestamp,
    producer_id: identity.id,
    ssrc: identity.ssrc,
    mid: PRODUCER_MID[kind],
    packets_sent: packets,
    bytes_sent: bytes,
    packets_lost: lost,
    jitter: round(cond.jitterMs / 1000, 6),
    rtt: round(cond.rttMs / 1000, 6),
    mos_quality: round(mos, 2),
  };
}

interface VideoCounters {
  producerId: string;
  durations: { bandwidth: number; cpu: number; none: number; other: number };
  resolutionChanges: number;
  lastHeight: number;
  first: boolean;
}

/** getStats() keeps these cumulative per RTP stream, so they restart with each new producer. */
function videoCountersFor(all: Map<TrackKind, VideoCounters>, kind: TrackKind, producerId: string): VideoCounters {
  let counters = all.get(kind);
  if (!counters || counters.producerId !== producerId) {
    counters = {
      producerId,
      durations: { bandwidth: 0, cpu: 0, none: 0, other: 0 },
      resolutionChanges: 0,
      lastHeight: 0,
      first: true,
    };
    all.set(kind, counters);
  }
  return counters;
}

function videoProducerSample(
  peer: PeerPlan,
  base: AudioProducerSample,
  state: TrackState,
  cond: Conditions,
  dtS: number,
  counters: VideoCounters,
  index: number,
): VideoProducerSample {
  counters.durations[state.limitation] = round(counters.durations[state.limitation] + dtS, 3);
  if (counters.lastHeight !== 0 && counters.lastHeight !== state.height) counters.resolutionChanges += 1;
  counters.lastHeight = state.height;
  const lossPct = base.packets_sent > 0 ? (base.packets_lost / base.packets_sent) * 100 : 0;
  // Receivers ask for key frames (PLI) when they lose packets.
  const u = noise(peer.seed, Channel.Pli, index);
  const pli = lossPct > 2 ? 1 + Math.floor(u * lossPct * 0.4) : u < 0.03 ? 1 : 0;
  const keyFrames = (counters.first ? 1 : 0) + Math.min(pli, 3);
  counters.first = false;
  const fpsPenalty = state.fps < 10 ? 0.9 : state.fps < 20 ? 0.3 : 0;
  const resolutionPenalty = Math.min(state.width, state.height) < 360 ? 0.3 : 0;
  return {
    ...base,
    mos_quality: round(Math.max(1, mosFrom(cond.rttMs, cond.jitterMs, lossPct) - fpsPenalty - resolutionPenalty), 2),
    frame_width: state.width,
    frame_height: state.height,
    frames_per_second: state.fps,
    frames_encoded: Math.round(state.fps * dtS),
    key_frames_encoded: keyFrames,
    fir_count: 0,
    pli_count: pli,
    quality_limitation_reason: state.limitation,
    quality_limitation_durations: { ...counters.durations },
    quality_limitation_resolution_changes: counters.resolutionChanges,
  };
}

function consumerSample(
  peer: PeerPlan,
  source: Source,
  timestamp: string,
  producer: Identity,
  consumer: Identity,
  cond: Conditions,
  remoteCond: Conditions,
  remoteState: TrackState,
  sfu: SfuTrouble | null,
  dtS: number,
  index: number,
): ConsumerSampleBase {
  const { remote, kind } = source;
  const audio = kind === "audio" || kind === "screenshare_audio";
  // The SFU retransmits part of what the sender lost upstream; the rest reaches every receiver.
  const lossPct = Math.min(60, cond.downLossPct + remoteCond.upLossPct * 0.5 + (sfu?.lossPct ?? 0));
  const bytesSent = (remoteState.kbps * 1000 * dtS) / 8;
  const expected = audio
    ? Math.round(AUDIO_PACKETS_PER_S * dtS)
    : Math.max(1, Math.round(bytesSent / VIDEO_PACKET_BYTES));
  const lost = Math.min(
    expected,
    stochasticRound(
      (expected * lossPct) / 100,
      noise(peer.seed, Channel.ConsumerLoss, index * 131 + Number(source.mid)),
    ),
  );
  const received = expected - lost;
  const jitterMs = cond.jitterMs + cond.downJitterMs + remoteCond.jitterMs * 0.5 + (sfu?.jitterMs ?? 0);
  const u = noise(peer.seed, Channel.JitterBuffer, index * 131 + Number(source.mid));
  // The jitter buffer grows with jitter and loss; its average target sits around 40–80 ms when all is well.
  const bufferMs = (audio ? 35 : 55) + 2.2 * jitterMs + lossPct * (audio ? 1.5 : 4) + 10 * u;
  const emitted = audio
    ? Math.round(AUDIO_CLOCK_HZ * dtS * (received / Math.max(1, expected)))
    : Math.round(remoteState.fps * dtS * (1 - Math.min(0.6, lossPct * 0.02)));
  const actualLossPct = expected > 0 ? (lost / expected) * 100 : 0;
  return {
    timestamp,
    consumer_id: consumer.id,
    producer_id: producer.id,
    peer_id: remote.id,
    ssrc: consumer.ssrc,
    mid: source.mid,
    packets_received: received,
    bytes_received: Math.round(bytesSent * (received / Math.max(1, expected))),
    packets_lost: lost,
    jitter: round(jitterMs / 1000, 6),
    jitter_buffer_delay: round((emitted * bufferMs) / 1000, 3),
    jitter_buffer_emitted_count: emitted,
    mos_quality: round(mosFrom(cond.rttMs + remoteCond.rttMs, jitterMs, actualLossPct), 2),
  };
}

function videoConsumerSample(
  peer: PeerPlan,
  base: ConsumerSampleBase,
  cond: Conditions,
  remoteState: TrackState,
  dtS: number,
  index: number,
): VideoConsumerSample {
  const expected = base.packets_received + base.packets_lost;
  const lossPct = expected > 0 ? (base.packets_lost / expected) * 100 : 0;
  const decoded = base.jitter_buffer_emitted_count;
  // A starved CPU on the receiving side drops decoded frames too.
  const dropShare = Math.min(0.5, lossPct * 0.01 + (cond.cpuLimited ? 0.15 : 0));
  const dropped = Math.round(decoded * dropShare * (0.5 + noise(peer.seed, Channel.Drops, index)));
  const fps = round(Math.max(0, decoded - dropped) / Math.max(dtS, 0.001), 1);
  const fpsPenalty = fps < 10 ? 0.9 : fps < 20 ? 0.3 : 0;
  const resolutionPenalty = Math.min(remoteState.width, remoteState.height) < 360 ? 0.3 : 0;
  return {
    ...base,
    mos_quality: round(Math.max(1, base.mos_quality - fpsPenalty - resolutionPenalty), 2),
    frame_width: remoteState.width,
    frame_height: remoteState.height,
    frames_per_second: fps,
    frames_decoded: decoded,
    frames_dropped: dropped,
    key_frames_decoded: lossPct > 2 ? 1 + Math.floor(lossPct / 6) : noise(peer.seed, Channel.Pli, index) < 0.03 ? 1 : 0,
    fir_count: 0,
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
