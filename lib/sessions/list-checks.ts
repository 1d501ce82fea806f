import { formatNumber } from "@/lib/format";
import type { Page, Session } from "@/lib/realtimekit/types";
import type { HealthResult } from "@/lib/validations/health";
import type { SessionQuality, SessionWithQuality } from "./quality-summary";

/**
 * The sessions list's checks (docs/quality-index.md, "Sessions list"): which sessions are checked
 * automatically on a view and within what budget, what "check this page" takes on, the quality a
 * session's health results give, and the poor-sessions filter's walk. Pure: callers bring the data.
 */

/** Upstream requests the automatic checks of one view of the list may spend, at most. */
export const AUTO_CHECK_BUDGET = 40;
/** Ended sessions up to this many participants (at their peak) are checked without asking. */
export const AUTO_CHECK_MAX_PARTICIPANTS = 8;
/** "Check this page" leaves bigger sessions to their own page, whose scan paces itself and shows progress. */
export const PAGE_CHECK_MAX_PARTICIPANTS = 100;
/** Participants asked per call of the participants API (its largest page: one upstream call). */
export const PARTICIPANTS_PER_CALL = 100;
/** The poor-sessions filter reads the upstream list this many sessions per call, at most this many calls. */
export const QUALITY_WALK_PER_PAGE = 100;
export const QUALITY_WALK_MAX_PAGES = 10;

/**
 * Upstream requests checking a session of `participants` people may cost, counted before it starts
 * (an upper bound: a cached answer or a participant already in the index costs nothing): the
 * participant list (one call per 100), the health check's own look at that list (it refuses peers
 * not in the session) and at the session (has it ended? that decides how long verdicts are kept),
 * and one report per participant.
 */
export function checkCost(participants: number): number {
  const n = Math.max(0, Math.floor(participants));
  return Math.max(1, Math.ceil(n / PARTICIPANTS_PER_CALL)) + 2 + n;
}

/** Every participant (as many as the session's peak) has a verdict in the index. */
export function fullyChecked(s: SessionWithQuality): boolean {
  return s.quality !== null && s.peakParticipants !== null && s.quality.checked >= s.peakParticipants;
}

const startedMs = (s: Session) => {
  const t = s.startedAt ? Date.parse(s.startedAt) : NaN;
  return Number.isFinite(t) ? t : -Infinity;
};

export interface AutoPlan {
  /** Newest first, each with its cost counted before it starts; their sum is within the budget. */
  picked: { session: SessionWithQuality; cost: number }[];
  /** Small ended sessions not checked that did not fit: they wait for "check this page". */
  waiting: SessionWithQuality[];
}

/**
 * The sessions a view checks by itself: ended, at most AUTO_CHECK_MAX_PARTICIPANTS at their peak,
 * with nothing in the index (and not tried already: `tried`), newest first, each taken while its
 * cost still fits the budget left (a bigger one that does not fit is passed over for smaller,
 * older ones that do). A view whose sessions are all in the index picks none: it costs nothing.
 */
export function planAutoChecks(
  sessions: readonly SessionWithQuality[],
  opts: { budget?: number; tried?: ReadonlySet<string> } = {},
): AutoPlan {
  let left = opts.budget ?? AUTO_CHECK_BUDGET;
  const candidates = sessions
    .filter(
      (s) =>
        s.status === "ended" &&
        s.quality === null &&
        s.peakParticipants !== null &&
        s.peakParticipants > 0 &&
        s.peakParticipants <= AUTO_CHECK_MAX_PARTICIPANTS &&
        !opts.tried?.has(s.id),
    )
    .map((s, i) => ({ s, i }))
    // Newest first; the list's own order breaks ties (and orders sessions without a start time).
    .sort((a, b) => startedMs(b.s) - startedMs(a.s) || a.i - b.i)
    .map(({ s }) => s);
  const plan: AutoPlan = { picked: [], waiting: [] };
  for (const session of candidates) {
    const cost = checkCost(session.peakParticipants ?? 0);
    if (cost <= left) {
      plan.picked.push({ session, cost });
      left -= cost;
    } else plan.waiting.push(session);
  }
  return plan;
}

