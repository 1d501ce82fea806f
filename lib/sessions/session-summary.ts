import { formatDuration, formatNumber, formatUtc, formatUtcRange } from "@/lib/format";
import type { Participant, Session } from "@/lib/realtimekit/types";
import { md } from "@/lib/report/summary";
import type { Verdict } from "@/lib/report/verdict";
import { badColumns, badWindow, buildHeatmap, compareWorst } from "./heatmap";

/**
 * A session's ticket summary from the quality index alone (no report): who had a bad call and
 * when, whether it hit everyone at once or some participants, and what is not known. Plain text
 * with "-" lists, so it reads the same pasted as text or as Markdown; every upstream string goes
 * through the peer summary's md() (one line, capped, Markdown and mentions made inert).
 */

export interface SessionSummaryInput {
  session: Pick<Session, "id" | "title" | "status" | "startedAt" | "endedAt">;
  participants: readonly Participant[];
  /** The current verdicts of the session's participants (the quality index's). */
  verdicts: readonly Verdict[];
  /** Participant rows RealtimeKit sent without an id, left out of the list. */
  skipped?: number;
  /** An absolute link to the session page; left out unless http(s). */
  sessionUrl?: string;
}

/** Participants named in "who was affected"; the rest are counted. */
export const SUMMARY_MAX_NAMED = 10;
/** Windows listed under "everyone at once". */
const MAX_WINDOWS = 5;
/** A column is "everyone at once" when at least this share of the participants sampled in it was degraded or poor… */
export const EVERYONE_SHARE = 0.5;
/** …and at least this many were: one participant of two is not everyone. */
export const EVERYONE_MIN = 2;
const MAX_NAME = 80;
const MAX_TITLE = 160;
const MAX_ID = 128;

const LEVEL_RANK = { poor: 0, degraded: 1, good: 2 } as const;

export function sessionSummary(input: SessionSummaryInput): string {
  const { session, verdicts } = input;
  const lines: string[] = [];
  const names = new Map<string, string | null>();
  for (const p of input.participants) {
    const k = p.peerId.toLowerCase();
    if (!names.get(k)) names.set(k, p.name);
  }
  const byPeer = new Map<string, Verdict>();
  for (const v of verdicts) byPeer.set(v.peerId.toLowerCase(), v);
  // Everyone the list or the index knows, once each.
  const total = new Set([...names.keys(), ...byPeer.keys()]).size;
  const checked = byPeer.size;
  const withSamples = [...byPeer.values()].filter((v) => v.hasSamples && v.timeline.startMs !== null);
  const unknown = checked - [...byPeer.values()].filter((v) => v.hasSamples).length;

  lines.push(`Session quality: ${md(session.title || "Untitled meeting", MAX_TITLE)}`);
  lines.push(`- Session id: ${md(session.id, MAX_ID)}`);
  lines.push(`- When: ${when(session)}`);
  lines.push(
    `- Participants: ${formatNumber(total)} · checked: ${formatNumber(checked)}` +
      (checked ? ` (${levelCounts([...byPeer.values()])})` : ""),
  );
  lines.push("");

  const heatmap = buildHeatmap(withSamples);
  const days = heatmap
    ? utcDay(heatmap.startMs) !== utcDay(heatmap.startMs + heatmap.intervals * heatmap.stepS * 1000 - 1)
    : false;
  const span = (w: { startMs: number; endMs: number }) => clockRange(w.startMs, w.endMs, days);

  const affected = [...byPeer.values()]
    .filter((v) => v.hasSamples && v.level !== "good")
    .map((v) => ({ v, peerId: v.peerId, ...badColumns(v.timeline.levels) }))
    .sort((a, b) => LEVEL_RANK[a.v.level] - LEVEL_RANK[b.v.level] || compareWorst(a, b));
  lines.push(`Who was affected (worst first; times in UTC):`);
  if (!affected.length)
    lines.push(checked ? "- No checked participant had a degraded or poor call." : "- Nobody checked yet.");
  for (const { v } of affected.slice(0, SUMMARY_MAX_NAMED)) {
    const name = names.get(v.peerId.toLowerCase()) || v.name || "unnamed participant";
    const finding = v.main ? `: ${md(v.main.title)}` : "";
    const more = v.others ? ` (+${v.others} more finding${v.others === 1 ? "" : "s"})` : "";
    const window = badWindow(v.timeline);
    lines.push(
      `- ${md(name, MAX_NAME)} (peer id ${md(v.peerId, MAX_ID)}) — ${v.level}${finding}${more}` +
        (window ? `, ${span(window)}` : ""),
    );
  }
  if (affected.length > SUMMARY_MAX_NAMED)
    lines.push(`- and ${formatNumber(affected.length - SUMMARY_MAX_NAMED)} more`);
  lines.push("");

  lines.push("Just some participants, or everyone at once:");
  const windows = heatmap ? everyoneWindows(heatmap) : [];
  for (const w of windows.slice(0, MAX_WINDOWS)) {
    lines.push(
      `- Everyone at once ${span(w)}: ${w.pct} % of checked participants degraded or poor — ` +
        "likely not one participant's network",
    );
  }
  if (windows.length > MAX_WINDOWS) lines.push(`- and ${windows.length - MAX_WINDOWS} more such windows`);
  if (!windows.length) {
    if (withSamples.length < EVERYONE_MIN)
      lines.push("- Too few participants checked to tell whether it hit everyone at once.");
    else if (affected.length)
      lines.push(
        "- Limited to some participants: at no time were half or more of the checked participants " +
          "degraded or poor together.",
      );
    else lines.push("- Nothing hit the checked participants at once.");
  }
  lines.push("");

  lines.push("Not known:");
  const notChecked = total - checked;
  const unknowns: string[] = [];
  if (notChecked) unknowns.push(`${formatNumber(notChecked)} of ${formatNumber(total)} not checked`);
  if (unknown) unknowns.push(`${formatNumber(unknown)} checked without quality samples (unknown)`);
  if (input.skipped) unknowns.push(`${formatNumber(input.skipped)} participant rows without an id left out`);
  if (session.status === "live") unknowns.push("the session is live: verdicts may still change");
  lines.push(...(unknowns.length ? unknowns.map((u) => `- ${u}`) : ["- Every participant was checked."]));

  if (input.sessionUrl && /^https?:\/\//i.test(input.sessionUrl)) {
    lines.push("", `Open in RealtimeKit Inspector: ${input.sessionUrl}`);
  }
  return lines.join("\n") + "\n";
}

