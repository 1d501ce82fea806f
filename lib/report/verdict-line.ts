import { formatValue } from "./vocabulary";
import { peerPath, sessionPath } from "@/lib/routes";
import type { Finding, FindingEpisode } from "./findings";
import { NETWORK_RULES } from "./findings/registry";
import { leadingFinding } from "./health";
import { VERDICT_MAX_EPISODES, type Verdict, type VerdictEpisode } from "./verdict";

/**
 * The peer page's one-line verdict: the leading cause finding and, where the quality index knows the
 * others in the call, what they had at the same time (docs/findings.md, "The verdict line"). Pure:
 * the page reads the index (no upstream call) and renders these parts. Names are untrusted text;
 * they stay plain strings here and React escapes them.
 */

export type VerdictLinePart =
  | { kind: "text"; text: string }
  /** A time range, rendered in UTC with the reader's local time beside it. Epoch ms. */
  | { kind: "time"; startMs: number; endMs: number }
  | { kind: "link"; text: string; href: string };

export interface VerdictLine {
  tone: "good" | "warn" | "poor" | "neutral";
  /** What the line blames, for tests and styling. */
  cause: "none" | "no-samples" | "uplink" | "downlink" | "connection" | "device" | "media" | "sender" | "everyone";
  /** What is known of the others: not read, none checked yet, compared, or nothing to compare with. */
  others: "unknown" | "unchecked" | "compared" | "not-compared";
  parts: VerdictLinePart[];
}

export interface VerdictLineInput {
  appId: string;
  peerId: string;
  sessionId: string | null;
  /** findings(report, thresholds) over the whole report. */
  findings: readonly Finding[];
  /** False when the report has no quality samples. */
  hasSamples: boolean;
  /** The session's current verdicts from the quality index (this peer among them or not); null when not read. */
  sessionVerdicts: readonly Verdict[] | null;
  /** The session's peak participant count, when known: says whether the others checked are all of them. */
  peakParticipants?: number | null;
}

type Direction = VerdictEpisode["direction"];

/** The line's plain text (for tests and the ticket); times as UTC ranges. */
export function verdictLineText(line: VerdictLine, formatRange: (a: number, b: number) => string): string {
  return line.parts.map((p) => (p.kind === "time" ? formatRange(p.startMs, p.endMs) : p.text)).join("");
}