/**
 * What "check this page" takes on, in the page's order: every session not fully checked (and not
 * done already in this view: `done`), but those above PAGE_CHECK_MAX_PARTICIPANTS, which are left to
 * their own page (`tooBig`). A session of unknown size is tried.
 */
export function planPageChecks(
  sessions: readonly SessionWithQuality[],
  done: ReadonlySet<string> = new Set(),
): { todo: SessionWithQuality[]; tooBig: SessionWithQuality[] } {
  const open = sessions.filter((s) => !fullyChecked(s) && !done.has(s.id) && s.peakParticipants !== 0);
  return {
    todo: open.filter((s) => (s.peakParticipants ?? 0) <= PAGE_CHECK_MAX_PARTICIPANTS),
    tooBig: open.filter((s) => (s.peakParticipants ?? 0) > PAGE_CHECK_MAX_PARTICIPANTS),
  };
}

/**
 * The reason the health check gives for a report without quality samples (lib/server/health.ts).
 * Such a participant's verdict is kept, and counts as unknown; any other unknown (no report, a
 * failure) was not kept. A test pins this against the health check's own answer.
 */
export const NO_SAMPLES_REASON = "No call-quality samples in the report";

/**
 * A session's quality from its participants' health results, counted as the index counts their
 * verdicts: results not checked (`retryAfterS`) and unknowns that were not kept are left out.
 * Null when none counts.
 */
export function qualityFromResults(results: readonly HealthResult[]): SessionQuality | null {
  const q: SessionQuality = { checked: 0, poor: 0, degraded: 0, good: 0, unknown: 0 };
  const seen = new Set<string>();
  for (const r of results) {
    if (r.retryAfterS !== undefined || seen.has(r.peerId)) continue;
    if (r.level === "unknown" && r.reason !== NO_SAMPLES_REASON) continue;
    seen.add(r.peerId);
    q.checked++;
    q[r.level]++;
  }
  return q.checked ? q : null;
}

/**
 * The page with one session's quality replaced, when the new count knows at least as many
 * participants as the row's (a partial check never hides what the index already said).
 */
export function patchQuality<P extends Page<SessionWithQuality>>(
  page: P,
  sessionId: string,
  quality: SessionQuality | null,
): P {
  if (!quality) return page;
  let changed = false;
  const items = page.items.map((s) => {
    if (s.id !== sessionId || (s.quality && s.quality.checked > quality.checked)) return s;
    changed = true;
    return { ...s, quality };
  });
  return changed ? { ...page, items } : page;
}

/** How much of the upstream list the poor-sessions filter read. */
export interface QualityWalk {
  /** Sessions matching the other filters that were read (and looked up in the index). */
  searched: number;
  /** More sessions matched than QUALITY_WALK_MAX_PAGES × QUALITY_WALK_PER_PAGE: those were not searched. */
  capped: boolean;
}

/** A page of the sessions list; `walk` is there when the poor-sessions filter chose its rows. */
export type SessionListPage = Page<SessionWithQuality> & { walk?: QualityWalk };

/**
 * The poor-sessions filter: reads the upstream list in the filters' order, QUALITY_WALK_PER_PAGE
 * at a time and at most QUALITY_WALK_MAX_PAGES calls, keeps the sessions whose checked participants
 * include a poor one, and answers the asked page of those. `listPage` reads one upstream page (the
 * other filters applied) and `withQuality` adds the index's counts.
 */
export async function walkPoorSessions(
  listPage: (page: number, perPage: number) => Promise<Page<Session>>,
  withQuality: (page: Page<Session>) => Promise<Page<SessionWithQuality>>,
  want: { page: number; perPage: number },
): Promise<SessionListPage> {
  const matches: SessionWithQuality[] = [];
  const seen = new Set<string>();
  let searched = 0;
  let capped = false;
  for (let n = 1; n <= QUALITY_WALK_MAX_PAGES; n++) {
    const page = await withQuality(await listPage(n, QUALITY_WALK_PER_PAGE));
    for (const s of page.items) {
      // A session that moved to the next page while we read (a new one started) is counted once.
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      searched++;
      if ((s.quality?.poor ?? 0) > 0) matches.push(s);
    }
    if (!page.hasMore || page.items.length === 0) break;
    if (n === QUALITY_WALK_MAX_PAGES) capped = true;
  }
  const start = (want.page - 1) * want.perPage;
  const items = matches.slice(start, start + want.perPage);
  return {
    items,
    page: want.page,
    perPage: want.perPage,
    total: matches.length,
    startOffset: items.length ? start + 1 : null,
    endOffset: items.length ? start + items.length : null,
    hasMore: start + want.perPage < matches.length,
    walk: { searched, capped },
  };
}

