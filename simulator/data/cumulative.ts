// The *_cumulative summaries, computed from the series the way the one real payload shows:
// rtt.avg in ms = mean(sample rtt in s) × 1000, *_event_fraction = share of samples at or above
// the threshold, packet_loss.avg in percent. An empty series gives {}.

import type {
  AudioConsumerSample,
  AudioProducerSample,
  QualitySeries,
  VideoConsumerSample,
  VideoProducerSample,
} from "./quality";
import { round } from "./quality";

export interface PercentileStats {
  avg: number;
  p50: number;
  p75: number;
  p90: number;
}

export interface PacketLossCumulative {
  avg: number;
  "5_or_greater_event_fraction": number;
  "10_or_greater_event_fraction": number;
  "25_or_greater_event_fraction": number;
  "50_or_greater_event_fraction": number;
}

export interface LatencyCumulative {
  avg: number;
  "100ms_or_greater_event_fraction": number;
  "250ms_or_greater_event_fraction": number;
  "500ms_or_greater_event_fraction": number;
}

type Empty = Record<string, never>;

export interface AudioProducerCumulative {
  quality_mos: PercentileStats;
  packet_loss: PacketLossCumulative;
  rtt: LatencyCumulative;
}

export interface VideoProducerCumulative extends AudioProducerCumulative {
  frame_per_second: PercentileStats;
  frame_width: PercentileStats;
  key_frames_encoded_fraction: number;
  high_negative_feedback_fraction: number;
  issues: {
    no_video_fraction: number;
    poor_resolution_fraction: number;
    quality_limitation_fraction: number;
    cpu_quality_limitation_fraction: number;
    bandwidth_quality_limitation_fraction: number;
  };
}

export interface AudioConsumerCumulative {
  quality_mos: PercentileStats;
  packet_loss: PacketLossCumulative;
  jitter_buffer_delay: LatencyCumulative;
}

export interface VideoConsumerCumulative extends AudioConsumerCumulative {
  frame_per_second: PercentileStats;
  frame_width: PercentileStats;
  key_frames_decoded_fraction: number;
  issues: { lag_fraction: number; no_video_fraction: number; poor_resolution_fraction: number };
}

export interface QualityCumulative {
  audio_producer_cumulative: AudioProducerCumulative | Empty;
  video_producer_cumulative: VideoProducerCumulative | Empty;
  screenshare_audio_producer_cumulative: AudioProducerCumulative | Empty;
  screenshare_video_producer_cumulative: VideoProducerCumulative | Empty;
  audio_consumer_cumulative: AudioConsumerCumulative | Empty;
  video_consumer_cumulative: VideoConsumerCumulative | Empty;
  screenshare_audio_consumer_cumulative: AudioConsumerCumulative | Empty;
  screenshare_video_consumer_cumulative: VideoConsumerCumulative | Empty;
}

const DIGITS = 4;
/** Below this on the short side, a video frame counts as poor resolution. */
const POOR_RESOLUTION_PX = 360;
/** Received video below this frame rate reads as lag to the viewer. */
const LAG_FPS = 12;
const LAG_BUFFER_MS = 200;

export function cumulativeOf(series: QualitySeries): QualityCumulative {
  return {
    audio_producer_cumulative: nonEmpty(series.audio_producer, audioProducer),
    video_producer_cumulative: nonEmpty(series.video_producer, videoProducer),
    screenshare_audio_producer_cumulative: nonEmpty(series.screenshare_audio_producer, audioProducer),
    screenshare_video_producer_cumulative: nonEmpty(series.screenshare_video_producer, videoProducer),
    audio_consumer_cumulative: nonEmpty(series.audio_consumer, audioConsumer),
    video_consumer_cumulative: nonEmpty(series.video_consumer, videoConsumer),
    screenshare_audio_consumer_cumulative: nonEmpty(series.screenshare_audio_consumer, audioConsumer),
    screenshare_video_consumer_cumulative: nonEmpty(series.screenshare_video_consumer, videoConsumer),
  };
}

function nonEmpty<S, C>(samples: readonly S[], summarise: (s: readonly S[]) => C): C | Empty {
  return samples.length === 0 ? {} : summarise(samples);
}

function audioProducer(samples: readonly AudioProducerSample[]): AudioProducerCumulative {
  return {
    quality_mos: percentiles(samples.map((s) => s.mos_quality)),
    packet_loss: packetLoss(samples.map((s) => lossPct(s.packets_lost, s.packets_sent))),
    rtt: latency(samples.map((s) => s.rtt * 1000)),
  };
}

