import { z } from "zod";
import type { ParticipantListQuery } from "@/lib/realtimekit/types";
import { boolFlag, intIn, searchText } from "./fields";
import { parseQuery, type ParsedQuery, type QueryInput } from "./query";

export const PARTICIPANT_SORTS = ["joined", "-joined", "duration", "-duration"] as const;

/** Query of a session's participant list (page and API). */
export const participantFields = {
  search: searchText,
  sort: z
    .enum(PARTICIPANT_SORTS, { error: `must be one of ${PARTICIPANT_SORTS.join(", ")}` })
    .optional()
    .transform((v) => v ?? "joined"),
  page: intIn(1, 100_000, 1),
  perPage: intIn(1, 100, 50),
  // Peer events give reconnect counts; they cost payload, not calls.
  events: boolFlag(true),
};

export type ParticipantQuery = ParsedQuery<typeof participantFields>;

/**
 * The participants API's query: the page's, plus `for=check` from the sessions list's quality
 * checks, whose calls then count against the checks' share of the budget like the health checks
 * they lead to, not against the user's own (docs/quality-index.md).
 */
export const participantApiFields = {
  ...participantFields,
  for: z.enum(["check"], { error: 'must be "check" when given' }).optional(),
};

export function parseParticipantQuery(input: QueryInput, mode: "strict" | "lenient") {
  return parseQuery(participantFields, input, { mode });
}

export function toUpstreamParticipantQuery(q: ParticipantQuery): ParticipantListQuery {
  return {
    page: q.page,
    perPage: q.perPage,
    search: q.search || undefined,
    sortBy: q.sort.endsWith("duration") ? "duration" : "joinedAt",
    sortOrder: q.sort.startsWith("-") ? "DESC" : "ASC",
    includePeerEvents: q.events,
  };
}