function levelCounts(verdicts: readonly Verdict[]): string {
  const n = { poor: 0, degraded: 0, good: 0, unknown: 0 };
  for (const v of verdicts) n[v.hasSamples ? v.level : "unknown"]++;
  const parts = (["poor", "degraded", "good", "unknown"] as const).filter((k) => n[k]);
  return parts.map((k) => `${formatNumber(n[k])} ${k}`).join(" · ");
}

function when(session: SessionSummaryInput["session"]): string {
  const start = session.startedAt ? Date.parse(session.startedAt) : NaN;
  const end = session.endedAt ? Date.parse(session.endedAt) : NaN;
  if (!Number.isFinite(start)) return "start unknown";
  if (session.status === "live" || !Number.isFinite(end)) return `since ${formatUtc(start)} (live)`;
  return `${formatUtcRange(start, end, true)} (${formatDuration((end - start) / 1000)})`;
}

const pad = (n: number) => String(n).padStart(2, "0");
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "11:04", or "11:04:30" off the minute (the grid is 30 s); with the date when the session spans days. */
function clock(ms: number, withDate: boolean): string {
  const d = new Date(ms);
  const seconds = d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : "";
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds}`;
  return withDate ? `${utcDay(ms)} ${hm}` : hm;
}

function clockRange(startMs: number, endMs: number, withDate: boolean): string {
  return `${clock(startMs, withDate)}–${clock(endMs, withDate)} UTC`;
}

/**
 * Runs of columns where at least EVERYONE_SHARE of the participants sampled (and EVERYONE_MIN of
 * them) were degraded or poor, each with its peak share in %.
 */
export function everyoneWindows(heatmap: NonNullable<ReturnType<typeof buildHeatmap>>): {
  startMs: number;
  endMs: number;
  pct: number;
}[] {
  const { sampled, degraded, poor } = heatmap.share;
  const stepMs = heatmap.stepS * 1000;
  const out: { startMs: number; endMs: number; pct: number }[] = [];
  let open: { startMs: number; endMs: number; pct: number } | null = null;
  for (let i = 0; i < heatmap.intervals; i++) {
    const n = sampled[i] ?? 0;
    const bad = (degraded[i] ?? 0) + (poor[i] ?? 0);
    const hit = bad >= EVERYONE_MIN && bad >= n * EVERYONE_SHARE;
    if (!hit) {
      open = null;
      continue;
    }
    const pct = Math.round((bad / n) * 100);
    const t = heatmap.startMs + i * stepMs;
    if (open) {
      open.endMs = t + stepMs;
      open.pct = Math.max(open.pct, pct);
    } else {
      open = { startMs: t, endMs: t + stepMs, pct };
      out.push(open);
    }
  }
  return out;
}