export function buildVerdictLine(input: VerdictLineInput): VerdictLine {
  if (!input.hasSamples) {
    return {
      tone: "neutral",
      cause: "no-samples",
      others: "not-compared",
      parts: [text("No quality samples in this participant's report: nothing to judge the call by.")],
    };
  }
  const { top } = leadingFinding(input.findings);
  if (!top || top.severity === "info") {
    return {
      tone: "good",
      cause: "none",
      others: "not-compared",
      parts: [text("No problem found: no quality rule fired for this participant.")],
    };
  }
  const tone = top.severity === "poor" ? "poor" : "warn";
  const direction = directionOf(top);
  const episode = mainEpisode(top.episodes);
  const problem = problemText(top, episode, direction);
  const lead = leadWords(top, direction);

  // Without a time there is nothing to compare the others with.
  if (!episode) return { tone, cause: lead.cause, others: "not-compared", parts: [text(`${lead.words}: ${problem}`)] };
  const when: VerdictLinePart = { kind: "time", startMs: episode.start, endMs: episode.end };

  const self = input.peerId.toLowerCase();
  const others = input.sessionVerdicts?.filter((v) => v.peerId.toLowerCase() !== self) ?? null;
  if (others === null || others.length === 0) {
    const parts: VerdictLinePart[] = [text(`${lead.words}: ${problem} `), when];
    if (others === null || !input.sessionId) return { tone, cause: lead.cause, others: "unknown", parts };
    if (input.peakParticipants === 1)
      return { tone, cause: lead.cause, others: "compared", parts: [...parts, text("; nobody else was in the call")] };
    parts.push(text("; the others in the call have not been checked yet: "));
    parts.push({
      kind: "link",
      text: "check them on the session page",
      href: sessionPath(input.appId, input.sessionId),
    });
    return { tone, cause: lead.cause, others: "unchecked", parts };
  }

  const states = others.map((v) => ({ v, state: stateThen(v, episode.start, episode.end, direction) }));
  const present = states.filter((s) => s.state !== "absent");
  const own = present.filter((s) => s.state === "own");

  // Problems in what they received: whose uplink was bad at that time?
  if (direction === "received") {
    const sender = worstSender(others, episode.start, episode.end);
    if (sender) {
      const href = peerPath(input.appId, sender.v.peerId, zoomView(episode.start, episode.end), "charts");
      return {
        tone,
        cause: "sender",
        others: "compared",
        parts: [
          text(`Likely the sender's uplink: ${problem} `),
          when,
          text("; "),
          { kind: "link", text: nameOf(sender.v), href },
          text(` had ${lowerFirst(sender.e.title)} then`),
        ],
      };
    }
  }

  if (own.length > 0 && own.length * 2 >= present.length) {
    return {
      tone,
      cause: "everyone",
      others: "compared",
      parts: [
        text("Everyone in the call degraded "),
        when,
        text(
          `: likely not this participant's network (${own.length} of the ${present.length} ` +
            `other${present.length === 1 ? "" : "s"} in the call then had trouble too)`,
        ),
      ],
    };
  }

  const parts: VerdictLinePart[] = [text(`${lead.words}: ${problem} `), when, text("; ")];
  const checked =
    input.peakParticipants != null && others.length < input.peakParticipants - 1 ? " checked" : " in the call";
  if (present.length === 0) {
    parts.push(text(`none of the ${count(others.length, "other")}${checked} had samples then`));
  } else if (own.length === 0 && present.every((s) => s.state === "fine")) {
    parts.push(
      text(
        present.length === 1
          ? `the other person${checked} was fine then`
          : `the ${present.length} others${checked} were fine then`,
      ),
    );
  } else {
    const fine = present.filter((s) => s.state === "fine").length;
    const receiving = present.filter((s) => s.state === "receiving").length;
    const bits: string[] = [];
    if (fine) bits.push(`${fine} ${fine === 1 ? "was" : "were"} fine`);
    if (receiving) bits.push(`${receiving} had trouble only in what they received (as this uplink would cause)`);
    parts.push(text(`of the ${present.length} others${checked} then, ${bits.join(", ")}`));
    if (own.length) {
      parts.push(text(`${bits.length ? ", " : ""}${own.length} had trouble of their own (`));
      own.slice(0, 2).forEach((s, i) => {
        if (i) parts.push(text(", "));
        const href = peerPath(input.appId, s.v.peerId, zoomView(episode.start, episode.end), "charts");
        parts.push({ kind: "link", text: nameOf(s.v), href });
      });
      parts.push(text(own.length > 2 ? ` and ${own.length - 2} more)` : ")"));
    }
  }
  return { tone, cause: lead.cause, others: "compared", parts };
}

