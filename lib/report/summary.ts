import { formatDuration, formatInZone, formatNumber, formatUtc, formatUtcRange } from "@/lib/format";
import type { PeerReport, SessionStatus } from "@/lib/realtimekit/types";
import { compareSeverity, type Finding, type FindingEpisode } from "./findings";
import { describeTracks, formatValue, transportSummary } from "./vocabulary";
import { usedPairs } from "@/lib/realtimekit/candidate-pairs";
import { outages } from "./outages";
import { peerHealth } from "./health";

/**
 * Markdown to paste back into a support ticket: who, when, where from, what went wrong and when
 * (UTC, since tickets are read in many time zones), how sure we can be, and a link that reopens
 * this exact view. Plain CommonMark (lists, bold, links) so it reads well in any ticket tool and
 * even as plain text.
 */

export interface TicketSummaryInput {
  report: PeerReport;
  findings: Finding[];
  sessionTitle: string | null;
  /** Only in a live session can a participant without a leave time still be in the call. */
  sessionStatus?: SessionStatus | null;
  /** May be empty when the session is unknown. */
  sessionUrl: string;
  viewUrl: string;
  /** The time window the view is zoomed to, epoch ms; only findings inside it are listed. */
  window?: { from: number; to: number } | null;
}

const SEVERITY_LABEL = { poor: "Poor", warn: "Warning", info: "Info" } as const;
const MAX_EPISODES = 5;

export function ticketSummary(input: TicketSummaryInput): string {
  const { report, sessionTitle, sessionUrl, viewUrl } = input;
  const p = report.participant;
  const win = input.window && input.window.to >= input.window.from ? input.window : null;
  const lines: string[] = [];

  const name = field(p.name || "unnamed participant");
  lines.push(`### RealtimeKit call report: ${name}`, "");

  const who = [name];
  if (p.customParticipantId) who.push(`custom participant id ${code(p.customParticipantId)}`);
  who.push(`peer id ${code(p.peerId)}`);
  lines.push(`- **Participant:** ${who.join(" · ")}`);

  const title = field(sessionTitle || "Session");
  const sessionBits = [sessionUrl ? link(title, sessionUrl) : title];
  if (p.sessionId) sessionBits.push(`session id ${code(p.sessionId)}`);
  lines.push(`- **Session:** ${sessionBits.join(" · ")}`);

  lines.push(`- **When:** ${when(report, input.sessionStatus === "live")}`);
  const theirs = participantLocalTimes(report);
  if (theirs) lines.push(`- **Participant's local time:** ${field(theirs)}`);
  lines.push(`- **Device:** ${deviceLine(report)}`);
  lines.push(`- **Network:** ${networkLine(report)}`);

  const health = peerHealth(input.findings);
  lines.push(
    `- **Health${win ? " (whole call)" : ""}:** ${health.level}${health.reason ? `: ${md(health.reason)}` : ""}`,
  );
  if (win)
    lines.push(
      `- **Time window:** ${formatUtcRange(win.from, win.to, true)} (${formatDuration((win.to - win.from) / 1000)})`,
    );
  lines.push("");

  const listed: { f: Finding; episodes: FindingEpisode[] }[] = [];
  let outside = 0;
  for (const f of input.findings) {
    if (f.rule === "completeness") continue;
    // Findings without times (transport, a pre-call test without a time) hold for the whole call.
    const episodes =
      win && f.episodes.length ? f.episodes.filter((e) => e.start <= win.to && e.end >= win.from) : f.episodes;
    if (f.episodes.length && !episodes.length) outside++;
    else listed.push({ f, episodes });
  }

  lines.push(
    win
      ? "**Findings in this window** (most severe first; " +
          "severities and worst values from the episodes that overlap the window; times in UTC)"
      : `**Findings for the whole call** (most severe first; times in UTC)`,
    "",
  );
  if (listed.length === 0)
    lines.push(win ? "No rule fired in this window." : "No rule fired: nothing stands out in the data.");
  listed.forEach(({ f, episodes }, i) => {
    const head = win ? windowHeadline(f, episodes) : f;
    lines.push(
      `${i + 1}. **${SEVERITY_LABEL[head.severity]}: ${md(head.title)}**${head.note ? ` — ${md(head.note)}` : ""}`,
    );
    if (episodes.length) {
      const shown = episodes.slice(0, MAX_EPISODES).map(episodeText);
      const more = episodes.length > MAX_EPISODES ? `; and ${episodes.length - MAX_EPISODES} more` : "";
      lines.push(`   - When: ${shown.join("; ")}${more}`);
    }
    lines.push(`   - Rule: ${md(f.threshold)}`);
    lines.push(`   - What it means: ${md(f.detail)}`);
    // Evidence is counted over the whole call; say so where the window left episodes out.
    const scope = win && episodes.length < f.episodes.length ? " (whole call)" : "";
    if (f.evidence.length) lines.push(`   - Evidence${scope}: ${f.evidence.map((e) => md(e)).join("; ")}`);
  });
  if (outside)
    lines.push(
      "",
      `${outside} more finding${outside === 1 ? "" : "s"} outside this window (open the link for the whole call).`,
    );
  lines.push("");

  lines.push(`**Data completeness**`, "");
  for (const line of completeness(input)) lines.push(`- ${line}`);
  lines.push("");

  lines.push(link("Open this view in RealtimeKit Inspector", viewUrl));
  return lines.join("\n") + "\n";
}

