import type { PeerReport, TrackKey } from "@/lib/realtimekit/types";
import type { Worse } from "../episodes";
import type { Thresholds } from "../thresholds";
import type { RuleId } from "./registry";

/** What every rule module shares: the finding's shape, severities, and the context a rule reads. */

export type Severity = "poor" | "warn" | "info";

export interface FindingEpisode {
  /** Epoch ms. */
  start: number;
  end: number;
  durationS: number;
  /** The worst value in the episode, in `unit`; null for rules without a measured value. */
  peak: number | null;
  unit: string | null;
  /** The level this episode reached, so one finding can show which stretches were the bad ones. */
  severity: Severity;
}

/**
 * A stretch of time, epoch ms, in the shape of the episodes the rules end in: the intervals rules
 * build (background stretches, device-change clusters, outages) take it, so no rule renames
 * `from`/`to` into `start`/`end` on its way to a finding. (`from`/`to` stays the report's Gap and
 * the charts' shape; those are read at the boundary.)
 */
export type Stretch = Pick<FindingEpisode, "start" | "end">;

export interface Finding {
  /** Stable for a given report and thresholds, e.g. "loss-audio_producer-0". */
  id: string;
  rule: RuleId;
  severity: Severity;
  title: string;
  detail: string;
  /** The rule and level that fired, with units. */
  threshold: string;
  episodes: FindingEpisode[];
  tracks: TrackKey[];
  evidence: string[];
  /**
   * Said beside the title when the worst value alone would read as the next level up: "peaked at
   * 73 ms; above the poor level (60 ms) for 9 s, under the 15 s needed".
   */
  note?: string;
  /**
   * For findings about a measured value: the title with "{peak}" where the worst value goes, so a
   * view of part of the call (the ticket summary's window) can give the worst of its own episodes.
   */
  peakTitle?: { template: string; worse: Worse; digits: number };
}

const SEVERITY_RANK: Record<Severity, number> = { poor: 0, warn: 1, info: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

export function worst(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}

export type Draft = Omit<Finding, "id">;

export interface Ctx {
  report: PeerReport;
  t: Thresholds;
  callStart: number | null;
  callEnd: number | null;
  /** Per track key: samples to ignore because the microphone was muted (audio_producer only). */
  mutedSamples: Map<TrackKey, boolean[]>;
  mutedBy: "events" | "heuristic" | null;
}

/** A warn or poor episode of a media-quality rule, with its finding's title: what context rules are judged against. */
export interface QualityEpisode extends FindingEpisode {
  title: string;
}
