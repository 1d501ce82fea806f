import { formatDuration, formatNumber, formatUtc, formatUtcRange } from "@/lib/format";
import { TRACK_KEYS, type CumulativeSummary, type Gap, type Metric, type PeerReport, type ThresholdFractions, type Track, type TrackKey } from "@/lib/realtimekit/types";
import { outages as completenessOutages } from "./outages";
import { bandRule, findSpans, type Span, type SpanRule, type Worse } from "./episodes";
import type { Band, Thresholds } from "./thresholds";
import { offIntervals, type Interval } from "./toggles";
import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import { median, round } from "@/lib/realtimekit/tracks";
import { transportSummary } from "./transport";

/**
 * The likely causes of a bad call, in plain words, each with the rule and level that fired, the
 * evidence and the time ranges (docs/findings.md). Pure and deterministic: the same report and
 * thresholds always give the same findings in the same order. Linear in the number of samples.
 */

export type Severity = "poor" | "warn" | "info";

export type RuleId =
  | "loss"
  | "jitter"
  | "rtt"
  | "mos"
  | "fps"
  | "resolution"
  | "cpu"
  | "bandwidth"
  | "transport"
  | "reconnect"
  | "empty-media"
  | "background"
  | "device-change"
  | "precall"
  | "completeness";

/** Evaluation order, also the tie-break when sorting. */
export const RULE_IDS: readonly RuleId[] = [
  "loss",
  "jitter",
  "rtt",
  "mos",
  "fps",
  "resolution",
  "cpu",
  "bandwidth",
  "transport",
  "reconnect",
  "empty-media",
  "background",
  "device-change",
  "precall",
  "completeness",
];

/**
 * Rules about what happened to the media in the call. The others (pre-call test, tab in the
 * background, device changes, data completeness) give context but do not by themselves mean the
 * call went badly, so they never change a participant's health.
 */
export const QUALITY_RULES: ReadonlySet<RuleId> = new Set<RuleId>(
  RULE_IDS.filter((r) => r !== "background" && r !== "device-change" && r !== "precall" && r !== "completeness"),
);

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

/**
 * Rules that name why media suffered rather than how: a dropped connection, a relayed or TCP path,
 * a sender held back by CPU or bandwidth, nothing sent at all. Among findings of one severity they
 * come first, so the health badge and the ticket's first line give the cause, not the jitter it
 * caused.
 */
const CAUSE_RULES: ReadonlySet<RuleId> = new Set<RuleId>(["reconnect", "transport", "cpu", "bandwidth", "empty-media"]);

const SEVERITY_RANK: Record<Severity, number> = { poor: 0, warn: 1, info: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

function worst(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) <= 0 ? a : b;
}

type Draft = Omit<Finding, "id">;

interface Ctx {
  report: PeerReport;
  t: Thresholds;
  callStart: number | null;
  callEnd: number | null;
  /** Per track key: samples to ignore because the microphone was muted (audio_producer only). */
  mutedSamples: Map<TrackKey, boolean[]>;
  mutedBy: "events" | "heuristic" | null;
}

