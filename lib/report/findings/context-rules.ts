import { formatDuration, formatNumber, formatUtc } from "@/lib/format";
import { episode, episodeCount, totalS } from "./track-episodes";
import type { Ctx, Draft, FindingEpisode, QualityEpisode, Stretch } from "./types";

/**
 * Context rules: the tab in the background and device changes. Each is judged against the quality
 * episodes found before it, so it warns only where it met one.
 */

function coinciding(s: Stretch, episodes: readonly QualityEpisode[], slackMs: number): QualityEpisode[] {
  return episodes.filter((e) => s.start <= e.end && s.end >= e.start - slackMs);
}

/**
 * Episodes of a context rule (background tab, device change): a stretch is a warning when it
 * comes close to a quality episode, else information. Returns the quality episodes it met too.
 */
function contextEpisodes(
  stretches: readonly Stretch[],
  quality: readonly QualityEpisode[],
  slackMs: number,
): { episodes: FindingEpisode[]; hits: QualityEpisode[] } {
  const hits: QualityEpisode[] = [];
  const episodes = stretches.map((s) => {
    const near = coinciding(s, quality, slackMs);
    hits.push(...near);
    return episode(s, near.length ? "warn" : "info");
  });
  return { episodes, hits };
}

export function backgroundFinding(ctx: Ctx, quality: readonly QualityEpisode[]): Draft | null {
  const away: Stretch[] = [];
  let from: number | null = null;
  for (const e of ctx.report.events) {
    const active = e.metadata?.is_meetings_tab_active;
    const goesAway =
      (e.name === "tab_change" && active === false) ||
      e.name === "browser_backgrounded" ||
      e.name === "meeting_view_backgrounded";
    const comesBack =
      (e.name === "tab_change" && active === true) ||
      e.name === "browser_foregrounded" ||
      e.name === "meeting_view_foregrounded";
    if (goesAway && from === null) from = e.t;
    else if (comesBack && from !== null) {
      away.push({ start: from, end: e.t });
      from = null;
    }
  }
  const openEnded = from !== null;
  if (from !== null) away.push({ start: from, end: Math.max(from, ctx.callEnd ?? from) });
  if (away.length === 0) return null;

  const { episodes, hits } = contextEpisodes(away, quality, ctx.t.mergeGapS * 1000);
  const evidence = [episodeCount(episodes)];
  if (openEnded)
    evidence.push("The last one has no matching foreground event, so it is counted until the end of the call");
  for (const title of [...new Set(hits.map((h) => h.title))]) evidence.push(`Overlaps: ${title}`);
  return {
    rule: "background",
    severity: hits.length ? "warn" : "info",
    title:
      away.length === 1
        ? `Meeting in the background for ${formatDuration(totalS(episodes))}`
        : `Meeting in the background ${away.length} times, ${formatDuration(totalS(episodes))} in total`,
    detail:
      "The meeting tab or app was not in front. Browsers throttle background tabs " +
      "(timers, rendering, sometimes the camera) and phones may suspend the app, so media and stats can stall; " +
      "with screen sharing it usually just means the shared window was in front.",
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

export function deviceChangeFinding(ctx: Ctx, quality: readonly QualityEpisode[]): Draft | null {
  // The device list is read before joining; only what changed once the call was on matters.
  const since = ctx.callStart;
  if (since === null) return null;
  const changes = ctx.report.deviceUpdates.filter((u) => u.t > since);
  if (changes.length === 0) return null;
  const slack = ctx.t.mergeGapS * 1000;
  const clusters: Stretch[] = [];
  const evidence: string[] = [];
  for (const u of changes) {
    const last = clusters[clusters.length - 1];
    if (last && u.t - last.end < slack) last.end = u.t;
    else clusters.push({ start: u.t, end: u.t });
    const at = formatUtc(u.t, false);
    const label = (d: { label: string | null }) => d.label ?? "unnamed device";
    if (u.kind === "selected") {
      if (u.device)
        evidence.push(
          `${at}: switched to ${label(u.device)}` +
            (u.device.kind && DEVICE_KIND[u.device.kind] ? ` (${DEVICE_KIND[u.device.kind]})` : ""),
        );
    } else {
      for (const d of u.added) evidence.push(`${at}: ${UPDATE_KIND[u.kind]} added: ${label(d)}`);
      for (const d of u.removed) evidence.push(`${at}: ${UPDATE_KIND[u.kind]} removed: ${label(d)}`);
    }
  }
  const { episodes, hits } = contextEpisodes(clusters, quality, slack);
  for (const title of [...new Set(hits.map((h) => h.title))]) evidence.push(`Close to: ${title}`);
  const named = [
    ...new Set(
      changes
        .flatMap((u) => (u.kind === "selected" ? (u.device ? [u.device] : []) : u.added))
        .map((d) => d.label)
        .filter((l): l is string => !!l),
    ),
  ];
  return {
    rule: "device-change",
    severity: hits.length ? "warn" : "info",
    title: `Devices changed during the call${named.length ? ` (${named.slice(0, 3).join(", ")})` : ""}`,
    detail: hits.length
      ? "A microphone, camera or speaker changed close to a quality problem. " +
        "A switch can interrupt audio for a moment, pick the wrong microphone, " +
        "or bring a Bluetooth headset's low-quality call mode."
      : "A microphone, camera or speaker was plugged in, removed or selected during the call. " +
        "Worth knowing if the complaint is about sound or picture; no quality problem was found around it.",
    threshold: `device updates after joining (warn within ${formatNumber(ctx.t.mergeGapS, 1)} s of a quality episode)`,
    episodes,
    tracks: [],
    evidence,
  };
}