function text(t: string): VerdictLinePart {
  return { kind: "text", text: t };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** As the verdict reads it: tracks ending in _producer are what the participant sent. */
function directionOf(f: Finding): Direction {
  const send = f.tracks.some((k) => k.endsWith("_producer"));
  const receive = f.tracks.some((k) => !k.endsWith("_producer"));
  return send && receive ? "both" : send ? "sent" : receive ? "received" : "both";
}

/** The worst episode (poor before warn), the longest among equals, the earliest among those. */
function mainEpisode(episodes: readonly FindingEpisode[]): FindingEpisode | null {
  let best: FindingEpisode | null = null;
  const rank = (e: FindingEpisode) => (e.severity === "poor" ? 2 : e.severity === "warn" ? 1 : 0);
  for (const e of episodes) {
    if (!best || rank(e) > rank(best) || (rank(e) === rank(best) && e.end - e.start > best.end - best.start)) best = e;
  }
  return best;
}

const NOUN: Partial<Record<Finding["rule"], string>> = {
  loss: "loss",
  jitter: "jitter",
  rtt: "round-trip time",
  fps: "frame rate",
};

/** "21.7 % loss sent": the worst value of the episode, what it is and which way; the title otherwise. */
function problemText(f: Finding, e: FindingEpisode | null, direction: Direction): string {
  const noun = NOUN[f.rule];
  const way = direction === "both" ? "sent and received" : direction;
  if (e && e.peak !== null && (noun || f.rule === "mos")) {
    const digits = e.unit === "%" || e.unit === "MOS" ? 1 : 0;
    const value = formatValue(e.peak, e.unit, digits);
    return noun ? `${value} ${noun} ${way}` : `${value} ${way}`;
  }
  return lowerFirst(f.title);
}

function leadWords(f: Finding, direction: Direction): { words: string; cause: VerdictLine["cause"] } {
  if (f.rule === "cpu") return { words: "Likely their device", cause: "device" };
  if (NETWORK_RULES.has(f.rule)) {
    if (direction === "sent") return { words: "Likely their uplink", cause: "uplink" };
    if (direction === "received") return { words: "Likely their downlink", cause: "downlink" };
    return { words: "Likely their connection", cause: "connection" };
  }
  return { words: direction === "received" ? "In what they received" : "In what they sent", cause: "media" };
}

/** "Upstream packet loss" → "upstream packet loss"; "TURN relay…" and "MOS…" keep their capitals. */
function lowerFirst(s: string): string {
  return /^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

function nameOf(v: Verdict): string {
  return v.name?.trim() || "a participant without a name";
}

function overlaps(e: { startMs: number; endMs: number }, from: number, to: number): boolean {
  return e.startMs <= to && e.endMs >= from;
}

/**
 * How another participant fared from `from` to `to`: not in the call (no samples then), fine, in
 * trouble only in what they received while this participant's problem was in what they sent (their
 * media arriving damaged: no sign against this participant), or in trouble of their own.
 */
function stateThen(
  v: Verdict,
  from: number,
  to: number,
  direction: Direction,
): "absent" | "fine" | "receiving" | "own" {
  const { startMs, stepS, levels } = v.timeline;
  if (startMs === null || !levels) return "absent";
  const stepMs = stepS * 1000;
  const a = Math.max(0, Math.floor((from - startMs) / stepMs));
  const b = Math.min(levels.length - 1, Math.floor((to - startMs) / stepMs));
  let seen = false;
  let bad = false;
  for (let i = a; i <= b; i++) {
    const c = levels[i];
    if (c && c !== "-") seen = true;
    if (c === "d" || c === "p") bad = true;
  }
  if (!seen) return "absent";
  if (!bad) return "fine";
  const during = v.episodes.filter((e) => overlaps(e, from, to));
  // The 30 s grid is coarser than the episodes: a bad interval with no episode at that time is a
  // neighbour's, unless the verdict had to leave episodes out.
  if (during.length === 0) return v.episodes.length >= VERDICT_MAX_EPISODES ? "own" : "fine";
  if (direction === "sent" && during.every((e) => e.direction === "received")) return "receiving";
  return "own";
}

/** The other participant who sent worst while this one received badly: poor first, then the longest overlap. */
function worstSender(others: readonly Verdict[], from: number, to: number): { v: Verdict; e: VerdictEpisode } | null {
  let best: { v: Verdict; e: VerdictEpisode; score: number } | null = null;
  for (const v of others) {
    for (const e of v.episodes) {
      if (e.direction === "received" || !overlaps(e, from, to)) continue;
      const overlapMs = Math.min(e.endMs, to) - Math.max(e.startMs, from);
      const score = (e.severity === "poor" ? 1e12 : 0) + overlapMs;
      if (!best || score > best.score) best = { v, e, score };
    }
  }
  return best ? { v: best.v, e: best.e } : null;
}

/** The episode with some context either side, as the findings panel's "zoom to this" does. */
function zoomView(start: number, end: number): { from: string; to: string } {
  const pad = Math.max(30_000, (end - start) * 0.25);
  return { from: new Date(start - pad).toISOString(), to: new Date(end + pad).toISOString() };
}