// The checks' state, as the sessions list shows it (lib/swr/use-list-checks.ts runs them).

export interface AutoChecks {
  state: "idle" | "running" | "done";
  /** Sessions picked for this view, and how many have been checked so far. */
  planned: number;
  checked: number;
  /** Upstream requests counted against AUTO_CHECK_BUDGET (an upper bound). */
  spent: number;
  /** Small ended sessions that did not fit, or stopped: they wait for the button. */
  waiting: number;
  /** Why the automatic checks stopped early, if they did. */
  stopped: string | null;
}

export interface PageChecks {
  state: "idle" | "running" | "paused" | "done";
  /** 1-based position of the session being checked, of `total`. */
  current: number;
  total: number;
  checked: number;
  failed: number;
  /** Sessions checked where some participants have no verdict (no report, or reading it failed). */
  partial: number;
  /** Sessions above PAGE_CHECK_MAX_PARTICIPANTS left to their own page. */
  tooBig: number;
  message: string | null;
  retryAfterS: number | null;
}

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** What the automatic checks did or are doing, in a sentence; null when there is nothing to say. */
export function describeAutoChecks(a: AutoChecks): string | null {
  if (a.state === "running") {
    const done = `${formatNumber(a.checked)} of ${formatNumber(a.planned)}`;
    return `Checking small ended sessions automatically: ${done} done…`;
  }
  if (a.state !== "done" || (a.planned === 0 && a.waiting === 0)) return null;
  const parts: string[] = [];
  if (a.checked > 0)
    parts.push(
      `Checked ${plural(a.checked, "small session", "small sessions")} automatically ` +
        `(at most ${formatNumber(a.spent)} of the ${formatNumber(AUTO_CHECK_BUDGET)} RealtimeKit requests ` +
        "a view may spend)",
    );
  if (a.stopped) parts.push(`stopped: ${a.stopped}`);
  if (a.waiting > 0) parts.push(`${plural(a.waiting, "more waits", "more wait")} for \u201cCheck this page\u201d`);
  const text = parts.join("; ");
  return text ? `${text[0]?.toUpperCase()}${text.slice(1)}.` : null;
}

/** What "check this page" is doing or did, in a sentence; null before it is used. */
export function describePageChecks(p: PageChecks): string | null {
  const tooBig =
    p.tooBig > 0
      ? ` ${plural(p.tooBig, "session", "sessions")} with more than ${PAGE_CHECK_MAX_PARTICIPANTS} participants ` +
        (p.tooBig === 1
          ? "is left to its own page, which checks it"
          : "are left to their own page, which checks them") +
        " with a progress bar."
      : "";
  if (p.state === "running")
    return p.current === 0
      ? "Waiting for the automatic checks to finish…"
      : `Checking ${formatNumber(p.current)} of ${plural(p.total, "session", "sessions")}…${tooBig}`;
  if (p.state === "paused") {
    const wait = p.retryAfterS ? ` Continue in about ${formatNumber(Math.ceil(p.retryAfterS))} s.` : "";
    const why = (p.message ?? "").replace(/\.$/, "");
    return `Paused at session ${formatNumber(p.current)} of ${formatNumber(p.total)}: ${why}.${wait}`;
  }
  if (p.state === "done") {
    const failed = p.failed > 0 ? `; ${plural(p.failed, "session", "sessions")} could not be checked` : "";
    const partial =
      p.partial > 0
        ? `; in ${plural(p.partial, "session", "sessions")} some participants have no verdict (no report, or ` +
          "it could not be read)"
        : "";
    const of = `${formatNumber(p.checked)} of ${plural(p.total, "session", "sessions")}`;
    return `Checked ${of} on this page${failed}${partial}.${tooBig}`;
  }
  return null;
}
