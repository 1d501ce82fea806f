import type { Metric, PeerReport, Track } from "@/lib/realtimekit/types";
import { QUALITY_RULES, RULE_IDS, type Finding, type RuleId, type Severity } from "./findings";
import { context } from "./findings/context";
import { leadingFinding, peerHealth, type HealthLevel } from "./health";
import type { Thresholds } from "./thresholds";

/**
 * One participant's verdict, computed once from their whole report and kept by the quality index
 * (docs/quality-index.md): enough to list, sort and draw a heatmap of a session without the report.
 * Plain data only (no Map, Date or function), so a shared store can hold it as JSON.
 */

/** Bump when what a verdict holds or how it is derived changes: older verdicts are then recomputed. */
export const VERDICT_VERSION = 2;

/** Seconds per timeline character. */
export const VERDICT_STEP_S = 30;

/** Longest name a verdict keeps: enough to recognise someone, small enough to store thousands. */
export const VERDICT_NAME_MAX = 120;

/** Most episodes a verdict keeps, worst and longest first. */
export const VERDICT_MAX_EPISODES = 20;

/** Timeline characters: good, degraded, poor, and no samples in that interval. */
export type IntervalLevel = "g" | "d" | "p" | "-";

export interface DirectionFigures {
  /** The worst sample of any track in this direction; null when none carries the metric. */
  worstLossPct: number | null;
  worstJitterMs: number | null;
  worstRttMs: number | null;
  /** Audio only, and only when the report shows MOS's scale (mosScaleEvident); muted samples left out. */
  lowestMos: number | null;
}

export interface Verdict {
  peerId: string;
  sessionId: string | null;
  /** The participant's display name (untrusted text, at most VERDICT_NAME_MAX characters), to name them elsewhere. */
  name: string | null;
  /** peerHealth's level. */
  level: HealthLevel;
  /** False when the report has no quality samples: the session page says "unknown", not good. */
  hasSamples: boolean;
  /** The finding peerHealth names, or null when no quality finding warns. */
  main: { rule: RuleId; title: string; severity: Severity } | null;
  /** Other warn/poor quality findings besides the main one (peerHealth's `more`). */
  others: number;
  figures: { sent: DirectionFigures; received: DirectionFigures };
  /**
   * One IntervalLevel per `stepS` seconds, from the grid step holding the first sample of the call
   * (`startMs`, a multiple of stepS in epoch time, so every participant's timeline lines up with
   * the others') to the one holding the last; startMs is null and levels empty without samples.
   */
  timeline: { startMs: number | null; stepS: number; levels: string };
  /**
   * The warn and poor episodes of quality findings, with the direction of the media they concern
   * (what this participant sent, received, or both): what another participant's page needs to say
   * whose uplink was bad at a given time. At most VERDICT_MAX_EPISODES, worst and longest first.
   */
  episodes: VerdictEpisode[];
  /** verdictComputedWith() of the rules and thresholds this verdict was computed with. */
  computedWith: string;
  /** Computed while the session was live (or not known to have ended): kept only briefly. */
  live: boolean;
  /** Epoch ms. */
  computedAt: number;
}

export interface VerdictEpisode {
  rule: RuleId;
  title: string;
  severity: "warn" | "poor";
  direction: "sent" | "received" | "both";
  /** Epoch ms. */
  startMs: number;
  endMs: number;
}

export interface VerdictOptions {
  live: boolean;
  /** Epoch ms. */
  now: number;
  /** The id the verdict is kept under (the one asked for); the report's participant id otherwise. */
  peerId?: string;
}

/** `findings` must be findings(report, thresholds) over the whole report. */
export function buildVerdict(
  report: PeerReport,
  findings: readonly Finding[],
  thresholds: Thresholds,
  opts: VerdictOptions,
): Verdict {
  const health = peerHealth(findings);
  const { top } = leadingFinding(findings);
  return {
    peerId: opts.peerId ?? report.participant.peerId,
    sessionId: report.participant.sessionId,
    name: report.participant.name === null ? null : report.participant.name.slice(0, VERDICT_NAME_MAX),
    level: health.level,
    hasSamples: report.tracks.length > 0,
    main: top ? { rule: top.rule, title: top.title, severity: top.severity } : null,
    others: health.more,
    figures: figures(report, thresholds),
    timeline: timeline(report, findings),
    episodes: episodes(findings),
    computedWith: verdictComputedWith(thresholds),
    live: opts.live,
    computedAt: opts.now,
  };
}

