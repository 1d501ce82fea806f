import { formatDuration, formatNumber } from "@/lib/format";
import type { CumulativeSummary, ThresholdFractions, Track } from "@/lib/realtimekit/types";
import { offIntervals } from "../toggles";
import { describeTracks, formatValue, joinWords, MEDIA_NAME, trackLabel, trackName } from "../vocabulary";
import { overlapMask } from "./context";
import { episode } from "./track-episodes";
import type { Ctx, Draft, Severity } from "./types";

/** Empty media: tracks that carried nothing, and reports with only RealtimeKit's summaries. */

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
    parts.push(
      `MOS avg ${formatNumber(c.mos.avg, 2)} (scale undocumented${mosScaleEvident ? "" : ", no value above 1"})`,
    );
  }
  for (const [k, v] of Object.entries(c.issues))
    if (v > 0)
      parts.push(`${k.replace(/_fraction$/, "").replace(/_/g, " ")} ${formatNumber(v * 100, 1)} % of the call`);
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
    if (loss !== null && loss >= t.lossPct.warn)
      high.push(`loss averaging ${formatValue(loss, "%", 1)} (${trackName(sm.key)})`);
    if (rtt !== null && sm.direction === "send" && rtt > t.rttMs.warn)
      high.push(`RTT averaging ${formatValue(rtt, "ms")} (${trackName(sm.key)})`);
  }
  const what = describeTracks(summaries.map((sm) => sm.key));
  const evidence = summaries.map(
    (sm) => `${trackLabel(sm.key)}, RealtimeKit's summary: ${summaryFigures(sm.cumulative, report.mosScaleEvident)}`,
  );
  if (state === "unreadable")
    evidence.push(`${formatNumber(report.completeness.receivedSamples)} samples uploaded, none with a readable time`);
  return {
    rule: "empty-media",
    severity: high.length ? "warn" : "info",
    title: high.length
      ? `No quality time series; RealtimeKit's own summary shows ${joinWords(high)}`
      : `No quality time series, only RealtimeKit's own summary (${what})`,
    detail:
      `The report's quality time series ${state === "empty" ? "are empty" : "came with unreadable times"}, ` +
      "but RealtimeKit's own per-track summary is there, so media did flow. " +
      "Its figures cover the whole call (averages, and the share of samples past fixed levels) without times: " +
      "there are no episodes or charts, and a short problem can hide in an average.",
    threshold:
      `summary average loss ≥ ${formatValue(t.lossPct.warn, "%")} ` +
      `or sending RTT > ${formatValue(t.rttMs.warn, "ms")} warns; otherwise information`,
    episodes: [],
    tracks: summaries.map((sm) => sm.key),
    evidence,
  };
}

