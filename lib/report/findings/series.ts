import { formatDuration, formatNumber, formatUtc } from "@/lib/format";
import { TRACK_KEYS, type Metric, type Track } from "@/lib/realtimekit/types";
import { bandRule, findSpans, type SpanRule, type Worse } from "../episodes";
import type { Band, Thresholds } from "../thresholds";
import { describeTracks, formatValue, trackLabel } from "../vocabulary";
import {
  bandEpisodes,
  episodeCount,
  unionEpisodes,
  worstPeak,
  worstSeverity,
  type TrackEpisode,
} from "./track-episodes";
import type { Ctx, Draft } from "./types";

/** Threshold rules on sampled columns: loss, jitter, RTT, MOS, frame rate. */

export type SeriesRule = "loss" | "jitter" | "rtt" | "mos" | "fps";

interface SeriesSpec {
  rule: SeriesRule;
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
  {
    rule: "loss",
    metric: "lossPct",
    band: (t) => t.lossPct,
    worse: "higher",
    inclusive: true,
    name: "loss",
    unit: "%",
    digits: 1,
    applies: () => true,
    byDirection: true,
  },
  {
    rule: "jitter",
    metric: "jitterMs",
    band: (t) => t.jitterMs,
    worse: "higher",
    inclusive: false,
    name: "jitter",
    unit: "ms",
    digits: 0,
    applies: () => true,
    byDirection: true,
  },
  {
    rule: "rtt",
    metric: "rttMs",
    band: (t) => t.rttMs,
    worse: "higher",
    inclusive: false,
    name: "RTT",
    unit: "ms",
    digits: 0,
    applies: (tr) => tr.direction === "send",
    byDirection: false,
  },
  // Audio only: the video score is the vendor's blend of loss, frame rate and resolution, which
  // have findings of their own.
  {
    rule: "mos",
    metric: "mos",
    band: (t) => t.mos,
    worse: "lower",
    inclusive: false,
    name: "MOS",
    unit: "MOS",
    digits: 1,
    applies: (tr) => tr.kind === "audio",
    byDirection: true,
  },
  // Camera only: screen content is sent at a few frames per second by design.
  {
    rule: "fps",
    metric: "fps",
    band: (t) => t.fps,
    worse: "lower",
    inclusive: false,
    name: "frame rate",
    unit: "fps",
    digits: 0,
    applies: (tr) => tr.kind === "video" && !tr.screenshare,
    byDirection: true,
  },
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

/** The findings of one series rule: send and receive apart where the rule says so. */
export function seriesFindings(ctx: Ctx, rule: SeriesRule): Draft[] {
  const out: Draft[] = [];
  for (const spec of SERIES) {
    if (spec.rule !== rule) continue;
    const band = spec.band(ctx.t);
    const warnRule = bandRule(spec.worse, spec.inclusive, band.warn, band.warnOff);
    const poorRule = bandRule(spec.worse, spec.inclusive, band.poor, band.poorOff);
    // MOS on an undocumented scale is no verdict unless the values show it (README, "Upstream quirks").
    if (spec.rule === "mos" && !ctx.report.mosScaleEvident) continue;
    const tracks = ctx.report.tracks.filter((tr) => spec.applies(tr) && tr.metrics[spec.metric]);
    const groups = spec.byDirection
      ? [tracks.filter((tr) => tr.direction === "send"), tracks.filter((tr) => tr.direction === "receive")]
      : [tracks];
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
function shortOfPoor(
  ctx: Ctx,
  spec: SeriesSpec,
  band: Band,
  poorRule: SpanRule,
  group: readonly Track[],
  episodes: readonly TrackEpisode[],
): string | null {
  let peak: number | null = null;
  let longestMs = 0;
  let stretches = 0;
  for (const tr of group) {
    const skip = spec.rule === "mos" ? ctx.mutedSamples.get(tr.key) : undefined;
    const input = {
      t: tr.t,
      values: tr.metrics[spec.metric] ?? [],
      gaps: tr.gaps,
      medianIntervalS: tr.medianIntervalS,
      skip,
    };
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
  return (
    `${spec.worse === "higher" ? "peaked at" : "fell to"} ${formatValue(peak, spec.unit, spec.digits)}; ` +
    `${side} the poor level (${onSym} ${level}) for ${formatDuration(longestMs / 1000)}${at}, ` +
    `under the ${formatDuration(ctx.t.minDurationS)} needed`
  );
}

function seriesDraft(
  ctx: Ctx,
  spec: SeriesSpec,
  band: Band,
  group: readonly Track[],
  items: TrackEpisode[],
  skipped: number,
): Draft {
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
    if (w && w.peak !== null && w.peakAt !== null)
      evidence.push(
        `${trackLabel(k)}: worst ${formatValue(w.peak, spec.unit, spec.digits)} at ${formatUtc(w.peakAt, false)}`,
      );
  }
  evidence.push(episodeCount(episodes));
  const from = levelText(spec, band.warn, band.warnOff, ctx.t.minDurationS).replace(/ for ≥ [^(]*\(/, " (");
  evidence.push(`Episodes run from ${from}`);
  if (spec.rule === "mos" && skipped > 0) {
    evidence.push(
      ctx.mutedBy === "heuristic"
        ? `Ignored ${skipped} audio-sent samples that look muted ` +
            "(MOS 1 at comfort-noise bitrate; no mute events in the report)"
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
        ? "Packets this participant sent were lost before reaching the server, " +
            "so others heard choppy audio and saw frozen or blurry video from them. " +
            "Usually their uplink: busy Wi-Fi, a saturated upload or a weak mobile signal."
        : "Packets sent to this participant were lost on the way, so they heard choppy audio and saw freezes. " +
            "Usually their downlink (Wi-Fi, mobile signal); " +
            "if everyone else shows it at the same time, the sender's side is more likely.";
    case "jitter":
      return send
        ? "Packets from this participant reached the server unevenly, " +
            "so receivers had to buffer longer (more delay) or conceal gaps. Usually a congested or wireless uplink."
        : "Packets reached this participant unevenly, so their jitter buffer grew (more delay) " +
            "and audio was concealed or video stuttered. Usually congested Wi-Fi or mobile data on their side.";
    case "rtt":
      return (
        "High round-trip time makes conversation awkward (people talk over each other) " +
        "and slows recovery from loss. " +
        "Usually a distant or congested path, a VPN, mobile data, or a TURN relay over TCP."
      );
    case "mos":
      return send
        ? "The estimated quality of the audio this participant sent dropped; " +
            "others would have found them hard to understand. It follows the loss, jitter and delay of the same period."
        : "The estimated quality of the audio this participant heard dropped. " +
            "It follows the loss, jitter and delay of the same period, on their side or the speaker's.";
    case "fps":
      return send
        ? "Their camera video went out at a low frame rate, so it looked choppy to everyone. " +
            "Usually CPU or bandwidth limits on their side (see those findings)."
        : "Video reaching this participant played at a low frame rate. " +
            "Either the sender sent it that way (check the sender's report) " +
            "or this participant's downlink or CPU could not keep up.";
  }
}
