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

export const ROSTER_SORTS = ["joined", "-joined", "name", "-duration", "duration", "-reconnects", "quality"] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/**
 * What the table knows of a participant's call quality: a checked level, or `unchecked`. In the
 * order "worst call quality first" sorts them: a participant nobody could judge (unknown) or
 * nobody checked yet may hide a bad call, so both come before the good ones.
 */
export const QUALITY_LEVELS = ["poor", "degraded", "unknown", "unchecked", "good"] as const;
export type QualityLevel = (typeof QUALITY_LEVELS)[number];

/** A participant's checked level, by peer id (the session page's health results fit). */
export type QualityByPeer = Readonly<Record<string, { level: Exclude<QualityLevel, "unchecked"> } | undefined>>;

export function qualityOf(peerId: string, quality: QualityByPeer): QualityLevel {
  return quality[peerId]?.level ?? "unchecked";
}

const QUALITY_RANK: Record<QualityLevel, number> = Object.fromEntries(QUALITY_LEVELS.map((l, i) => [l, i])) as Record<
  QualityLevel,
  number
>;

/** `poor,degraded`: levels to keep, in the one order above, each once; empty keeps everyone. */
const qualityList = z
  .string()
  .optional()
  .transform((v, ctx): QualityLevel[] => {
    const given = (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = given.filter((g) => !(QUALITY_LEVELS as readonly string[]).includes(g));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `must be a comma list of ${QUALITY_LEVELS.join(", ")}` });
      return z.NEVER;
    }
    return QUALITY_LEVELS.filter((l) => given.includes(l));
  });

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
  quality: qualityList,
  // A big session's timeline: its most relevant lanes (the default) or all those of the table's page.
  lanes: z
    .enum(["all"], { error: "must be all (or left out)" })
    .optional()
    .transform((v) => v === "all"),
  // A role is a preset name: checked against the session's own presets by parseRosterView.
  preset: z
    .string()
    .trim()
    .max(200, { error: "must be at most 200 characters" })
    .optional()
    .transform((v) => v ?? ""),
};

/** The table's view of the roster: who is kept and in which order. */
export interface RosterFilter {
  search: string;
  sort: RosterSort;
  /** Levels kept; empty keeps everyone. */
  quality: readonly QualityLevel[];
  /** A preset name; "" keeps everyone. */
  preset: string;
  /** Draw every lane of the table's page, even in a big session. */
  lanes?: boolean;
}

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

/**
 * A pasted link's view of the table. Bad values fall back (whole roster, joined first, page 1)
 * and come back as issues for the page to show; a page past the end goes to page 1. `presets` are
 * the roles present in the session: a preset filter naming another falls back to everyone.
 */
export function parseRosterView(
  input: QueryInput,
  pages: number,
  opts: { presets?: readonly string[] } = {},
): RosterFilter & { page: number; issues: FieldIssue[] } {
  const { value, issues } = parseQuery(rosterViewFields, input, {
    mode: "lenient",
    check: (v) =>
      v.preset && opts.presets && !opts.presets.includes(v.preset)
        ? [
            {
              field: "preset",
              message: opts.presets.length
                ? `is not a role in this session (${opts.presets.join(", ")})`
                : "is not a role in this session (it has none)",
            },
          ]
        : [],
  });
  if (value.page <= pages) return { ...value, issues };
  return { ...value, page: 1, issues: [...issues, { field: "page", message: `is past the last page (${pages})` }] };
}

/** The presets (roles) present in a roster, sorted, each once. */
export function rosterPresets(entries: readonly RosterEntry[]): string[] {
  return [...new Set(entries.map((e) => e.preset).filter((p): p is string => !!p))].sort();
}

const displayName = (e: RosterEntry) => e.name || e.customParticipantId || "";
const byName = (a: RosterEntry, b: RosterEntry) =>
  displayName(a).localeCompare(displayName(b)) || a.peerId.localeCompare(b.peerId);

/** Worst call quality first (QUALITY_LEVELS' order), ties by name. */
export function byQuality(quality: QualityByPeer) {
  return (a: RosterEntry, b: RosterEntry) =>
    QUALITY_RANK[qualityOf(a.peerId, quality)] - QUALITY_RANK[qualityOf(b.peerId, quality)] || byName(a, b);
}

/**
 * Client-side search, filters and sort over the whole roster (instant, no upstream call). `quality`
 * holds the participants checked so far; the others are "unchecked".
 */
export function filterRoster(
  entries: readonly RosterEntry[],
  view: Pick<RosterFilter, "search" | "sort"> & Partial<RosterFilter>,
  quality: QualityByPeer = {},
): RosterEntry[] {
  const q = view.search.trim().toLowerCase();
  const levels = view.quality ?? [];
  const hit = (e: RosterEntry) =>
    (!q || [e.name, e.customParticipantId, e.peerId, e.preset].some((v) => v?.toLowerCase().includes(q))) &&
    (!view.preset || e.preset === view.preset) &&
    (levels.length === 0 || levels.includes(qualityOf(e.peerId, quality)));
  const by: Record<RosterSort, (a: RosterEntry, b: RosterEntry) => number> = {
    joined: (a, b) => (a.joinedAt ?? "").localeCompare(b.joinedAt ?? ""),
    "-joined": (a, b) => (b.joinedAt ?? "").localeCompare(a.joinedAt ?? ""),
    name: (a, b) => (a.name ?? "").localeCompare(b.name ?? ""),
    duration: (a, b) => (a.durationS ?? 0) - (b.durationS ?? 0),
    "-duration": (a, b) => (b.durationS ?? 0) - (a.durationS ?? 0),
    "-reconnects": (a, b) => (b.reconnects ?? 0) - (a.reconnects ?? 0),
    quality: byQuality(quality),
  };
  return entries.filter(hit).sort(by[view.sort]);
}

/** Sessions above this many participants draw only their most relevant lanes until asked for all. */
export const LANES_COLLAPSE_ABOVE = 50;
/** Most lanes a collapsed timeline draws. */
export const COLLAPSED_LANES = 15;

// Presets whose holders are on stage: their trouble reaches everyone watching.
const STAGE_PRESET = /host|present|stage|speak|moderat|organi[sz]|admin|panel/i;

/**
 * The lanes a big session draws before "show all": participants with a poor or degraded call
 * (worst first), then those on stage (a presenter or host preset), then the most reconnects, at
 * most `max`, filled up from `entries` in their order (the table's) when fewer stand out.
 */
export function relevantLanes(
  entries: readonly RosterEntry[],
  quality: QualityByPeer,
  max = COLLAPSED_LANES,
): RosterEntry[] {
  const tier = (e: RosterEntry) => {
    const level = qualityOf(e.peerId, quality);
    if (level === "poor") return 0;
    if (level === "degraded") return 1;
    if (e.preset && STAGE_PRESET.test(e.preset)) return 2;
    if ((e.reconnects ?? 0) > 0) return 3;
    return 4;
  };
  const order = new Map(entries.map((e, i) => [e, i]));
  return [...entries]
    .sort(
      (a, b) =>
        tier(a) - tier(b) ||
        (tier(a) === 3 ? (b.reconnects ?? 0) - (a.reconnects ?? 0) : 0) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0),
    )
    .slice(0, max);
}