function figures(report: PeerReport, thresholds: Thresholds): Verdict["figures"] {
  // The findings' own mute mask: a muted microphone is scored MOS 1 (docs/findings.md).
  const { mutedSamples } = context(report, thresholds);
  const of = (direction: Track["direction"]): DirectionFigures => {
    const tracks = report.tracks.filter((tr) => tr.direction === direction);
    const audio = tracks.filter((tr) => tr.kind === "audio");
    return {
      worstLossPct: extreme(tracks, "lossPct", Math.max),
      worstJitterMs: extreme(tracks, "jitterMs", Math.max),
      worstRttMs: extreme(tracks, "rttMs", Math.max),
      lowestMos: report.mosScaleEvident ? extreme(audio, "mos", Math.min, (tr) => mutedSamples.get(tr.key)) : null,
    };
  };
  return { sent: of("send"), received: of("receive") };
}

function extreme(
  tracks: readonly Track[],
  metric: Metric,
  pick: (a: number, b: number) => number,
  skipOf?: (tr: Track) => readonly boolean[] | undefined,
): number | null {
  let out: number | null = null;
  for (const tr of tracks) {
    const values = tr.metrics[metric];
    if (!values) continue;
    const skip = skipOf?.(tr);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || !Number.isFinite(v) || skip?.[i]) continue;
      out = out === null ? v : pick(out, v);
    }
  }
  return out;
}

const RANK: Record<IntervalLevel, number> = { "-": 0, g: 1, d: 2, p: 3 };

/**
 * Each interval's worst level: "-" without any sample in it, otherwise the worst episode of a
 * quality finding overlapping it (warn → "d", poor → "p"; info never degrades), "g" when none does.
 */
function timeline(report: PeerReport, findings: readonly Finding[]): Verdict["timeline"] {
  const { firstSampleAt: start, lastSampleAt: end } = report.completeness;
  if (start === null || end === null || end < start) return { startMs: null, stepS: VERDICT_STEP_S, levels: "" };
  const stepMs = VERDICT_STEP_S * 1000;
  const first = Math.floor(start / stepMs) * stepMs;
  const n = Math.floor((end - first) / stepMs) + 1;
  const slot = (t: number) => Math.floor((t - first) / stepMs);
  const levels = new Array<IntervalLevel>(n).fill("-");
  for (const tr of report.tracks) {
    for (const t of tr.t) {
      const i = slot(t);
      if (i >= 0 && i < n) levels[i] = "g";
    }
  }
  for (const f of findings) {
    if (f.severity === "info" || !QUALITY_RULES.has(f.rule)) continue;
    for (const e of f.episodes) {
      if (e.severity === "info") continue;
      const level: IntervalLevel = e.severity === "poor" ? "p" : "d";
      const from = Math.max(0, slot(e.start));
      const to = Math.min(n - 1, slot(Math.min(e.end, end)));
      for (let i = from; i <= to; i++) {
        const cur = levels[i] as IntervalLevel;
        // An interval without samples stays "-": the verdict claims nothing it did not measure.
        if (cur !== "-" && RANK[level] > RANK[cur]) levels[i] = level;
      }
    }
  }
  return { startMs: first, stepS: VERDICT_STEP_S, levels: levels.join("") };
}

function episodes(findings: readonly Finding[]): VerdictEpisode[] {
  const out: VerdictEpisode[] = [];
  for (const f of findings) {
    if (f.severity === "info" || !QUALITY_RULES.has(f.rule)) continue;
    const dirs = new Set(f.tracks.map((k) => (k.endsWith("_producer") ? "send" : "receive")));
    const direction =
      dirs.has("send") && dirs.has("receive")
        ? "both"
        : dirs.has("send")
          ? "sent"
          : dirs.has("receive")
            ? "received"
            : "both";
    for (const e of f.episodes) {
      if (e.severity === "info") continue;
      out.push({ rule: f.rule, title: f.title, severity: e.severity, direction, startMs: e.start, endMs: e.end });
    }
  }
  out.sort((a, b) =>
    a.severity === b.severity ? b.endMs - b.startMs - (a.endMs - a.startMs) : a.severity === "poor" ? -1 : 1,
  );
  return out.slice(0, VERDICT_MAX_EPISODES);
}

/**
 * A short stable tag of everything a verdict depends on besides the report: the verdict logic's
 * version, the rules (in order) and the thresholds. A verdict with another tag is stale.
 */
export function verdictComputedWith(thresholds: Thresholds): string {
  const basis = `${VERDICT_VERSION}|${RULE_IDS.join(",")}|${stableJson(thresholds)}`;
  return `v${VERDICT_VERSION}-${cyrb53(basis).toString(36)}`;
}

/** JSON with object keys sorted, so the same thresholds give the same text whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A 53-bit string hash (cyrb53): pure JS, so this module stays usable outside Node. */
function cyrb53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