export function findings(report: PeerReport, t: Thresholds): Finding[] {
  const ctx = context(report, t);
  const drafts: Draft[] = [];
  const push = (d: Draft | null | undefined) => {
    if (d) drafts.push(d);
  };

  for (const d of seriesFindings(ctx)) push(d);
  for (const d of limitationFindings(ctx)) push(d);
  push(transportFinding(ctx));
  push(reconnectFinding(ctx));
  for (const d of emptyMediaFindings(ctx)) push(d);

  // Context rules are judged against the quality episodes found so far.
  const qualityEpisodes = drafts
    .filter((d) => QUALITY_RULES.has(d.rule) && d.severity !== "info")
    .flatMap((d) => d.episodes.map((e) => ({ ...e, title: d.title })));
  push(backgroundFinding(ctx, qualityEpisodes));
  push(deviceChangeFinding(ctx, qualityEpisodes));
  push(precallFinding(ctx, drafts));
  push(completenessFinding(ctx));

  const counts = new Map<string, number>();
  const out: Finding[] = drafts.map((d) => {
    const prefix = `${d.rule}-${d.tracks[0] ?? "call"}`;
    const n = counts.get(prefix) ?? 0;
    counts.set(prefix, n + 1);
    return { id: `${prefix}-${n}`, ...d };
  });
  return out.sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      Number(!CAUSE_RULES.has(a.rule)) - Number(!CAUSE_RULES.has(b.rule)) ||
      (a.episodes[0]?.start ?? Infinity) - (b.episodes[0]?.start ?? Infinity) ||
      RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// ---------------------------------------------------------------------------------------------
// Context

function context(report: PeerReport, t: Thresholds): Ctx {
  const joined = parseTime(report.participant.joinedAt);
  const left = parseTime(report.participant.leftAt);
  const firstEvent = report.events[0]?.t ?? null;
  const lastEvent = report.events[report.events.length - 1]?.t ?? null;
  const callStart = joined ?? report.completeness.firstSampleAt ?? firstEvent;
  const callEnd = left ?? maxOf(report.completeness.lastSampleAt, lastEvent);
  const { mutedSamples, mutedBy } = mutedAudio(report);
  return { report, t, callStart, callEnd, mutedSamples, mutedBy };
}

function parseTime(iso: string | null): number | null {
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
function overlapMask(track: Track, intervals: readonly Interval[]): boolean[] {
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

// ---------------------------------------------------------------------------------------------
// Track naming

const TRACK_LABEL: Record<TrackKey, string> = {
  audio_producer: "audio",
  video_producer: "video",
  screenshare_video_producer: "screen share",
  screenshare_audio_producer: "screen-share audio",
  audio_consumer: "audio",
  video_consumer: "video",
  screenshare_video_consumer: "screen share",
  screenshare_audio_consumer: "screen-share audio",
};

export function trackName(key: TrackKey): string {
  return `${TRACK_LABEL[key]} ${key.endsWith("_producer") ? "sent" : "received"}`;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "audio and video sent", "audio sent; video received". */
export function describeTracks(keys: readonly TrackKey[]): string {
  const ordered = TRACK_KEYS.filter((k) => keys.includes(k));
  const sent = ordered.filter((k) => k.endsWith("_producer")).map((k) => TRACK_LABEL[k]);
  const received = ordered.filter((k) => k.endsWith("_consumer")).map((k) => TRACK_LABEL[k]);
  const parts: string[] = [];
  if (sent.length) parts.push(`${joinWords(sent)} sent`);
  if (received.length) parts.push(`${joinWords(received)} received`);
  return parts.join("; ");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function formatValue(v: number, unit: string | null, digits = 0): string {
  const n = formatNumber(v, digits);
  if (unit === "MOS") return `MOS ${n} of 5`;
  return unit ? `${n} ${unit}` : n;
}

// ---------------------------------------------------------------------------------------------
// Episodes across tracks

interface TrackEpisode {
  track: TrackKey;
  start: number;
  end: number;
  peak: number | null;
  peakAt: number | null;
  severity: Severity;
  span: Span | null;
}

/** The warn-level spans of one track, each marked poor when a poor-level span lies inside it. */
function bandEpisodes(ctx: Ctx, track: Track, values: readonly (number | null)[], warnRule: SpanRule, poorRule: SpanRule, skip?: readonly boolean[]): TrackEpisode[] {
  const input = { t: track.t, values, gaps: track.gaps, medianIntervalS: track.medianIntervalS, skip };
  const opts = { minDurationS: ctx.t.minDurationS, mergeGapS: ctx.t.mergeGapS };
  const warn = findSpans(input, warnRule, opts);
  if (warn.length === 0) return [];
  const poor = findSpans(input, poorRule, opts);
  let p = 0;
  return warn.map((w) => {
    while (p < poor.length && (poor[p] as Span).end < w.start) p++;
    const hit = p < poor.length && (poor[p] as Span).start <= w.end;
    return { track: track.key, start: w.start, end: w.end, peak: w.peak, peakAt: w.peakAt, severity: hit ? "poor" : "warn", span: w };
  });
}

/**
 * One direction's episodes from several tracks as one list: overlapping or near episodes become
 * one, but never across a stretch where one of those tracks had a sampling gap.
 */
function unionEpisodes(items: TrackEpisode[], tracks: readonly Track[], mergeGapS: number, worse: Worse | null, unit: string | null): FindingEpisode[] {
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
      if (e.peak !== null && (last.peak === null || (worse === "lower" ? e.peak < last.peak : e.peak > last.peak))) last.peak = e.peak;
      continue;
    }
    out.push({ start: e.start, end: e.end, durationS: 0, peak: e.peak, unit, severity: e.severity });
  }
  for (const e of out) e.durationS = round((e.end - e.start) / 1000, 1);
  return out;
}

/** The episode with the worst peak (the first such), or the first when none has a peak. */
function worstPeak<E extends { peak: number | null }>(items: readonly E[], worse: Worse): E | undefined {
  let best: E | undefined;
  for (const e of items) {
    if (e.peak === null) continue;
    if (!best || best.peak === null || (worse === "lower" ? e.peak < best.peak : e.peak > best.peak)) best = e;
  }
  return best ?? items[0];
}

function worstSeverity(episodes: readonly { severity: Severity }[]): Severity {
  return episodes.reduce<Severity>((s, e) => worst(s, e.severity), "info");
}

function totalS(episodes: readonly FindingEpisode[]): number {
  return episodes.reduce((s, e) => s + e.durationS, 0);
}

function episodeCount(episodes: readonly FindingEpisode[]): string {
  if (episodes.length === 1) return `1 episode, ${formatDuration(totalS(episodes))}`;
  return `${episodes.length} episodes, ${formatDuration(totalS(episodes))} in total`;
}

// ---------------------------------------------------------------------------------------------
// Threshold rules on sampled columns: loss, jitter, RTT, MOS, frame rate

interface SeriesSpec {
  rule: Extract<RuleId, "loss" | "jitter" | "rtt" | "mos" | "fps">;
  metric: Metric;
  band: (t: Thresholds) => Band;
  worse: Worse;
  /** Whether the on level itself fires (loss ≥ 5 %) or only values beyond it (jitter > 30 ms). */
  inclusive: boolean;
  name: string;
  unit: string;
  digits: number;
  applies: (tr: Track) => boolean;
  /** Send and receive are separate findings: they point at different networks. */
  byDirection: boolean;
}

const SERIES: readonly SeriesSpec[] = [
  { rule: "loss", metric: "lossPct", band: (t) => t.lossPct, worse: "higher", inclusive: true, name: "loss", unit: "%", digits: 1, applies: () => true, byDirection: true },
  { rule: "jitter", metric: "jitterMs", band: (t) => t.jitterMs, worse: "higher", inclusive: false, name: "jitter", unit: "ms", digits: 0, applies: () => true, byDirection: true },
  { rule: "rtt", metric: "rttMs", band: (t) => t.rttMs, worse: "higher", inclusive: false, name: "RTT", unit: "ms", digits: 0, applies: (tr) => tr.direction === "send", byDirection: false },
  // Audio only: the video score is the vendor's blend of loss, frame rate and resolution, which
  // have findings of their own.
  { rule: "mos", metric: "mos", band: (t) => t.mos, worse: "lower", inclusive: false, name: "MOS", unit: "MOS", digits: 1, applies: (tr) => tr.kind === "audio", byDirection: true },
  // Camera only: screen content is sent at a few frames per second by design.
  { rule: "fps", metric: "fps", band: (t) => t.fps, worse: "lower", inclusive: false, name: "frame rate", unit: "fps", digits: 0, applies: (tr) => tr.kind === "video" && !tr.screenshare, byDirection: true },
];

const SYMBOLS = {
  higher: { inclusive: ["≥", "below"], strict: [">", "at ≤"] },
  lower: { inclusive: ["≤", "above"], strict: ["<", "at ≥"] },
} as const;

function levelText(spec: SeriesSpec, on: number, off: number, minDurationS: number): string {
  const [onSym, offWord] = SYMBOLS[spec.worse][spec.inclusive ? "inclusive" : "strict"];
  const v = (x: number) => (spec.unit === "MOS" ? formatNumber(x, 2) : `${formatNumber(x, 2)} ${spec.unit}`);
  return `${spec.name} ${onSym} ${v(on)} for ≥ ${formatNumber(minDurationS, 1)} s (off ${offWord} ${v(off)})`;
}

function seriesFindings(ctx: Ctx): Draft[] {
  const out: Draft[] = [];
  for (const spec of SERIES) {
    const band = spec.band(ctx.t);
    const warnRule = bandRule(spec.worse, spec.inclusive, band.warn, band.warnOff);
    const poorRule = bandRule(spec.worse, spec.inclusive, band.poor, band.poorOff);
    // MOS on an undocumented scale is no verdict unless the values show it (README, "Upstream quirks").
    if (spec.rule === "mos" && !ctx.report.mosScaleEvident) continue;
    const tracks = ctx.report.tracks.filter((tr) => spec.applies(tr) && tr.metrics[spec.metric]);
    const groups = spec.byDirection ? [tracks.filter((tr) => tr.direction === "send"), tracks.filter((tr) => tr.direction === "receive")] : [tracks];
    for (const group of groups) {
      const items: TrackEpisode[] = [];
      let skipped = 0;
      for (const tr of group) {
        const skip = spec.rule === "mos" ? ctx.mutedSamples.get(tr.key) : undefined;
        if (skip) skipped += skip.filter(Boolean).length;
        items.push(...bandEpisodes(ctx, tr, tr.metrics[spec.metric] ?? [], warnRule, poorRule, skip));
      }
      if (items.length === 0) continue;
      const draft = seriesDraft(ctx, spec, band, group, items, skipped);
      const note = draft.severity === "warn" ? shortOfPoor(ctx, spec, band, poorRule, group, items) : null;
      out.push(note ? { ...draft, note } : draft);
    }
  }
  return out;
}

/**
 * A warning whose worst value is past the poor level: it stayed there too briefly to count. Says
 * so with the figures, since the page prints the poor level right above ("jitter > 60 ms poor").
 */
function shortOfPoor(ctx: Ctx, spec: SeriesSpec, band: Band, poorRule: SpanRule, group: readonly Track[], episodes: readonly TrackEpisode[]): string | null {
  let peak: number | null = null;
  let longestMs = 0;
  let stretches = 0;
  for (const tr of group) {
    const skip = spec.rule === "mos" ? ctx.mutedSamples.get(tr.key) : undefined;
    const input = { t: tr.t, values: tr.metrics[spec.metric] ?? [], gaps: tr.gaps, medianIntervalS: tr.medianIntervalS, skip };
    const own = episodes.filter((e) => e.track === tr.key);
    // Every stretch past the level, however short, measured as episodes are (sample intervals);
    // only inside this finding's episodes: a lone spike outside them is no part of it.
    for (const sp of findSpans(input, poorRule, { minDurationS: 0, mergeGapS: 0 })) {
      if (!own.some((e) => sp.end >= e.start && sp.start <= e.end)) continue;
      stretches++;
      longestMs = Math.max(longestMs, sp.end - sp.start);
      if (peak === null || poorRule.worse(sp.peak, peak)) peak = sp.peak;
    }
  }
  if (peak === null) return null;
  const [onSym] = SYMBOLS[spec.worse][spec.inclusive ? "inclusive" : "strict"];
  const level = spec.unit === "MOS" ? formatNumber(band.poor, 2) : `${formatNumber(band.poor, 2)} ${spec.unit}`;
  const side = spec.worse === "higher" ? "above" : "below";
  const at = stretches > 1 ? " at most at a time" : "";
  return `${spec.worse === "higher" ? "peaked at" : "fell to"} ${formatValue(peak, spec.unit, spec.digits)}; ${side} the poor level (${onSym} ${level}) for ${formatDuration(longestMs / 1000)}${at}, under the ${formatDuration(ctx.t.minDurationS)} needed`;
}

function seriesDraft(ctx: Ctx, spec: SeriesSpec, band: Band, group: readonly Track[], items: TrackEpisode[], skipped: number): Draft {
  const episodes = unionEpisodes(items, group, ctx.t.mergeGapS, spec.worse, spec.unit);
  const severity = worstSeverity(episodes);
  const keys = TRACK_KEYS.filter((k) => items.some((e) => e.track === k));
  const send = keys.every((k) => k.endsWith("_producer"));
  const peakText = "{peak}";
  const what = describeTracks(keys);
  const dir = send ? "Upstream" : "Downstream";
  const titles: Record<SeriesSpec["rule"], string> = {
    loss: `${dir} packet loss up to ${peakText} (${what})`,
    jitter: `High ${dir.toLowerCase()} jitter up to ${peakText} (${what})`,
    rtt: `High round-trip time up to ${peakText} (${what})`,
    mos: `Low audio quality score, down to ${peakText} (${what})`,
    fps: `Low video frame rate, down to ${peakText} (${what})`,
  };
  const evidence: string[] = [];
  for (const k of keys) {
    const w = worstPeak(
      items.filter((e) => e.track === k),
      spec.worse,
    );
    if (w && w.peak !== null && w.peakAt !== null) evidence.push(`${capitalise(trackName(k))}: worst ${formatValue(w.peak, spec.unit, spec.digits)} at ${formatUtc(w.peakAt, false)}`);
  }
  evidence.push(episodeCount(episodes));
  evidence.push(`Episodes run from ${levelText(spec, band.warn, band.warnOff, ctx.t.minDurationS).replace(/ for ≥ [^(]*\(/, " (")}`);
  if (spec.rule === "mos" && skipped > 0) {
    evidence.push(
      ctx.mutedBy === "heuristic"
        ? `Ignored ${skipped} audio-sent samples that look muted (MOS 1 at comfort-noise bitrate; no mute events in the report)`
        : `Ignored ${skipped} audio-sent samples while the microphone was muted (a muted mic is scored MOS 1)`,
    );
  }
  const fired = severity === "poor" ? band.poor : band.warn;
  const firedOff = severity === "poor" ? band.poorOff : band.warnOff;
  const template = titles[spec.rule];
  return {
    rule: spec.rule,
    severity,
    title: template.replace(peakText, formatValue(worstPeak(items, spec.worse)?.peak ?? NaN, spec.unit, spec.digits)),
    peakTitle: { template, worse: spec.worse, digits: spec.digits },
    detail: seriesDetail(spec.rule, send),
    threshold: levelText(spec, fired, firedOff, ctx.t.minDurationS),
    episodes,
    tracks: keys,
    evidence,
  };
}

function seriesDetail(rule: SeriesSpec["rule"], send: boolean): string {
  switch (rule) {
    case "loss":
      return send
        ? "Packets this participant sent were lost before reaching the server, so others heard choppy audio and saw frozen or blurry video from them. Usually their uplink: busy Wi-Fi, a saturated upload or a weak mobile signal."
        : "Packets sent to this participant were lost on the way, so they heard choppy audio and saw freezes. Usually their downlink (Wi-Fi, mobile signal); if everyone else shows it at the same time, the sender's side is more likely.";
    case "jitter":
      return send
        ? "Packets from this participant reached the server unevenly, so receivers had to buffer longer (more delay) or conceal gaps. Usually a congested or wireless uplink."
        : "Packets reached this participant unevenly, so their jitter buffer grew (more delay) and audio was concealed or video stuttered. Usually congested Wi-Fi or mobile data on their side.";
    case "rtt":
      return "High round-trip time makes conversation awkward (people talk over each other) and slows recovery from loss. Usually a distant or congested path, a VPN, mobile data, or a TURN relay over TCP.";
    case "mos":
      return send
        ? "The estimated quality of the audio this participant sent dropped; others would have found them hard to understand. It follows the loss, jitter and delay of the same period."
        : "The estimated quality of the audio this participant heard dropped. It follows the loss, jitter and delay of the same period, on their side or the speaker's.";
    case "fps":
      return send
        ? "Their camera video went out at a low frame rate, so it looked choppy to everyone. Usually CPU or bandwidth limits on their side (see those findings)."
        : "Video reaching this participant played at a low frame rate. Either the sender sent it that way (check the sender's report) or this participant's downlink or CPU could not keep up.";
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution and sender limitations (video)

function shortSide(track: Track): (number | null)[] | null {
  const w = track.metrics.frameWidthPx;
  const h = track.metrics.frameHeightPx;
  if (!h && !w) return null;
  // Phones send portrait video; the short side is what "360p" means either way.
  return track.t.map((_, i) => {
    const a = w?.[i] ?? null;
    const b = h?.[i] ?? null;
    return a === null ? b : b === null ? a : Math.min(a, b);
  });
}

function resolutionFinding(ctx: Ctx, send: boolean): Draft | null {
  const { dropBelowPx, cameraBelowPx, recoverAtPx } = ctx.t.resolution;
  const items: TrackEpisode[] = [];
  const group: Track[] = [];
  const before = new Map<TrackKey, number>();
  for (const tr of ctx.report.tracks) {
    if (tr.kind !== "video" || (tr.direction === "send") !== send) continue;
    const px = shortSide(tr);
    if (!px) continue;
    group.push(tr);
    // A drop needs something to drop from: the best resolution seen before each sample.
    const bestBefore = new Array<number>(px.length);
    let best = 0;
    for (let i = 0; i < px.length; i++) {
      bestBefore[i] = best;
      best = Math.max(best, px[i] ?? 0);
    }
    const camera = !tr.screenshare;
    const dropped = (i: number) => (bestBefore[i] as number) >= dropBelowPx;
    const rule: SpanRule = {
      on: (v, i) => v < dropBelowPx && (dropped(i) || (camera && v < cameraBelowPx)),
      off: (v, i) => (dropped(i) ? v >= Math.min(recoverAtPx, bestBefore[i] as number) : v >= cameraBelowPx),
      worse: (a, b) => a < b,
    };
    for (const e of bandEpisodes(ctx, tr, px, rule, { ...rule, on: () => false })) {
      items.push({ ...e, severity: "warn" });
      const from = e.span ? (bestBefore[e.span.startIdx] ?? 0) : 0;
      if (from > 0) before.set(tr.key, Math.max(before.get(tr.key) ?? 0, from));
    }
  }
  if (items.length === 0) return null;
  const episodes = unionEpisodes(items, group, ctx.t.mergeGapS, "lower", "px");
  const keys = TRACK_KEYS.filter((k) => items.some((e) => e.track === k));
  const peak = worstPeak(items, "lower")?.peak ?? NaN;
  const evidence: string[] = [];
  for (const k of keys) {
    const w = worstPeak(
      items.filter((e) => e.track === k),
      "lower",
    );
    if (!w || w.peak === null) continue;
    const from = before.get(k);
    evidence.push(`${capitalise(trackName(k))}: down to ${formatValue(w.peak, "px")}${from ? ` from ${formatValue(from, "px")}` : ""} (short side) at ${formatUtc(w.peakAt ?? w.start, false)}`);
  }
  evidence.push(episodeCount(episodes));
  return {
    rule: "resolution",
    severity: "warn",
    title: `Video resolution ${before.size ? "dropped" : "low"}, down to ${formatValue(peak, "px")} (${describeTracks(keys)})`,
    detail: send
      ? "The video this participant sent fell to a low resolution, so they looked blurry to others. WebRTC lowers resolution when the CPU or the uplink cannot keep up (see those findings)."
      : "Video reaching this participant was low resolution, so others looked blurry to them. The sender may have lowered it (check their report), or the server sent a lower layer because this participant's downlink was short.",
    threshold: `short side < ${dropBelowPx} px after being higher (off at ≥ ${recoverAtPx} px or the earlier level), or a camera below ${cameraBelowPx} px all along, for ≥ ${formatNumber(ctx.t.minDurationS, 1)} s`,
    episodes,
    tracks: keys,
    evidence,
  };
}

function limitationFindings(ctx: Ctx): Draft[] {
  const out: Draft[] = [];
  for (const send of [true, false]) {
    const d = resolutionFinding(ctx, send);
    if (d) out.push(d);
  }
  for (const reason of ["cpu", "bandwidth"] as const) {
    const items: TrackEpisode[] = [];
    const group: Track[] = [];
    for (const tr of ctx.report.tracks) {
      if (!tr.qualityLimitation) continue;
      group.push(tr);
      const values = tr.qualityLimitation.map((q) => (q === null ? null : q === reason ? 1 : 0));
      const rule = bandRule("higher", true, 1, 1);
      for (const e of bandEpisodes(ctx, tr, values, rule, { ...rule, on: () => false })) items.push({ ...e, peak: null, severity: "warn" });
    }
    if (items.length === 0) continue;
    const episodes = unionEpisodes(items, group, ctx.t.mergeGapS, null, null);
    const keys = TRACK_KEYS.filter((k) => items.some((e) => e.track === k));
    const evidence: string[] = [];
    // What the limitation cost, from the same samples: lowest frame rate and resolution inside it.
    for (const tr of group) {
      const k = tr.key;
      if (!keys.includes(k)) continue;
      const px = shortSide(tr);
      let minFps = Infinity;
      let minPx = Infinity;
      for (const e of items) {
        if (e.track !== k || !e.span) continue;
        for (let i = e.span.startIdx; i <= e.span.endIdx; i++) {
          const f = tr.metrics.fps?.[i];
          const p = px?.[i];
          if (f !== null && f !== undefined) minFps = Math.min(minFps, f);
          if (p !== null && p !== undefined) minPx = Math.min(minPx, p);
        }
      }
      const parts = [Number.isFinite(minFps) ? `frame rate down to ${formatValue(minFps, "fps")}` : null, Number.isFinite(minPx) ? `resolution down to ${formatValue(minPx, "px")} (short side)` : null].filter(Boolean);
      evidence.push(`${capitalise(trackName(k))}: ${reason}-limited${parts.length ? `; ${parts.join(", ")}` : ""}`);
    }
    evidence.push(episodeCount(episodes));
    const total = formatDuration(totalS(episodes));
    out.push({
      rule: reason,
      severity: "warn",
      title: reason === "cpu" ? `Video sending limited by CPU for ${total} (${describeTracks(keys)})` : `Video sending limited by bandwidth for ${total} (${describeTracks(keys)})`,
      detail:
        reason === "cpu"
          ? "The browser's encoder could not keep up, so WebRTC cut the resolution and frame rate of the video this participant sent. Usually an old or busy machine: screen sharing, many tabs, background blur or other heavy apps."
          : "WebRTC reduced the video this participant sent because its estimate of their upload bandwidth was too low. Usually a weak or shared uplink; the loss and RTT findings show whether the network was also dropping packets.",
      threshold: `quality_limitation_reason "${reason}" for ≥ ${formatNumber(ctx.t.minDurationS, 1)} s`,
      episodes,
      tracks: keys,
      evidence,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transport: TURN relay and TCP

function transportFinding(ctx: Ctx): Draft | null {
  const used = usedPairs(ctx.report.candidatePairs);
  const relayed = used.filter((p) => pairPath(p) === "relay");
  const tcp = used.filter((p) => pairProtocol(p) === "tcp");
  if (relayed.length === 0 && tcp.length === 0) return null;
  const evidence = used.slice(0, 6).map((p) => {
    const side = p.transport === "producing" ? "Sending" : "Receiving";
    const via = p.local.url ? ` via ${p.local.url}` : "";
    const rtt = p.rttMs === null ? "" : `, RTT ${formatValue(p.rttMs, "ms")}`;
    const protocol = pairProtocol(p);
    return `${side} transport: ${p.local.type ?? "unreported"} candidate over ${protocol === "unknown" ? "an unreported protocol" : protocol.toUpperCase()}${via}${rtt}`;
  });
  if (used.length > 6) evidence.push(`…and ${used.length - 6} more candidate pairs`);
  const partial = (n: number) => (n < used.length ? ` on ${n} of ${used.length} connections` : "");
  if (tcp.length > 0) {
    const viaRelay = tcp.some((p) => pairPath(p) === "relay");
    return {
      rule: "transport",
      severity: "warn",
      title: viaRelay ? `Media relayed through TURN over TCP${partial(tcp.length)}` : `Media sent over TCP instead of UDP${partial(tcp.length)}`,
      detail:
        "Media went over TCP, usually because a firewall or proxy blocks UDP. Over TCP one lost packet holds up everything behind it, so any loss turns into delay, jitter and freezes; allowing UDP (or UDP to the TURN server) fixes it.",
      threshold: "a used candidate pair over TCP or TURN over TLS (TCP is warn, a UDP relay only info)",
      episodes: [],
      tracks: [],
      evidence,
    };
  }
  const udp = relayed.every((p) => pairProtocol(p) === "udp");
  return {
    rule: "transport",
    severity: "info",
    title: `Media relayed through TURN${udp ? " over UDP" : ""}${partial(relayed.length)}`,
    detail: `A direct connection was not possible (strict NAT or firewall), so media went through a TURN relay. Over UDP that adds a hop but is usually fine${udp ? "" : "; the report does not say which protocol reached the relay"}.`,
    threshold: "a used candidate pair with a relay candidate",
    episodes: [],
    tracks: [],
    evidence,
  };
}

// ---------------------------------------------------------------------------------------------
// Reconnects, disconnects and stretches without any stats

function reconnectFinding(ctx: Ctx): Draft | null {
  const { report, t } = ctx;
  // Gaps in every track at once (one track's gap may just be a camera switched off), as the
  // report's completeness already has them.
  const outages = completenessOutages(report.completeness.gaps);
  const disconnects = report.events.filter((e) => e.name === "disconnect");
  const attempts = report.events.filter((e) => e.name === "reconnect_attempt");
  const peerEvents = report.participant.peerEvents;
  const joins = peerEvents ? peerEvents.filter((e) => e.kind === "joining") : null;
  const rejoins = report.participant.reconnects ?? (joins ? Math.max(0, joins.length - 1) : 0);

  const intervals: Interval[] = outages.map((g) => ({ from: g.from, to: g.to }));
  disconnects.forEach((d, i) => {
    const next = disconnects[i + 1]?.t ?? Infinity;
    let to = d.t;
    for (const a of attempts) if (a.t >= d.t && a.t < next) to = Math.max(to, a.t);
    intervals.push({ from: d.t, to });
  });
  if (peerEvents) {
    // A rejoin after a PEER_LEAVING: the time between is time away from the call.
    let leftAt: number | null = null;
    let joined = false;
    for (const e of peerEvents) {
      const at = parseTime(e.at);
      if (at === null) continue;
      if (e.kind === "leaving") leftAt = at;
      else if (e.kind === "joining") {
        if (joined && leftAt !== null) intervals.push({ from: leftAt, to: at });
        joined = true;
        leftAt = null;
      }
    }
  }
  const drops = Math.max(rejoins, disconnects.length);
  if (drops === 0 && intervals.length === 0) return null;

  intervals.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: Interval[] = [];
  for (const iv of intervals) {
    const last = merged[merged.length - 1];
    if (last && iv.from <= last.to + t.mergeGapS * 1000) last.to = Math.max(last.to, iv.to);
    else merged.push({ ...iv });
  }
  const longestS = merged.reduce((m, iv) => Math.max(m, (iv.to - iv.from) / 1000), 0);
  const poor = drops >= t.reconnects.poor || longestS >= t.outagePoorS;
  const severity: Severity = poor ? "poor" : "warn";
  const episodes: FindingEpisode[] = merged.map((iv) => {
    const s = round((iv.to - iv.from) / 1000, 1);
    return { start: iv.from, end: iv.to, durationS: s, peak: null, unit: null, severity: s >= t.outagePoorS || drops >= t.reconnects.poor ? "poor" : "warn" };
  });
  const total = totalS(episodes);
  const evidence: string[] = [];
  if (joins) evidence.push(`${joins.length} PEER_JOINING event${joins.length === 1 ? "" : "s"} (${rejoins} rejoin${rejoins === 1 ? "" : "s"})`);
  if (disconnects.length) evidence.push(`${disconnects.length} disconnect event${disconnects.length === 1 ? "" : "s"} at ${disconnects.map((d) => formatUtc(d.t, false)).join(", ")}`);
  if (attempts.length) evidence.push(`${attempts.length} reconnect attempt${attempts.length === 1 ? "" : "s"}`);
  if (outages.length) evidence.push(`No stats from any track for ${outages.map((g) => formatDuration(g.durationS)).join(", ")}`);
  const reason = disconnects.find((d) => typeof d.metadata?.reason === "string")?.metadata?.reason;
  if (typeof reason === "string") evidence.push(`Disconnect reason: ${reason}`);
  if (longestS > 0) evidence.push(`Longest outage ${formatDuration(longestS)}`);

  const title =
    drops > 0
      ? `Connection dropped ${drops} time${drops === 1 ? "" : "s"}${total > 0 ? ` (${formatDuration(total)} without media)` : ""}`
      : `No stats for ${formatDuration(total)} (${merged.length === 1 ? "a gap" : `${merged.length} gaps`}; possible connection drop)`;
  return {
    rule: "reconnect",
    severity,
    title,
    detail:
      drops > 0
        ? "The connection dropped and had to be re-established; while it was down this participant neither sent nor received media. Usually a network change (Wi-Fi to mobile), a weak signal, or a laptop going to sleep."
        : "No stats arrived from any track for a while. Either the connection dropped or the client stopped reporting (a suspended mobile app, a frozen tab); the events around it tell which.",
    threshold: poor
      ? `≥ ${t.reconnects.poor} reconnects, or one outage ≥ ${formatNumber(t.outagePoorS, 1)} s`
      : `≥ ${t.reconnects.warn} reconnect, or a stretch with no stats from any track (> 2.5 × the sample interval and ≥ 15 s)`,
    episodes,
    tracks: [],
    evidence,
  };
}

// ---------------------------------------------------------------------------------------------
// Empty media

/**
 * RealtimeKit's own summary of one track in a line: its whole-call averages and the share of
 * samples past its fixed levels, units named; MOS as reported, with its scale caveat.
 */
export function summaryFigures(c: CumulativeSummary, mosScaleEvident: boolean): string {
  const parts: string[] = [];
  const shares = (f: ThresholdFractions, unit: string) =>
    Object.entries(f.atOrAbove)
      .filter(([, v]) => v > 0)
      .map(([level, v]) => `≥ ${level} ${unit} in ${formatNumber(v * 100, 1)} % of samples`);
  const withShares = (name: string, f: ThresholdFractions | null, unit: string, digits: number) => {
    if (!f || f.avg === null) return;
    const more = shares(f, unit);
    parts.push(`${name} avg ${formatValue(f.avg, unit, digits)}${more.length ? ` (${more.join(", ")})` : ""}`);
  };
  withShares("loss", c.lossPct, "%", 1);
  withShares("RTT", c.rttMs, "ms", 0);
  withShares("jitter buffer", c.jitterBufferMs, "ms", 0);
  if (c.fps?.avg !== null && c.fps?.avg !== undefined) parts.push(`frame rate avg ${formatValue(c.fps.avg, "fps", 1)}`);
  if (c.mos?.avg !== null && c.mos?.avg !== undefined) {
    parts.push(`MOS avg ${formatNumber(c.mos.avg, 2)} (scale undocumented${mosScaleEvident ? "" : ", no value above 1"})`);
  }
  for (const [k, v] of Object.entries(c.issues)) if (v > 0) parts.push(`${k.replace(/_fraction$/, "").replace(/_/g, " ")} ${formatNumber(v * 100, 1)} % of the call`);
  return parts.length ? parts.join("; ") : "no figures";
}

/**
 * The quality series are empty or unreadable but RealtimeKit's per-track summaries are there:
 * report from them instead of saying nothing can be known. Averages have no times or durations,
 * so they can warn but never make a finding poor.
 */
function summaryOnlyFinding(ctx: Ctx, state: "empty" | "unreadable"): Draft {
  const { report, t } = ctx;
  const summaries = report.summaries;
  const high: string[] = [];
  for (const sm of summaries) {
    const loss = sm.cumulative.lossPct?.avg ?? null;
    const rtt = sm.cumulative.rttMs?.avg ?? null;
    if (loss !== null && loss >= t.lossPct.warn) high.push(`loss averaging ${formatValue(loss, "%", 1)} (${trackName(sm.key)})`);
    if (rtt !== null && sm.direction === "send" && rtt > t.rttMs.warn) high.push(`RTT averaging ${formatValue(rtt, "ms")} (${trackName(sm.key)})`);
  }
  const what = describeTracks(summaries.map((sm) => sm.key));
  const evidence = summaries.map((sm) => `${capitalise(trackName(sm.key))}, RealtimeKit's summary: ${summaryFigures(sm.cumulative, report.mosScaleEvident)}`);
  if (state === "unreadable") evidence.push(`${formatNumber(report.completeness.receivedSamples)} samples uploaded, none with a readable time`);
  return {
    rule: "empty-media",
    severity: high.length ? "warn" : "info",
    title: high.length ? `No quality time series; RealtimeKit's own summary shows ${joinWords(high)}` : `No quality time series, only RealtimeKit's own summary (${what})`,
    detail: `The report's quality time series ${state === "empty" ? "are empty" : "came with unreadable times"}, but RealtimeKit's own per-track summary is there, so media did flow. Its figures cover the whole call (averages, and the share of samples past fixed levels) without times: there are no episodes or charts, and a short problem can hide in an average.`,
    threshold: `summary average loss ≥ ${formatValue(t.lossPct.warn, "%")} or sending RTT > ${formatValue(t.rttMs.warn, "ms")} warns; otherwise information`,
    episodes: [],
    tracks: summaries.map((sm) => sm.key),
    evidence,
  };
}

function emptyMediaFindings(ctx: Ctx): Draft[] {
  const { report, t } = ctx;
  const out: Draft[] = [];
  const quality = report.completeness.sections.quality;
  if ((quality === "empty" || quality === "unreadable") && report.summaries.length) return [summaryOnlyFinding(ctx, quality)];
  // Uploaded with unreadable times is not "never uploaded": the completeness finding says it, once.
  if (quality === "unreadable") return out;
  if (quality === "empty") {
    const stay = ctx.callStart !== null && ctx.callEnd !== null && ctx.callEnd > ctx.callStart ? ` during a ${formatDuration((ctx.callEnd - ctx.callStart) / 1000)} stay` : "";
    out.push({
      rule: "empty-media",
      severity: "warn",
      title: `No call-quality samples at all${stay}`,
      detail:
        "The report has a quality section but every series is empty, and there is no summary either: the client never uploaded call stats. Either media never flowed (check the candidate pairs and events), or the stats upload failed (blocked request, old SDK). Nothing can be said about audio or video quality.",
      threshold: "quality section present with every series and summary empty",
      episodes: [],
      tracks: [],
      evidence: [`Candidate pairs: ${report.candidatePairs.length}`, `Client events: ${report.events.length}`],
    });
    return out;
  }
  const videoOff = offIntervals(report.events, "video_off", "video_on");
  for (const tr of report.tracks) {
    const kbps = tr.metrics.bitrateKbps;
    if (!kbps) continue;
    // Muted or camera-off samples are silence by choice, not missing media. Only a reported mute
    // excuses the microphone: the MOS guess cannot tell a mute from a dead microphone.
    const knownMute = ctx.mutedBy === "events";
    const skip = tr.key === "audio_producer" ? (knownMute ? ctx.mutedSamples.get(tr.key) : null) : tr.key === "video_producer" ? overlapMask(tr, videoOff) : null;
    let n = 0;
    let first = Infinity;
    let last = -Infinity;
    let empty = true;
    for (let i = 0; i < kbps.length; i++) {
      const v = kbps[i];
      if (v === null || v === undefined || skip?.[i]) continue;
      n++;
      first = Math.min(first, tr.t[i] as number);
      last = Math.max(last, tr.t[i] as number);
      if (v > t.emptyBitrateKbps) {
        empty = false;
        break;
      }
    }
    if (!empty || n < 2 || (last - first) / 1000 < t.minDurationS) continue;
    const send = tr.direction === "send";
    const durationS = round((last - first) / 1000, 1);
    if (tr.key === "audio_producer" && !knownMute) {
      out.push(silentMicrophone(ctx, tr, { n, first, last, durationS }));
      continue;
    }
    if (tr.key === "screenshare_audio_producer" || tr.key === "screenshare_audio_consumer") {
      out.push(silentShareAudio(ctx, tr, { n, first, last, durationS }));
      continue;
    }
    out.push({
      rule: "empty-media",
      severity: "poor",
      title: send ? `Sent no ${TRACK_LABEL[tr.key]} (≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} for the whole call)` : `Received no ${TRACK_LABEL[tr.key]} (≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} for the whole call)`,
      detail: send
        ? "The track existed and was not muted, yet carried no data, so nobody could hear or see this participant. Usually a device problem (wrong or blocked microphone/camera, OS permission, another app holding it) or a transport that never connected."
        : "This participant had the track but received no data on it, so they heard or saw nothing. Either nobody sent it (check the other participants) or their receiving transport never worked.",
      threshold: `bitrate ≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} in every sample${send ? " while unmuted" : ""}, over ≥ ${formatNumber(t.minDurationS, 1)} s`,
      episodes: [{ start: first, end: last, durationS, peak: 0, unit: "kbit/s", severity: "poor" }],
      tracks: [tr.key],
      evidence: [`${capitalise(trackName(tr.key))}: ${n} samples, none above ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)}`],
    });
  }
  return out;
}

/**
 * A microphone that sent only silence (comfort noise at most) while RealtimeKit reported no mute:
 * a mute in the app whose events are missing, in the OS or on a headset, or a dead or blocked
 * microphone all look the same. The bitrate alone cannot say which, so this is never poor: a
 * warning when the report's events show no mute (the app was likely unmuted), information when
 * the report has no events to tell.
 */
function silentMicrophone(ctx: Ctx, tr: Track, s: { n: number; first: number; last: number; durationS: number }): Draft {
  const { t } = ctx;
  const eventsReported = ctx.report.completeness.sections.events === "present";
  const severity: Severity = eventsReported ? "warn" : "info";
  const level = formatValue(t.emptyBitrateKbps, "kbit/s", 1);
  const evidence = [
    `${capitalise(trackName(tr.key))}: ${s.n} samples, none above ${level}`,
    eventsReported ? "No audio_off or audio_on event among the report's client events" : "The report has no client events, so no mute state",
  ];
  const mos = tr.metrics.mos?.filter((v): v is number => v !== null) ?? [];
  if (mos.length && mos.every((v) => v <= 1)) evidence.push(`MOS 1 throughout (as a muted microphone is scored; scale undocumented${ctx.report.mosScaleEvident ? "" : ", no value above 1"})`);
  return {
    rule: "empty-media",
    severity,
    title: `Sent only silence (≤ ${level} for the whole call): possibly muted, though RealtimeKit reported no mute`,
    detail: eventsReported
      ? "The microphone track carried no more than silence or comfort noise, so nobody heard this participant, yet the client reported no mute in the app. Inferred from the bitrate alone: a mute in the operating system or on the headset looks the same as a wrong, blocked or dead microphone. Ask which they had."
      : "The microphone track carried no more than silence or comfort noise, so nobody heard this participant. The report has no client events, so whether they muted themselves is unknown; inferred from the bitrate alone, this may be a mute (in the app, the operating system or on the headset) or a wrong, blocked or dead microphone.",
    threshold: `bitrate ≤ ${level} in every sample over ≥ ${formatNumber(t.minDurationS, 1)} s, with no mute reported (poor only when mute events show the microphone on)`,
    episodes: [{ start: s.first, end: s.last, durationS: s.durationS, peak: 0, unit: "kbit/s", severity }],
    tracks: [tr.key],
    evidence,
  };
}

/**
 * Screen-share audio that carried only silence: most shared content (slides, a document, a quiet
 * tab) has no sound, so this is information, never a failure of the call.
 */
function silentShareAudio(ctx: Ctx, tr: Track, s: { n: number; first: number; last: number; durationS: number }): Draft {
  const level = formatValue(ctx.t.emptyBitrateKbps, "kbit/s", 1);
  const send = tr.direction === "send";
  return {
    rule: "empty-media",
    severity: "info",
    title: `${send ? "Sent" : "Received"} only silence on screen-share audio (≤ ${level} for the whole share)`,
    detail:
      "The screen share's audio track carried no sound. Usually the shared content simply had none (slides, a document, a silent tab); only if the share was meant to play sound (a video, a demo) is this the problem: then check that audio sharing was ticked in the browser's share dialog.",
    threshold: `bitrate ≤ ${level} in every sample over ≥ ${formatNumber(ctx.t.minDurationS, 1)} s (information: shared content is often silent)`,
    episodes: [{ start: s.first, end: s.last, durationS: s.durationS, peak: 0, unit: "kbit/s", severity: "info" }],
    tracks: [tr.key],
    evidence: [`${capitalise(trackName(tr.key))}: ${s.n} samples, none above ${level}`],
  };
}

// ---------------------------------------------------------------------------------------------
// Context rules: tab in the background, device changes, pre-call test, completeness

interface QualityEpisode extends FindingEpisode {
  title: string;
}

function coinciding(from: number, to: number, episodes: readonly QualityEpisode[], slackMs: number): QualityEpisode[] {
  return episodes.filter((e) => from <= e.end && to >= e.start - slackMs);
}

/**
 * Episodes of a context rule (background tab, device change): a stretch is a warning when it
 * comes close to a quality episode, else information. Returns the quality episodes it met too.
 */
function contextEpisodes(
  intervals: readonly { from: number; to: number }[],
  quality: readonly QualityEpisode[],
  slackMs: number,
): { episodes: FindingEpisode[]; hits: QualityEpisode[] } {
  const hits: QualityEpisode[] = [];
  const episodes = intervals.map((iv): FindingEpisode => {
    const near = coinciding(iv.from, iv.to, quality, slackMs);
    hits.push(...near);
    return { start: iv.from, end: iv.to, durationS: round((iv.to - iv.from) / 1000, 1), peak: null, unit: null, severity: near.length ? "warn" : "info" };
  });
  return { episodes, hits };
}

function backgroundFinding(ctx: Ctx, quality: readonly QualityEpisode[]): Draft | null {
  const intervals: Interval[] = [];
  let from: number | null = null;
  for (const e of ctx.report.events) {
    const active = e.metadata?.is_meetings_tab_active;
    const goesAway = (e.name === "tab_change" && active === false) || e.name === "browser_backgrounded" || e.name === "meeting_view_backgrounded";
    const comesBack = (e.name === "tab_change" && active === true) || e.name === "browser_foregrounded" || e.name === "meeting_view_foregrounded";
    if (goesAway && from === null) from = e.t;
    else if (comesBack && from !== null) {
      intervals.push({ from, to: e.t });
      from = null;
    }
  }
  const openEnded = from !== null;
  if (from !== null) intervals.push({ from, to: Math.max(from, ctx.callEnd ?? from) });
  if (intervals.length === 0) return null;

  const { episodes, hits } = contextEpisodes(intervals, quality, ctx.t.mergeGapS * 1000);
  const evidence = [episodeCount(episodes)];
  if (openEnded) evidence.push("The last one has no matching foreground event, so it is counted until the end of the call");
  for (const title of [...new Set(hits.map((h) => h.title))]) evidence.push(`Overlaps: ${title}`);
  return {
    rule: "background",
    severity: hits.length ? "warn" : "info",
    title:
      intervals.length === 1
        ? `Meeting in the background for ${formatDuration(totalS(episodes))}`
        : `Meeting in the background ${intervals.length} times, ${formatDuration(totalS(episodes))} in total`,
    detail:
      "The meeting tab or app was not in front. Browsers throttle background tabs (timers, rendering, sometimes the camera) and phones may suspend the app, so media and stats can stall; with screen sharing it usually just means the shared window was in front.",
    threshold: hits.length
      ? "tab_change (inactive), browser_backgrounded or meeting_view_backgrounded, overlapping a quality episode"
      : "tab_change (inactive), browser_backgrounded or meeting_view_backgrounded until the next foreground event",
    episodes,
    tracks: [],
    evidence,
  };
}

const DEVICE_KIND: Record<string, string> = { audioinput: "microphone", videoinput: "camera", audiooutput: "speaker" };
const UPDATE_KIND = { "audio-devices": "microphone", "video-devices": "camera", "speaker-devices": "speaker" } as const;

function deviceChangeFinding(ctx: Ctx, quality: readonly QualityEpisode[]): Draft | null {
  // The device list is read before joining; only what changed once the call was on matters.
  const since = ctx.callStart;
  if (since === null) return null;
  const changes = ctx.report.deviceUpdates.filter((u) => u.t > since);
  if (changes.length === 0) return null;
  const slack = ctx.t.mergeGapS * 1000;
  const clusters: { from: number; to: number }[] = [];
  const evidence: string[] = [];
  for (const u of changes) {
    const last = clusters[clusters.length - 1];
    if (last && u.t - last.to < slack) last.to = u.t;
    else clusters.push({ from: u.t, to: u.t });
    const at = formatUtc(u.t, false);
    const label = (d: { label: string | null }) => d.label ?? "unnamed device";
    if (u.kind === "selected") {
      if (u.device) evidence.push(`${at}: switched to ${label(u.device)}${u.device.kind && DEVICE_KIND[u.device.kind] ? ` (${DEVICE_KIND[u.device.kind]})` : ""}`);
    } else {
      for (const d of u.added) evidence.push(`${at}: ${UPDATE_KIND[u.kind]} added: ${label(d)}`);
      for (const d of u.removed) evidence.push(`${at}: ${UPDATE_KIND[u.kind]} removed: ${label(d)}`);
    }
  }
  const { episodes, hits } = contextEpisodes(clusters, quality, slack);
  for (const title of [...new Set(hits.map((h) => h.title))]) evidence.push(`Close to: ${title}`);
  const named = [...new Set(changes.flatMap((u) => (u.kind === "selected" ? (u.device ? [u.device] : []) : u.added)).map((d) => d.label).filter((l): l is string => !!l))];
  return {
    rule: "device-change",
    severity: hits.length ? "warn" : "info",
    title: `Devices changed during the call${named.length ? ` (${named.slice(0, 3).join(", ")})` : ""}`,
    detail: hits.length
      ? "A microphone, camera or speaker changed close to a quality problem. A switch can interrupt audio for a moment, pick the wrong microphone, or bring a Bluetooth headset's low-quality call mode."
      : "A microphone, camera or speaker was plugged in, removed or selected during the call. Worth knowing if the complaint is about sound or picture; no quality problem was found around it.",
    threshold: `device updates after joining (warn within ${formatNumber(ctx.t.mergeGapS, 1)} s of a quality episode)`,
    episodes,
    tracks: [],
    evidence,
  };
}

/**
 * Findings that show the network itself in trouble during the call: what a weak or restricted
 * pre-call result predicts. A UDP relay counts (info on its own, but it is the restriction).
 */
const NETWORK_RULES: ReadonlySet<RuleId> = new Set<RuleId>(["loss", "jitter", "rtt", "bandwidth", "transport", "reconnect"]);

function precallFinding(ctx: Ctx, drafts: readonly Draft[]): Draft | null {
  const p = ctx.t.precall;
  const evidence: string[] = [];
  const at: number[] = [];
  let unmeasured = false;
  for (const r of ctx.report.precall) {
    const problems: string[] = [];
    if (r.turnConnectivity === false) problems.push("TURN server unreachable");
    if (r.relayConnectivity === false) problems.push("relay connectivity failed");
    if (r.reflexiveConnectivity === false) problems.push("no STUN (server-reflexive) candidate: UDP blocked or a strict NAT");
    const net = r.effectiveNetworkType?.toLowerCase();
    if (net && p.slowNetworkTypes.includes(net)) problems.push(`browser rated the network "${net}"`);
    if (r.rttMs !== null && r.rttMs > p.rttMs) problems.push(`RTT ${formatValue(r.rttMs, "ms")} (> ${formatValue(p.rttMs, "ms")})`);
    if (r.lossPct !== null && r.lossPct > p.lossPct) problems.push(`loss ${formatValue(r.lossPct, "%", 1)} (> ${formatValue(p.lossPct, "%", 1)})`);
    if (r.throughputKbps !== null && r.throughputKbps < p.throughputKbps) problems.push(`throughput ${formatValue(r.throughputKbps, "kbit/s")} (< ${formatValue(p.throughputKbps, "kbit/s")})`);
    if (r.rttMs === null && r.lossPct === null && r.throughputKbps === null) unmeasured = true;
    if (problems.length === 0) continue;
    const time = parseTime(r.at);
    if (time !== null) at.push(time);
    evidence.push(`${time === null ? "Pre-call test" : `Pre-call test at ${formatUtc(time, false)}`}: ${problems.join("; ")}`);
  }
  if (evidence.length === 0) return null;
  if (unmeasured) evidence.push("RTT, loss and throughput were not measured (this SDK's pre-call test reports connectivity only)");

  // A test is a prediction; the call is what happened. Only trouble in the call makes it a warning.
  const trouble = drafts.filter((d) => NETWORK_RULES.has(d.rule) && (d.severity !== "info" || d.rule === "transport"));
  const used = usedPairs(ctx.report.candidatePairs);
  const directUdp = used.length > 0 && used.every((x) => pairPath(x) === "direct" && pairProtocol(x) === "udp");
  const sampled = ctx.report.tracks.length > 0;
  evidence.push(`In the call: ${callNetwork(ctx)}`);
  for (const d of trouble) evidence.push(`In the call: ${d.title}`);
  const severity: Severity = trouble.length ? "warn" : "info";
  const threshold = `TURN/relay/STUN connectivity false, network type ${p.slowNetworkTypes.join("/")}, RTT > ${formatValue(p.rttMs, "ms")}, loss > ${formatValue(p.lossPct, "%")} or throughput < ${formatValue(p.throughputKbps, "kbit/s")}; a warning only when the call shows network trouble too (relay or TCP, loss, jitter, RTT, bandwidth limits, reconnects)`;
  const episodes = at.map((t): FindingEpisode => ({ start: t, end: t, durationS: 0, peak: null, unit: null, severity }));
  if (trouble.length) {
    return {
      rule: "precall",
      severity,
      title: "Pre-call test already showed a weak or restricted network, and the call had network trouble",
      detail:
        "The connectivity test run just before joining found problems, and the call then showed the network in trouble too, so the cause likely lies with this participant's network rather than the service.",
      threshold,
      episodes,
      tracks: [],
      evidence,
    };
  }
  return {
    rule: "precall",
    severity,
    title:
      directUdp && sampled
        ? "Pre-call test flagged a weak or restricted network, but the call went direct over UDP without trouble"
        : sampled || used.length
          ? "Pre-call test flagged a weak or restricted network; the call's data shows no sign of it"
          : "Pre-call test flagged a weak or restricted network; the call's own data cannot confirm it",
    detail:
      directUdp && sampled
        ? "The connectivity test run just before joining found problems, yet the call itself connected directly over UDP with no loss, jitter, delay or reconnect episode. The test's result did not matter for this call; it may for another."
        : "The connectivity test run just before joining found problems, but nothing in the call's data shows the same trouble (or the data is too thin to tell). Worth knowing; on its own it does not explain a bad call.",
    threshold,
    episodes,
    tracks: [],
    evidence,
  };
}

/**
 * What the call's network did, beside a pre-call test: the median RTT and loss over every sample
 * of the sending tracks (the receiving side's figures are the senders' networks too). One
 * reading for the pre-call finding and the pre-call panel; null where no sending track has it.
 */
export function callNetworkMedians(tracks: readonly Track[]): { rttMs: number | null; lossPct: number | null } {
  const sent = tracks.filter((tr) => tr.direction === "send");
  const medianOf = (m: Metric) => median(sent.flatMap((tr) => (tr.metrics[m] ?? []).filter((v): v is number => v !== null)));
  return { rttMs: medianOf("rttMs"), lossPct: medianOf("lossPct") };
}

/** "direct over UDP; sending RTT median 12 ms, loss median 0 %": what the call's network did. */
function callNetwork(ctx: Ctx): string {
  const path = transportSummary(ctx.report.candidatePairs);
  const { rttMs: rtt, lossPct: loss } = callNetworkMedians(ctx.report.tracks);
  const figures = [rtt === null ? null : `RTT median ${formatValue(rtt, "ms")}`, loss === null ? null : `loss median ${formatValue(loss, "%", 1)}`].filter(Boolean);
  return `media ${path ?? "path not reported (no candidate pairs)"}${figures.length ? `; sending ${figures.join(", ")}` : ""}`;
}

const SECTION_NAME = { device: "device info", network: "network info", precall: "pre-call test", events: "client events", quality: "quality samples" } as const;

/** Shortfalls at either end of the call shorter than this are just the first and last intervals. */
const COVERAGE_SLACK_MS = 60_000;

function completenessFinding(ctx: Ctx): Draft | null {
  const c = ctx.report.completeness;
  const lacking: string[] = [];
  const evidence: string[] = [];
  for (const [section, state] of Object.entries(c.sections) as [keyof typeof SECTION_NAME, string][]) {
    if (state === "present") continue;
    lacking.push(`${SECTION_NAME[section]} ${state}`);
    evidence.push(
      state === "missing"
        ? `${capitalise(SECTION_NAME[section])}: not in the report`
        : state === "unreadable"
          ? `${capitalise(SECTION_NAME[section])}: ${formatNumber(c.receivedSamples)} uploaded, none with a readable time (unparseable or out of range), so none can be placed on the time axis`
          : `${capitalise(SECTION_NAME[section])}: present but empty${section === "quality" ? " (every series has no samples)" : ""}`,
    );
  }
  if (c.sections.quality === "present") {
    // Tracks whose series is missing but whose summary came: only averages for them.
    for (const sm of ctx.report.summaries) {
      if (sm.series === "present") continue;
      evidence.push(`${capitalise(trackName(sm.key))}: no time series (${sm.series}), only RealtimeKit's summary: ${summaryFigures(sm.cumulative, ctx.report.mosScaleEvident)}`);
    }
  }
  if (c.firstSampleAt !== null && c.lastSampleAt !== null && ctx.callStart !== null && ctx.callEnd !== null) {
    if (c.firstSampleAt - ctx.callStart > COVERAGE_SLACK_MS || ctx.callEnd - c.lastSampleAt > COVERAGE_SLACK_MS) {
      lacking.push("samples cover part of the call");
      evidence.push(`Quality samples cover ${formatUtcRange(c.firstSampleAt, c.lastSampleAt)} of a stay ${formatUtcRange(ctx.callStart, ctx.callEnd)}`);
    }
  }
  // When every sample was unreadable the section line above already says so.
  if (c.droppedSamples > 0 && c.sections.quality !== "unreadable") evidence.push(`${formatNumber(c.droppedSamples)} samples dropped: unreadable timestamp`);
  if (c.duplicateSamples > 0) evidence.push(`${formatNumber(c.duplicateSamples)} samples dropped: another sample in the same series had the same timestamp`);
  if (c.legacyShape) {
    lacking.push("legacy report");
    evidence.push("Pre-2026 report shape: receive-side stats only, no send-side quality");
  }
  if (ctx.mutedBy === "heuristic") evidence.push("No mute events: muted microphone stretches were inferred from MOS 1 at comfort-noise bitrate");
  if (evidence.length === 0) return null;
  return {
    rule: "completeness",
    severity: "info",
    title: lacking.length ? `Incomplete data: ${lacking.join(", ")}` : `Data caveats: ${formatNumber(c.droppedSamples + c.duplicateSamples)} samples dropped`,
    detail: "Findings only cover the data the report holds; anything missing here could hide a problem (or the absence of one).",
    threshold: "any report section missing or empty, samples not covering the stay, or samples dropped",
    episodes: [],
    tracks: [],
    evidence,
  };
}