/**
 * A finding's headline for the episodes in a window, so that it and the episode lines below it
 * speak of the same stretch: its severity and worst value from those episodes. A title whose
 * figure cannot be recomputed (a count, a total) says it is the whole call's.
 */
function windowHeadline(f: Finding, episodes: readonly FindingEpisode[]): Pick<Finding, "severity" | "title" | "note"> {
  if (f.episodes.length === 0 || episodes.length === f.episodes.length) return f;
  const severity = episodes.reduce<Finding["severity"]>(
    (w, e) => (compareSeverity(e.severity, w) < 0 ? e.severity : w),
    "info",
  );
  const peaks = episodes.filter((e) => e.peak !== null);
  if (!f.peakTitle || peaks.length === 0) return { severity, title: `${f.title} (whole call)` };
  const { template, worse, digits } = f.peakTitle;
  const worst = peaks.reduce((w, e) =>
    (worse === "lower" ? (e.peak as number) < (w.peak as number) : (e.peak as number) > (w.peak as number)) ? e : w,
  );
  const title = template.replace("{peak}", formatValue(worst.peak as number, worst.unit, digits));
  // The note's figures are the whole call's: kept only when the window holds the same worst value.
  return { severity, title, note: title === f.title && severity === f.severity ? f.note : undefined };
}

/** "14:05:10–14:07:40 UTC (2 min 30 s, worst 21.7 %)"; a single moment is one time. */
export function episodeText(e: FindingEpisode): string {
  const range = formatUtcRange(e.start, e.end);
  const extras: string[] = [];
  if (e.durationS >= 1) extras.push(formatDuration(e.durationS));
  if (e.peak !== null) extras.push(`worst ${formatValue(e.peak, e.unit, e.unit === "%" || e.unit === "MOS" ? 1 : 0)}`);
  return extras.length ? `${range} (${extras.join(", ")})` : range;
}

function parse(iso: string | null): number | null {
  const v = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(v) ? v : null;
}

function when(report: PeerReport, live: boolean): string {
  const p = report.participant;
  const joined = parse(p.joinedAt);
  const left = parse(p.leftAt);
  const parts: string[] = [];
  parts.push(joined === null ? "join time unknown" : `joined ${formatUtc(joined)}`);
  if (left !== null) parts.push(`left ${formatUtc(left)}`);
  else if (live) parts.push("still in the call when this was written");
  else parts.push("leave time not reported");
  const durationS = p.durationS ?? (joined !== null && left !== null ? (left - joined) / 1000 : null);
  const dur = durationS === null ? "" : ` (${formatDuration(durationS)} in the call)`;
  const rejoins = p.reconnects ? `; rejoined ${p.reconnects} time${p.reconnects === 1 ? "" : "s"}` : "";
  return `${parts.join(", ")}${dur}${rejoins}`;
}