export function emptyMediaFindings(ctx: Ctx): Draft[] {
  const { report, t } = ctx;
  const out: Draft[] = [];
  const quality = report.completeness.sections.quality;
  if ((quality === "empty" || quality === "unreadable") && report.summaries.length)
    return [summaryOnlyFinding(ctx, quality)];
  // Uploaded with unreadable times is not "never uploaded": the completeness finding says it, once.
  if (quality === "unreadable") return out;
  if (quality === "empty") {
    const stay =
      ctx.callStart !== null && ctx.callEnd !== null && ctx.callEnd > ctx.callStart
        ? ` during a ${formatDuration((ctx.callEnd - ctx.callStart) / 1000)} stay`
        : "";
    out.push({
      rule: "empty-media",
      severity: "warn",
      title: `No call-quality samples at all${stay}`,
      detail:
        "The report has a quality section but every series is empty, and there is no summary either: " +
        "the client never uploaded call stats. Either media never flowed (check the candidate pairs and events), " +
        "or the stats upload failed (blocked request, old SDK). Nothing can be said about audio or video quality.",
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
    const skip =
      tr.key === "audio_producer"
        ? knownMute
          ? ctx.mutedSamples.get(tr.key)
          : null
        : tr.key === "video_producer"
          ? overlapMask(tr, videoOff)
          : null;
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
    if (tr.key === "audio_producer" && !knownMute) {
      out.push(silentMicrophone(ctx, tr, { n, first, last }));
      continue;
    }
    if (tr.key === "screenshare_audio_producer" || tr.key === "screenshare_audio_consumer") {
      out.push(silentShareAudio(ctx, tr, { n, first, last }));
      continue;
    }
    out.push({
      rule: "empty-media",
      severity: "poor",
      title: send
        ? `Sent no ${MEDIA_NAME[tr.key]} (≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} for the whole call)`
        : `Received no ${MEDIA_NAME[tr.key]} (≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} for the whole call)`,
      detail: send
        ? "The track existed and was not muted, yet carried no data, so nobody could hear or see this participant. " +
          "Usually a device problem (wrong or blocked microphone/camera, OS permission, another app holding it) " +
          "or a transport that never connected."
        : "This participant had the track but received no data on it, so they heard or saw nothing. " +
          "Either nobody sent it (check the other participants) or their receiving transport never worked.",
      threshold:
        `bitrate ≤ ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)} in every sample${send ? " while unmuted" : ""}, ` +
        `over ≥ ${formatNumber(t.minDurationS, 1)} s`,
      episodes: [episode({ start: first, end: last }, "poor", 0, "kbit/s")],
      tracks: [tr.key],
      evidence: [`${trackLabel(tr.key)}: ${n} samples, none above ${formatValue(t.emptyBitrateKbps, "kbit/s", 1)}`],
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
function silentMicrophone(ctx: Ctx, tr: Track, s: { n: number; first: number; last: number }): Draft {
  const { t } = ctx;
  const eventsReported = ctx.report.completeness.sections.events === "present";
  const severity: Severity = eventsReported ? "warn" : "info";
  const level = formatValue(t.emptyBitrateKbps, "kbit/s", 1);
  const evidence = [
    `${trackLabel(tr.key)}: ${s.n} samples, none above ${level}`,
    eventsReported
      ? "No audio_off or audio_on event among the report's client events"
      : "The report has no client events, so no mute state",
  ];
  const mos = tr.metrics.mos?.filter((v): v is number => v !== null) ?? [];
  if (mos.length && mos.every((v) => v <= 1))
    evidence.push(
      "MOS 1 throughout (as a muted microphone is scored; scale undocumented" +
        (ctx.report.mosScaleEvident ? "" : ", no value above 1") +
        ")",
    );
  return {
    rule: "empty-media",
    severity,
    title: `Sent only silence (≤ ${level} for the whole call): possibly muted, though RealtimeKit reported no mute`,
    detail: eventsReported
      ? "The microphone track carried no more than silence or comfort noise, so nobody heard this participant, " +
        "yet the client reported no mute in the app. Inferred from the bitrate alone: a mute in the operating system " +
        "or on the headset looks the same as a wrong, blocked or dead microphone. Ask which they had."
      : "The microphone track carried no more than silence or comfort noise, so nobody heard this participant. " +
        "The report has no client events, so whether they muted themselves is unknown; " +
        "inferred from the bitrate alone, this may be a mute (in the app, the operating system or on the headset) " +
        "or a wrong, blocked or dead microphone.",
    threshold:
      `bitrate ≤ ${level} in every sample over ≥ ${formatNumber(t.minDurationS, 1)} s, ` +
      "with no mute reported (poor only when mute events show the microphone on)",
    episodes: [episode({ start: s.first, end: s.last }, severity, 0, "kbit/s")],
    tracks: [tr.key],
    evidence,
  };
}

/**
 * Screen-share audio that carried only silence: most shared content (slides, a document, a quiet
 * tab) has no sound, so this is information, never a failure of the call.
 */
function silentShareAudio(ctx: Ctx, tr: Track, s: { n: number; first: number; last: number }): Draft {
  const level = formatValue(ctx.t.emptyBitrateKbps, "kbit/s", 1);
  const send = tr.direction === "send";
  return {
    rule: "empty-media",
    severity: "info",
    title: `${send ? "Sent" : "Received"} only silence on screen-share audio (≤ ${level} for the whole share)`,
    detail:
      "The screen share's audio track carried no sound. " +
      "Usually the shared content simply had none (slides, a document, a silent tab); " +
      "only if the share was meant to play sound (a video, a demo) is this the problem: " +
      "then check that audio sharing was ticked in the browser's share dialog.",
    threshold:
      `bitrate ≤ ${level} in every sample over ≥ ${formatNumber(ctx.t.minDurationS, 1)} s ` +
      "(information: shared content is often silent)",
    episodes: [episode({ start: s.first, end: s.last }, "info", 0, "kbit/s")],
    tracks: [tr.key],
    evidence: [`${trackLabel(tr.key)}: ${s.n} samples, none above ${level}`],
  };
}
