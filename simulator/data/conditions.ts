// What a peer's network and machine are like at a given instant, and what each of its outgoing
// tracks looks like as a result. Pure functions of (plan, time) so that the sender's own report
// and every receiver's report agree about the same moment.

import type { PeerPlan } from "./model";
import { within } from "./model";
import { noise, smoothNoise } from "./prng";

/** The client uploads call stats about every 7 s (as the one real payload shows). */
export const SAMPLE_MS = 7000;

export interface Conditions {
  rttMs: number;
  jitterMs: number;
  upLossPct: number;
  downLossPct: number;
  /** Jitter added on the way to this peer only (a bad downlink), on top of `jitterMs`. */
  downJitterMs: number;
  uplinkKbps: number;
  cpuLimited: boolean;
}

const enum Channel {
  RttWander = 1,
  RttFine,
  Jitter,
  UpLoss,
  DownLoss,
  Uplink,
  Spike,
  SpikeSize,
  Episode,
  Fps,
  AudioBitrate,
  VideoBitrate,
  ScreenshareVideoBitrate,
  ScreenshareAudioBitrate,
}

export function conditionsAt(peer: PeerPlan, tMs: number): Conditions {
  const net = peer.network;
  const seed = peer.seed;
  const sinceMs = tMs - peer.noiseOriginMs;
  const bucket = Math.floor(sinceMs / SAMPLE_MS);
  let rttMs =
    net.rttMs +
    smoothNoise(seed, Channel.RttWander, sinceMs / 90_000) * net.rttWanderMs +
    (noise(seed, Channel.RttFine, bucket) - 0.3) * net.rttMs * 0.12;
  let jitterMs = net.jitterMs * (0.6 + 0.8 * noise(seed, Channel.Jitter, bucket));
  let upLossPct = backgroundLoss(net.lossPct, noise(seed, Channel.UpLoss, bucket));
  let downLossPct = backgroundLoss(net.lossPct, noise(seed, Channel.DownLoss, bucket));
  let uplinkKbps = net.uplinkKbps * (0.85 + 0.15 * smoothNoise(seed, Channel.Uplink, sinceMs / 120_000));
  let downJitterMs = 0;
  let cpuLimited = false;

  if (noise(seed, Channel.Spike, bucket) < net.spikeChance) {
    const size = noise(seed, Channel.SpikeSize, bucket);
    rttMs += 120 + 280 * size;
    jitterMs += 15 + 45 * size;
    upLossPct += 1 + 5 * size;
    downLossPct += 1 + 4 * size;
    uplinkKbps *= 0.5;
  }

  for (const ep of peer.episodes) {
    if (tMs < ep.fromMs || tMs >= ep.toMs) continue;
    const wobble = noise(seed, Channel.Episode, bucket);
    switch (ep.kind) {
      case "loss":
        // A saturated uplink: the loss and the queueing delay come together.
        upLossPct = ep.lossPct * (0.8 + 0.4 * wobble);
        downLossPct += ep.lossPct * 0.1;
        rttMs += 70 + 60 * wobble;
        jitterMs = jitterMs * 3 + 10;
        uplinkKbps = Math.min(uplinkKbps, ep.uplinkKbps * (0.85 + 0.3 * wobble));
        break;
      case "congestion":
        rttMs += ep.rttMs * (0.7 + 0.6 * wobble);
        jitterMs += ep.jitterMs * (0.7 + 0.6 * wobble);
        upLossPct += 1.5 * wobble;
        downLossPct += 1.5 * wobble;
        uplinkKbps = Math.min(uplinkKbps, ep.uplinkKbps * (0.85 + 0.3 * wobble));
        break;
      case "cpu":
        cpuLimited = true;
        break;
      case "downlink":
        downLossPct += ep.lossPct * (0.75 + 0.5 * wobble);
        downJitterMs += ep.jitterMs * (0.7 + 0.6 * wobble);
        break;
    }
  }

  return {
    rttMs: Math.max(4, rttMs),
    jitterMs: Math.max(0.4, jitterMs),
    upLossPct: Math.min(60, upLossPct),
    downLossPct: Math.min(60, downLossPct),
    downJitterMs,
    uplinkKbps: Math.max(80, uplinkKbps),
    cpuLimited,
  };
}

/** Mostly zero, with the occasional small loss a real network shows. */
function backgroundLoss(lossPct: number, u: number): number {
  return u < 0.8 ? 0 : lossPct * (u - 0.8) * 15;
}

export type TrackKind = "audio" | "video" | "screenshare_video" | "screenshare_audio";