/**
 * The join and leave times on the participant's own clock (their time zone from the IP lookup), so
 * "it froze at 15:05" in a customer's ticket can be matched to the UTC times above. Null when the
 * report has no usable time zone.
 */
export function participantLocalTimes(report: PeerReport): string | null {
  const zone = report.network?.timezone;
  const p = report.participant;
  const joined = parse(p.joinedAt);
  if (!zone || joined === null) return null;
  const joinedThere = formatInZone(joined, zone);
  if (!joinedThere) return null;
  const left = parse(p.leftAt);
  const leftThere = left === null ? null : formatInZone(left, zone, differentDay(joined, left, zone));
  return `${zone}: joined ${joinedThere}${leftThere ? `, left ${leftThere}` : ""}`;
}

function differentDay(a: number, b: number, zone: string): boolean {
  return formatInZone(a, zone)?.slice(0, 10) !== formatInZone(b, zone)?.slice(0, 10);
}

/** One line on the device; `escape` is Markdown's for the ticket, none for the page. */
export function deviceLine(report: PeerReport, escape: (s: string) => string = field): string {
  const d = report.device;
  if (!d) return "not in the report";
  const os = [d.os, d.osVersion].filter(Boolean).join(" ");
  const browser = [d.browser, d.browserVersion].filter(Boolean).join(" ");
  const sdk = [d.sdkName, d.sdkVersion].filter(Boolean).join(" ");
  const bits: string[] = [];
  if (os) bits.push(escape(os) + (d.isMobile ? " (mobile)" : ""));
  if (browser) bits.push(escape(browser));
  if (sdk) bits.push(`SDK ${escape(sdk)}`);
  const hw: string[] = [];
  if (d.cpuCores !== null) hw.push(`${formatNumber(d.cpuCores)} CPU cores`);
  if (d.memoryGb !== null) hw.push(`${formatNumber(d.memoryGb, 1)} GB memory`);
  if (hw.length) bits.push(hw.join(", "));
  return bits.length ? bits.join(" · ") : "not in the report";
}

/** One line on the network and the media path; `escape` as for deviceLine. */
export function networkLine(report: PeerReport, escape: (s: string) => string = field): string {
  const n = report.network;
  const bits: string[] = [];
  if (n) {
    const place = [n.city, n.region && n.region !== n.city ? n.region : null, n.country].filter(Boolean).join(", ");
    if (place) bits.push(escape(place));
    const isp = [n.asn, n.asnName ?? n.org].filter(Boolean).join(" ");
    // "hosting" or "business" hints at a VPN or office network; "isp" says nothing new.
    if (isp)
      bits.push(`ISP ${escape(isp)}${n.asnType && n.asnType !== "isp" ? ` (${escape(n.asnType)} network)` : ""}`);
  }
  const types = [
    ...new Set(
      usedPairs(report.candidatePairs)
        .map((c) => c.local.networkType)
        .filter((v): v is string => !!v),
    ),
  ];
  if (types.length) bits.push(`${escape(types.join("/"))} connection`);
  const effective = report.precall.find((r) => r.effectiveNetworkType)?.effectiveNetworkType;
  if (effective) bits.push(`rated ${escape(effective)} by the browser before the call`);
  const transport = transportSummary(report.candidatePairs);
  if (transport) bits.push(`media ${transport}`);
  return bits.length ? bits.join(" · ") : "not in the report";
}

function completeness(input: TicketSummaryInput): string[] {
  const { report } = input;
  const c = report.completeness;
  const out: string[] = [];
  if (c.firstSampleAt !== null && c.lastSampleAt !== null) {
    const cadence = report.tracks.map((t) => t.medianIntervalS).find((v): v is number => v !== null);
    out.push(
      `Quality samples ${formatUtcRange(c.firstSampleAt, c.lastSampleAt)} ` +
        `for ${describeTracks(report.tracks.map((t) => t.key))}` +
        (cadence ? `, one every ~${formatNumber(cadence, 1)} s` : ""),
    );
  }
  const gaps = outages(c.gaps).length;
  if (gaps) out.push(`${gaps} sampling gap${gaps === 1 ? "" : "s"} across the tracks (shown on the charts)`);
  const caveats = input.findings.find((f) => f.rule === "completeness");
  if (caveats) out.push(...caveats.evidence.map((e) => md(e)));
  if (out.length === 0 || (!caveats && !gaps)) out.push("Every report section present; no samples dropped.");
  return out;
}

