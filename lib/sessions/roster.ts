import { z } from "zod";
import type { Participant } from "@/lib/realtimekit/types";
import { intIn, searchText } from "@/lib/validations/fields";
import { parseQuery, type FieldIssue, type QueryInput } from "@/lib/validations/query";
import { lane, type LaneOptions } from "./lanes";

/**
 * A participant as the session page needs it: no raw peer events (1,000 of them would weigh down
 * the page), just presence intervals and the reconnect count.
 */
export interface RosterEntry {
  peerId: string;
  name: string | null;
  customParticipantId: string | null;
  preset: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  durationS: number | null;
  reconnects: number | null;
  /** Epoch ms; the last interval of a participant still in the call ends at the time of rendering. */
  intervals: [number, number][];
  open: boolean;
}

export function toRoster(people: Participant[], opts: LaneOptions): RosterEntry[] {
  return people.map((p) => {
    const l = lane(p, opts);
    return {
      peerId: p.peerId,
      name: p.name,
      customParticipantId: p.customParticipantId,
      preset: p.preset,
      joinedAt: p.joinedAt,
      leftAt: p.leftAt,
      durationS: p.durationS,
      reconnects: p.reconnects ?? Math.max(0, l.intervals.length - 1),
      intervals: l.intervals.map((i) => [i.start, i.end]),
      open: l.open,
    };
  });
}

export const ROSTER_SORTS = ["joined", "-joined", "name", "-duration", "duration", "-reconnects"] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/**
 * The session page's own query: the participants table's search, sort and page. Unlike the
 * participants API (lib/validations/participants), these sort the whole roster in the browser, so
 * name and reconnects are sortable too.
 */
const rosterViewFields = {
  search: searchText.transform((v) => v ?? ""),
  sort: z
    .enum(ROSTER_SORTS, { error: `must be one of ${ROSTER_SORTS.join(", ")}` })
    .optional()
    .transform((v): RosterSort => v ?? "joined"),
  page: intIn(1, 100_000, 1),
};

/**
 * A pasted link's view of the table. Bad values fall back (whole roster, joined first, page 1)
 * and come back as issues for the page to show; a page past the end goes to page 1.
 */
/**
 * Where the session's timeline ends: its end time, now while live; for an ended session whose
 * end RealtimeKit did not report, the last moment anyone was seen in it, else the start plus the
 * session's duration. Never "now" for an ended session: that stretched the axis to the time of
 * viewing, days after the call.
 */
export function timelineEnd(opts: {
  endedAt: string | null;
  live: boolean;
  now: number;
  start: number;
  durationS: number | null;
  roster: RosterEntry[];
}): number {
  const ended = opts.endedAt ? Date.parse(opts.endedAt) : NaN;
  if (Number.isFinite(ended)) return ended;
  if (opts.live) return opts.now;
  let lastSeen = -Infinity;
  for (const r of opts.roster) for (const [, end] of r.intervals) lastSeen = Math.max(lastSeen, end);
  if (Number.isFinite(lastSeen)) return Math.max(lastSeen, opts.start);
  return opts.durationS !== null ? opts.start + opts.durationS * 1000 : opts.now;
}

export function parseRosterView(
  input: QueryInput,
  pages: number,
): { search: string; sort: RosterSort; page: number; issues: FieldIssue[] } {
  const { value, issues } = parseQuery(rosterViewFields, input, { mode: "lenient" });
  if (value.page <= pages) return { ...value, issues };
  return { ...value, page: 1, issues: [...issues, { field: "page", message: `is past the last page (${pages})` }] };
}

/** Client-side search and sort over the whole roster (instant, no upstream call). */
export function filterRoster(entries: RosterEntry[], search: string, sort: RosterSort): RosterEntry[] {
  const q = search.trim().toLowerCase();
  const hit = (e: RosterEntry) =>
    !q || [e.name, e.customParticipantId, e.peerId, e.preset].some((v) => v?.toLowerCase().includes(q));
  const by: Record<RosterSort, (a: RosterEntry, b: RosterEntry) => number> = {
    joined: (a, b) => (a.joinedAt ?? "").localeCompare(b.joinedAt ?? ""),
    "-joined": (a, b) => (b.joinedAt ?? "").localeCompare(a.joinedAt ?? ""),
    name: (a, b) => (a.name ?? "").localeCompare(b.name ?? ""),
    duration: (a, b) => (a.durationS ?? 0) - (b.durationS ?? 0),
    "-duration": (a, b) => (b.durationS ?? 0) - (a.durationS ?? 0),
    "-reconnects": (a, b) => (b.reconnects ?? 0) - (a.reconnects ?? 0),
  };
  return entries.filter(hit).sort(by[sort]);
}