export type LimitationReason = "none" | "bandwidth" | "cpu";

export interface TrackState {
  kbps: number;
  width: number;
  height: number;
  fps: number;
  limitation: LimitationReason;
  muted: boolean;
}

const BITRATE_CHANNEL: Record<TrackKind, Channel> = {
  audio: Channel.AudioBitrate,
  video: Channel.VideoBitrate,
  screenshare_video: Channel.ScreenshareVideoBitrate,
  screenshare_audio: Channel.ScreenshareAudioBitrate,
};

const OPUS_KBPS = 32;
/** Opus keeps sending comfort-noise frames while muted: ~18 B a packet in the real payload. */
const MUTED_AUDIO_KBPS = 7.2;
const SCREENSHARE = { width: 1920, height: 1080 } as const;

/** Whether the peer is sending this kind of track at tMs (connection aside). */
export function isSending(peer: PeerPlan, kind: TrackKind, tMs: number): boolean {
  switch (kind) {
    case "audio":
      return peer.role !== "viewer";
    case "video":
      return within(peer.videoOn, tMs);
    case "screenshare_video":
      return within(peer.screenshare, tMs);
    case "screenshare_audio":
      return peer.shareAudio && within(peer.screenshare, tMs);
  }
}

export function trackStateAt(peer: PeerPlan, kind: TrackKind, tMs: number, cond: Conditions): TrackState {
  const bucket = Math.floor((tMs - peer.noiseOriginMs) / SAMPLE_MS);
  const u = noise(peer.seed, BITRATE_CHANNEL[kind], bucket);
  if (kind === "audio") {
    const muted = !within(peer.audioOn, tMs);
    // Speech is VBR: the bitrate follows how much is being said.
    const kbps = muted ? MUTED_AUDIO_KBPS * (0.97 + 0.06 * u) : OPUS_KBPS * (0.78 + 0.35 * u);
    return { kbps, width: 0, height: 0, fps: 0, limitation: "none", muted };
  }
  if (kind === "screenshare_audio") {
    return { kbps: 64 * (0.9 + 0.2 * u), width: 0, height: 0, fps: 0, limitation: "none", muted: false };
  }
  if (kind === "screenshare_video") {
    // Screen content: low frame rate, bitrate in bursts when the slide changes.
    const fps = 5 + Math.round(10 * u);
    return { kbps: 500 + 900 * u, ...SCREENSHARE, fps, limitation: "none", muted: false };
  }

  const target = peer.device.video;
  const fpsWobble = noise(peer.seed, Channel.Fps, bucket);
  const sharingKbps = within(peer.screenshare, tMs) ? 1000 : 0;
  const availableKbps = cond.uplinkKbps - OPUS_KBPS - sharingKbps;
  if (cond.cpuLimited) {
    // The encoder cannot keep up: WebRTC drops resolution and frame rate together.
    const scale = fpsWobble < 0.5 ? 0.25 : 0.5;
    return {
      kbps: target.kbps * scale * (0.8 + 0.3 * u),
      width: even(target.width * scale),
      height: even(target.height * scale),
      fps: 4 + Math.round(3 * fpsWobble),
      limitation: "cpu",
      muted: false,
    };
  }
  if (availableKbps < target.kbps * 0.9) {
    const kbps = Math.max(60, availableKbps * (0.8 + 0.1 * u));
    const scale = kbps < 250 ? 0.25 : kbps < 600 ? 0.5 : kbps < 1000 ? 0.75 : 1;
    return {
      kbps,
      width: even(target.width * scale),
      height: even(target.height * scale),
      fps: Math.round(target.fps * (kbps < 250 ? 0.5 : 0.85) + 2 * fpsWobble),
      limitation: "bandwidth",
      muted: false,
    };
  }
  return {
    kbps: target.kbps * (0.88 + 0.17 * u),
    width: target.width,
    height: target.height,
    fps: Math.max(1, target.fps - Math.round(2 * fpsWobble)),
    limitation: "none",
    muted: false,
  };
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

/**
 * Call quality on the 1–5 MOS scale from a simplified ITU-T G.107 E-model: one-way delay from
 * RTT and jitter, an impairment per percent of loss.
 */
export function mosFrom(rttMs: number, jitterMs: number, lossPct: number): number {
  const effectiveLatency = rttMs / 2 + jitterMs * 2 + 10;
  let r = 93.2 - (effectiveLatency < 160 ? effectiveLatency / 40 : (effectiveLatency - 120) / 10);
  r -= lossPct * 2.5;
  r = Math.min(100, Math.max(0, r));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}