/** Longest upstream string (name, title, device, place) the summary carries: a ticket needs no more. */
const MAX_FIELD = 160;
/** Longest id; real ones are UUIDs or short customer keys. */
const MAX_ID = 128;
/** Backstop for whole findings texts, which hold upstream strings (device labels, URLs) too. */
const MAX_TEXT = 1000;

/** Control characters, and bidi controls that would reorder what a reader sees. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** One line (a blank line would end the list item or code span and let what follows be Markdown), capped. */
function oneLine(s: string, max: number): string {
  const flat = s
    .replace(INVISIBLE, "")
    .replace(/[\s\u0085]+/g, " ")
    .trim();
  if (flat.length <= max) return flat;
  const points = [...flat];
  return points.length <= max
    ? flat
    : `${points
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

/**
 * Text from the data, made inert in GitHub/CommonMark, Slack and Jira Markdown: one line; emphasis,
 * code, link, image, HTML, table, macro and heading characters backslash-escaped; no bare URL,
 * www. or e-mail for GitHub to autolink; a word joiner after every "@", so no @here, @channel or
 * @team pings anyone (GitHub and Slack find mentions in the rendered text, where an escape is
 * gone). Left alone where no flavour reads them ("a < b", intraword underscores, "1.9.4"), so the
 * summary still reads cleanly as plain text.
 */
export function md(s: string, max = MAX_TEXT): string {
  return (
    oneLine(s, max)
      // One pass, so that an escape's own backslash is never escaped again.
      .replace(/[\\`*~[\]{}!#|]|<(?=[A-Za-z/!?])/g, "\\$&")
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&")
      .replace(/(^|[^A-Za-z0-9])_|_(?=$|[^A-Za-z0-9])/g, (m) => m.replace("_", "\\_"))
      .replace(/:(?=\/\/)/g, "\\:")
      .replace(/\b(www)\./gi, "$1\\.")
      .replace(/@/g, "@\u2060")
  );
}

function field(s: string): string {
  return md(s, MAX_FIELD);
}

/**
 * Jira wiki markup, which ignores backticks, inside an id: images (`!…!`), links and mentions
 * (`[…|…]`, `[~user]`), macros (`{noformat}`), tables (`|`), and a backslash that could pair with
 * an escape; text effects (`*_^~+-?`) only beside a non-alphanumeric, where Jira reads them, so
 * "cust-42", "user_7" and UUIDs keep no backslash.
 */
const JIRA_IN_ID = /[\\![\]{}|]|(?<![\p{L}\p{N}])[*_^~+\-?]|[*_^~+\-?](?![\p{L}\p{N}])|:(?=\/\/)/gu;

/**
 * An id in a code span, so it can be copied exactly: nothing inside a code span is Markdown, and
 * a fence longer than any backtick run inside keeps the id from closing it. Jira has no code
 * spans, so its markup characters are backslash-escaped inside (shown in GitHub and Slack, which
 * only odd ids pay for). An "@" starting a word still gets a word joiner (Slack may ping from
 * inside code); an e-mail id stays intact.
 */
function code(s: string): string {
  const v = oneLine(s, MAX_ID)
    .replace(JIRA_IN_ID, "\\$&")
    .replace(/(^|[^\p{L}\p{N}_])@/gu, "$1@\u2060");
  if (!v) return "(empty)";
  const fence = "`".repeat(Math.max(0, ...(v.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = v.startsWith("`") || v.endsWith("`") ? " " : "";
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * A link target: anything that could end it early or start Markdown or HTML (spaces, parentheses,
 * brackets, angle brackets, backticks, non-ASCII) percent-encoded; only http(s) URLs are linked.
 */
function url(u: string): string {
  return u.replace(/[^A-Za-z0-9\-._~:/?#@$&+,;=%]/gu, (c) => {
    try {
      return encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate
    }
  });
}

function link(text: string, target: string): string {
  return /^https?:\/\//i.test(target) ? `[${text}](${url(target)})` : text;
}
