import { formatDuration, formatNumber, formatUtc } from "@/lib/format";
import { GAP_FACTOR, GAP_MIN_S } from "@/lib/realtimekit/tracks";
import { outages as completenessOutages } from "../outages";
import { parseTime } from "./context";
import { episode, totalS } from "./track-episodes";
import type { Ctx, Draft, FindingEpisode, Severity, Stretch } from "./types";

/** Reconnects, disconnects and stretches without any stats. */

/** What a sampling gap is, in the figures findGaps uses: longer than both. */
export const gapWords = `> ${formatNumber(GAP_FACTOR, 1)} × the sample interval and > ${formatNumber(GAP_MIN_S, 1)} s`;

export function reconnectFinding(ctx: Ctx): Draft | null {
  const { report, t } = ctx;
  // Gaps in every track at once (one track's gap may just be a camera switched off), as the
  // report's completeness already has them.
  const outages = completenessOutages(report.completeness.gaps);
  const disconnects = report.events.filter((e) => e.name === "disconnect");
  const attempts = report.events.filter((e) => e.name === "reconnect_attempt");
  const peerEvents = report.participant.peerEvents;
  const joins = peerEvents ? peerEvents.filter((e) => e.kind === "joining") : null;
  const rejoins = report.participant.reconnects ?? (joins ? Math.max(0, joins.length - 1) : 0);

  // The report's gaps run from/to; read once here into the episodes' shape.
  const away: Stretch[] = outages.map((g) => ({ start: g.from, end: g.to }));
  disconnects.forEach((d, i) => {
    const next = disconnects[i + 1]?.t ?? Infinity;
    let to = d.t;
    for (const a of attempts) if (a.t >= d.t && a.t < next) to = Math.max(to, a.t);
    away.push({ start: d.t, end: to });
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
        if (joined && leftAt !== null) away.push({ start: leftAt, end: at });
        joined = true;
        leftAt = null;
      }
    }
  }
  const drops = Math.max(rejoins, disconnects.length);
  if (drops === 0 && away.length === 0) return null;

  away.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Stretch[] = [];
  for (const s of away) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end + t.mergeGapS * 1000) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const longestS = merged.reduce((m, s) => Math.max(m, (s.end - s.start) / 1000), 0);
  const poor = drops >= t.reconnects.poor || longestS >= t.outagePoorS;
  const severity: Severity = poor ? "poor" : "warn";
  const episodes: FindingEpisode[] = merged.map((s) => {
    const e = episode(s, "warn");
    return e.durationS >= t.outagePoorS || drops >= t.reconnects.poor ? { ...e, severity: "poor" } : e;
  });
  const total = totalS(episodes);
  const evidence: string[] = [];
  if (joins)
    evidence.push(
      `${joins.length} PEER_JOINING event${joins.length === 1 ? "" : "s"} ` +
        `(${rejoins} rejoin${rejoins === 1 ? "" : "s"})`,
    );
  if (disconnects.length)
    evidence.push(
      `${disconnects.length} disconnect event${disconnects.length === 1 ? "" : "s"} ` +
        `at ${disconnects.map((d) => formatUtc(d.t, false)).join(", ")}`,
    );
  if (attempts.length) evidence.push(`${attempts.length} reconnect attempt${attempts.length === 1 ? "" : "s"}`);
  if (outages.length)
    evidence.push(`No stats from any track for ${outages.map((g) => formatDuration(g.durationS)).join(", ")}`);
  const reason = disconnects.find((d) => typeof d.metadata?.reason === "string")?.metadata?.reason;
  if (typeof reason === "string") evidence.push(`Disconnect reason: ${reason}`);
  if (longestS > 0) evidence.push(`Longest outage ${formatDuration(longestS)}`);

  const title =
    drops > 0
      ? `Connection dropped ${drops} time${drops === 1 ? "" : "s"}` +
        (total > 0 ? ` (${formatDuration(total)} without media)` : "")
      : `No stats for ${formatDuration(total)} ` +
        `(${merged.length === 1 ? "a gap" : `${merged.length} gaps`}; possible connection drop)`;
  return {
    rule: "reconnect",
    severity,
    title,
    detail:
      drops > 0
        ? "The connection dropped and had to be re-established; " +
          "while it was down this participant neither sent nor received media. " +
          "Usually a network change (Wi-Fi to mobile), a weak signal, or a laptop going to sleep."
        : "No stats arrived from any track for a while. " +
          "Either the connection dropped or the client stopped reporting " +
          "(a suspended mobile app, a frozen tab); the events around it tell which.",
    threshold: poor
      ? `≥ ${t.reconnects.poor} reconnects, or one outage ≥ ${formatNumber(t.outagePoorS, 1)} s`
      : `≥ ${t.reconnects.warn} reconnect, or a stretch with no stats from any track (${gapWords})`,
    episodes,
    tracks: [],
    evidence,
  };
}