function videoProducer(samples: readonly VideoProducerSample[]): VideoProducerCumulative {
  const frames = sum(samples.map((s) => s.frames_encoded));
  return {
    ...audioProducer(samples),
    frame_per_second: percentiles(samples.map((s) => s.frames_per_second)),
    frame_width: percentiles(samples.map((s) => s.frame_width)),
    key_frames_encoded_fraction: round(frames > 0 ? sum(samples.map((s) => s.key_frames_encoded)) / frames : 0, DIGITS),
    high_negative_feedback_fraction: share(samples, (s) => s.pli_count + s.fir_count >= 2),
    issues: {
      no_video_fraction: share(samples, (s) => s.frames_per_second === 0),
      poor_resolution_fraction: share(samples, (s) => Math.min(s.frame_width, s.frame_height) < POOR_RESOLUTION_PX),
      quality_limitation_fraction: share(samples, (s) => s.quality_limitation_reason !== "none"),
      cpu_quality_limitation_fraction: share(samples, (s) => s.quality_limitation_reason === "cpu"),
      bandwidth_quality_limitation_fraction: share(samples, (s) => s.quality_limitation_reason === "bandwidth"),
    },
  };
}

function audioConsumer(samples: readonly (AudioConsumerSample | VideoConsumerSample)[]): AudioConsumerCumulative {
  return {
    quality_mos: percentiles(samples.map((s) => s.mos_quality)),
    packet_loss: packetLoss(samples.map((s) => lossPct(s.packets_lost, s.packets_received + s.packets_lost))),
    jitter_buffer_delay: latency(samples.filter((s) => s.jitter_buffer_emitted_count > 0).map(bufferMs)),
  };
}

function videoConsumer(samples: readonly VideoConsumerSample[]): VideoConsumerCumulative {
  const frames = sum(samples.map((s) => s.frames_decoded));
  return {
    ...audioConsumer(samples),
    frame_per_second: percentiles(samples.map((s) => s.frames_per_second)),
    frame_width: percentiles(samples.map((s) => s.frame_width)),
    key_frames_decoded_fraction: round(frames > 0 ? sum(samples.map((s) => s.key_frames_decoded)) / frames : 0, DIGITS),
    issues: {
      lag_fraction: share(
        samples,
        (s) => s.frames_per_second < LAG_FPS || (s.jitter_buffer_emitted_count > 0 && bufferMs(s) >= LAG_BUFFER_MS),
      ),
      no_video_fraction: share(samples, (s) => s.frames_decoded === 0),
      poor_resolution_fraction: share(samples, (s) => Math.min(s.frame_width, s.frame_height) < POOR_RESOLUTION_PX),
    },
  };
}

function bufferMs(s: { jitter_buffer_delay: number; jitter_buffer_emitted_count: number }): number {
  return (s.jitter_buffer_delay / s.jitter_buffer_emitted_count) * 1000;
}

function lossPct(lost: number, total: number): number {
  return total > 0 ? (lost / total) * 100 : 0;
}

function packetLoss(values: readonly number[]): PacketLossCumulative {
  return {
    avg: round(mean(values), DIGITS),
    "5_or_greater_event_fraction": fraction(values, 5),
    "10_or_greater_event_fraction": fraction(values, 10),
    "25_or_greater_event_fraction": fraction(values, 25),
    "50_or_greater_event_fraction": fraction(values, 50),
  };
}

function latency(valuesMs: readonly number[]): LatencyCumulative {
  return {
    avg: round(mean(valuesMs), DIGITS),
    "100ms_or_greater_event_fraction": fraction(valuesMs, 100),
    "250ms_or_greater_event_fraction": fraction(valuesMs, 250),
    "500ms_or_greater_event_fraction": fraction(valuesMs, 500),
  };
}

function percentiles(values: readonly number[]): PercentileStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    avg: round(mean(values), DIGITS),
    p50: round(quantile(sorted, 0.5), DIGITS),
    p75: round(quantile(sorted, 0.75), DIGITS),
    p90: round(quantile(sorted, 0.9), DIGITS),
  };
}

/** Linear interpolation between closest ranks. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function fraction(values: readonly number[], threshold: number): number {
  return share(values, (v) => v >= threshold);
}

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  let hits = 0;
  for (const item of items) if (test(item)) hits += 1;
  return round(hits / items.length, DIGITS);
}
