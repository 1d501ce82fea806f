import { formatDuration } from "@/lib/format";
import type { Gap, Track, TrackKey } from "@/lib/realtimekit/types";
import { round } from "@/lib/realtimekit/tracks";
import { findSpans, type Span, type SpanRule, type Worse } from "../episodes";
import { worst, type Ctx, type FindingEpisode, type Severity, type Stretch } from "./types";

/** Episodes across tracks: one track's bands, one direction's union, the worst of them, their counts. */

export interface TrackEpisode {
  track: TrackKey;
  start: number;
  end: number;
  peak: number | null;
  peakAt: number | null;
  severity: Severity;
  span: Span | null;
}

/** The warn-level spans of one track, each marked poor when a poor-level span lies inside it. */
export function bandEpisodes(
  ctx: Ctx,
  track: Track,
  values: readonly (number | null)[],
  warnRule: SpanRule,
  poorRule: SpanRule,
  skip?: readonly boolean[],
): TrackEpisode[] {
  const input = { t: track.t, values, gaps: track.gaps, medianIntervalS: track.medianIntervalS, skip };
  const opts = { minDurationS: ctx.t.minDurationS, mergeGapS: ctx.t.mergeGapS };
  const warn = findSpans(input, warnRule, opts);
  if (warn.length === 0) return [];
  const poor = findSpans(input, poorRule, opts);
  let p = 0;
  return warn.map((w) => {
    while (p < poor.length && (poor[p] as Span).end < w.start) p++;
    const hit = p < poor.length && (poor[p] as Span).start <= w.end;
    return {
      track: track.key,
      start: w.start,
      end: w.end,
      peak: w.peak,
      peakAt: w.peakAt,
      severity: hit ? "poor" : "warn",
      span: w,
    };
  });
}

/**
 * One direction's episodes from several tracks as one list: overlapping or near episodes become
 * one, but never across a stretch where one of those tracks had a sampling gap.
 */
export function unionEpisodes(
  items: TrackEpisode[],
  tracks: readonly Track[],
  mergeGapS: number,
  worse: Worse | null,
  unit: string | null,
): FindingEpisode[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const gaps: Gap[] = tracks.flatMap((tr) => tr.gaps);
  // Compared with the later episode's end: its first sample's interval may reach back into the gap.
  const separated = (end: number, laterEnd: number) => gaps.some((g) => g.from >= end && g.to <= laterEnd);
  const out: FindingEpisode[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && (e.start <= last.end || (e.start - last.end < mergeGapS * 1000 && !separated(last.end, e.end)))) {
      last.end = Math.max(last.end, e.end);
      last.severity = worst(last.severity, e.severity);
      if (e.peak !== null && (last.peak === null || (worse === "lower" ? e.peak < last.peak : e.peak > last.peak)))
        last.peak = e.peak;
      continue;
    }
    out.push({ start: e.start, end: e.end, durationS: 0, peak: e.peak, unit, severity: e.severity });
  }
  for (const e of out) e.durationS = round((e.end - e.start) / 1000, 1);
  return out;
}

/** A stretch as an episode, its duration from its ends; no measured value unless given. */
export function episode(
  s: Stretch,
  severity: Severity,
  peak: number | null = null,
  unit: string | null = null,
): FindingEpisode {
  return { start: s.start, end: s.end, durationS: round((s.end - s.start) / 1000, 1), peak, unit, severity };
}

/** The episode with the worst peak (the first such), or the first when none has a peak. */
export function worstPeak<E extends { peak: number | null }>(items: readonly E[], worse: Worse): E | undefined {
  let best: E | undefined;
  for (const e of items) {
    if (e.peak === null) continue;
    if (!best || best.peak === null || (worse === "lower" ? e.peak < best.peak : e.peak > best.peak)) best = e;
  }
  return best ?? items[0];
}

export function worstSeverity(episodes: readonly { severity: Severity }[]): Severity {
  return episodes.reduce<Severity>((s, e) => worst(s, e.severity), "info");
}

export function totalS(episodes: readonly FindingEpisode[]): number {
  return episodes.reduce((s, e) => s + e.durationS, 0);
}

export function episodeCount(episodes: readonly FindingEpisode[]): string {
  if (episodes.length === 1) return `1 episode, ${formatDuration(totalS(episodes))}`;
  return `${episodes.length} episodes, ${formatDuration(totalS(episodes))} in total`;
}
