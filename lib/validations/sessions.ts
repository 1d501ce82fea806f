import { z } from "zod";
import type { SessionListQuery } from "@/lib/realtimekit/types";
import { intIn, isoTime, searchText } from "./fields";
import { meetingIdSchema } from "./ids";
import { parseQuery, type FieldIssue, type ParsedQuery, type QueryInput } from "./query";
import { DEFAULT_PER_PAGE, DEFAULT_SESSION_SORT } from "./sessions-query";

export { DEFAULT_PER_PAGE, serializeSessionFilters } from "./sessions-query";

/** The sessions list's URL state, shared by the page and /api/apps/{appId}/sessions
 * (docs/addresses.md, "The sessions list's URL"). */

export const SESSION_SORTS = ["-started", "started", "-minutes", "minutes"] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];
export const MAX_PER_PAGE = 100;
export const SESSION_QUALITY_FILTERS = ["poor"] as const;

export const sessionFilterFields = {
  status: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["live", "ended"], { error: "must be live or ended" }))
    .optional(),
  from: isoTime,
  to: isoTime,
  search: searchText,
  meeting: meetingIdSchema.optional(),
  participants: z
    .string()
    .trim()
    .regex(/^\d{0,6}:\d{0,6}$/, { error: "must be a range min:max such as 2:10" })
    .refine((v) => v !== ":", { error: "must give a minimum, a maximum or both (min:max)" })
    .transform((v) => {
      const [a = "", b = ""] = v.split(":");
      return { min: a === "" ? null : Number(a), max: b === "" ? null : Number(b) };
    })
    .optional(),
  // Only sessions with poor participants among those checked (the quality index): docs/quality-index.md.
  quality: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(SESSION_QUALITY_FILTERS, { error: "must be poor (sessions with poor participants)" }))
    .optional(),
  sort: z
    .enum(SESSION_SORTS, { error: `must be one of ${SESSION_SORTS.join(", ")}` })
    .optional()
    .transform((v) => v ?? DEFAULT_SESSION_SORT),
  page: intIn(1, 100_000, 1),
  perPage: intIn(1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
};

export type SessionFilters = ParsedQuery<typeof sessionFilterFields>;

export function sessionFilterChecks(v: SessionFilters): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (v.from && v.to && v.from > v.to) issues.push({ field: "to", message: "must not be before from" });
  const p = v.participants;
  if (p && p.min !== null && p.max !== null && p.min > p.max)
    issues.push({ field: "participants", message: "minimum is above maximum" });
  return issues;
}

export function parseSessionFilters(input: QueryInput, mode: "strict" | "lenient") {
  return parseQuery(sessionFilterFields, input, { mode, check: sessionFilterChecks });
}

/** Maps the app's filter names onto the upstream's query (docs/upstream.md). */
export function toUpstreamSessionQuery(f: SessionFilters): SessionListQuery {
  const p = f.participants;
  return {
    page: f.page,
    perPage: f.perPage,
    status: f.status === "live" ? "LIVE" : f.status === "ended" ? "ENDED" : undefined,
    startTime: f.from,
    endTime: f.to,
    search: f.search || undefined,
    meetingId: f.meeting,
    participants: p ? `${p.min ?? 0}:${p.max ?? 1_000_000}` : undefined,
    sortBy: f.sort.endsWith("minutes") ? "minutesConsumed" : "createdAt",
    sortOrder: f.sort.startsWith("-") ? "DESC" : "ASC",
  };
}
