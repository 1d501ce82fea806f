import type { PeerReport, Track, TrackKey } from "@/lib/realtimekit/types";
import type { Thresholds } from "../thresholds";
import { offIntervals, type Interval } from "../toggles";
import type { Ctx } from "./types";

/** What every rule reads besides the report: the call's start and end, and when the microphone was muted. */

export function context(report: PeerReport, t: Thresholds): Ctx {
  const joined = parseTime(report.participant.joinedAt);
  const left = parseTime(report.participant.leftAt);
  const firstEvent = report.events[0]?.t ?? null;
  const lastEvent = report.events[report.events.length - 1]?.t ?? null;
  const callStart = joined ?? report.completeness.firstSampleAt ?? firstEvent;
  const callEnd = left ?? maxOf(report.completeness.lastSampleAt, lastEvent);
  const { mutedSamples, mutedBy } = mutedAudio(report);
  return { report, t, callStart, callEnd, mutedSamples, mutedBy };
}

export function parseTime(iso: string | null): number | null {
  if (!iso) return null;
  const v = Date.parse(iso);
  return Number.isFinite(v) ? v : null;
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * Marks samples whose interval overlaps any of the intervals: a sample covers the time since the
 * previous one, so a mute anywhere in it spoils its score.
 */
export function overlapMask(track: Track, intervals: readonly Interval[]): boolean[] {
  const mask = new Array<boolean>(track.t.length).fill(false);
  if (intervals.length === 0) return mask;
  const cadenceMs = (track.medianIntervalS ?? 0) * 1000;
  let k = 0;
  for (let i = 0; i < track.t.length; i++) {
    const ti = track.t[i] as number;
    const from = i === 0 ? ti - cadenceMs : Math.max(track.t[i - 1] as number, ti - cadenceMs);
    while (k < intervals.length && (intervals[k] as Interval).to <= from) k++;
    const iv = intervals[k];
    mask[i] = !!iv && iv.from <= ti;
  }
  return mask;
}

/** A muted Opus microphone keeps sending comfort noise at ~7 kbit/s; speech needs far more. */
const COMFORT_NOISE_KBPS = 12;

/**
 * The simulator and the real payload score a muted microphone's MOS as 1, which would read as a
 * terrible call. Mute state comes from audio_off/audio_on events; without any, a floor MOS at
 * comfort-noise bitrate is the muted signature, but only where the scale is evident: on a scale
 * that may be 0–1, 1 is no floor.
 */
function mutedAudio(report: PeerReport): { mutedSamples: Map<TrackKey, boolean[]>; mutedBy: Ctx["mutedBy"] } {
  const mutedSamples = new Map<TrackKey, boolean[]>();
  const track = report.tracks.find((tr) => tr.key === "audio_producer");
  if (!track) return { mutedSamples, mutedBy: null };
  const hasMicEvents = report.events.some((e) => e.name === "audio_off" || e.name === "audio_on");
  if (hasMicEvents) {
    mutedSamples.set("audio_producer", overlapMask(track, offIntervals(report.events, "audio_off", "audio_on")));
    return { mutedSamples, mutedBy: "events" };
  }
  const mos = track.metrics.mos;
  const kbps = track.metrics.bitrateKbps;
  if (!mos || !report.mosScaleEvident) return { mutedSamples, mutedBy: null };
  const mask = mos.map((m, i) => m !== null && m <= 1 && (kbps?.[i] ?? 0) <= COMFORT_NOISE_KBPS);
  mutedSamples.set("audio_producer", mask);
  return { mutedSamples, mutedBy: mask.some(Boolean) ? "heuristic" : null };
}
