import "server-only";
import type { Participant } from "@/lib/realtimekit/types";
import { isLegacyRoomName, isUuid } from "@/lib/validations/ids";
import { realtimeKit } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";

/**
 * Resolves any id an engineer pastes — session, peer, meeting, or the customer's own participant
 * id — to the page for it, and records every attempt so "nothing found" can say what was tried.
 */

export interface Attempt {
  what: string;
  outcome: "found" | "not found" | "failed";
  detail?: string;
}

export type LookupResult =
  | { kind: "redirect"; href: string; attempts: Attempt[] }
  | { kind: "choose"; matches: { participant: Participant; sessionId: string }[]; attempts: Attempt[] }
  | { kind: "none"; attempts: Attempt[] };

/** Recent sessions searched for a custom participant id (each search is one upstream call). */
export const RECENT_SESSIONS_SEARCHED = 20;
const CONCURRENCY = 4;

export async function lookup(appId: string, rawId: string): Promise<LookupResult> {
  const id = rawId.trim();
  const client = realtimeKit();
  const app = encodeURIComponent(appId);
  const attempts: Attempt[] = [];

  // Each probe: null when the upstream says not found; other failures are recorded, not fatal.
  const probe = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      const v = await run();
      attempts.push({ what, outcome: "found" });
      return v;
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      attempts.push(err.isNotFound ? { what, outcome: "not found" } : { what, outcome: "failed", detail: err.message });
      return null;
    }
  };

  if (isUuid(id)) {
    const uuid = id.toLowerCase();
    if (await probe("session id", () => client.getSession(appId, uuid))) return { kind: "redirect", href: `/apps/${app}/sessions/${uuid}`, attempts };
    // The whole report: the peer page it leads to reads the same cache entry.
    if (await probe("peer id", () => client.getPeerReport(appId, uuid, { includePeerEvents: true }))) return { kind: "redirect", href: `/apps/${app}/peers/${uuid}`, attempts };
    if (await probe("meeting id", () => client.getMeeting(appId, uuid))) return { kind: "redirect", href: `/apps/${app}/sessions?${new URLSearchParams({ meeting: uuid })}`, attempts };
  } else if (isLegacyRoomName(id)) {
    if (await probe("meeting id (legacy room name)", () => client.getMeeting(appId, id))) {
      return { kind: "redirect", href: `/apps/${app}/sessions?${new URLSearchParams({ meeting: id })}`, attempts };
    }
  }

  // A custom participant id has no index upstream: search the most recent sessions' participants.
  // Listing them is a step of that search, not a reading of the id: only its failure is reported.
  let recent;
  try {
    recent = await client.listSessions(appId, { perPage: RECENT_SESSIONS_SEARCHED });
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    attempts.push({ what: "custom participant id in the most recent sessions", outcome: "failed", detail: `the sessions could not be listed: ${err.message}` });
    return { kind: "none", attempts };
  }
  const matches: { participant: Participant; sessionId: string }[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < recent.items.length) {
      const s = recent.items[next++];
      if (!s) continue;
      try {
        const page = await client.listParticipants(appId, s.id, { search: id, perPage: 100 });
        for (const p of page.items) {
          if (p.customParticipantId === id || p.peerId === id.toLowerCase()) matches.push({ participant: p, sessionId: s.id });
        }
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const oldest = recent.items.at(-1)?.startedAt;
  attempts.push({
    what: `custom participant id in the ${recent.items.length} most recent sessions${oldest ? ` (since ${oldest.slice(0, 16).replace("T", " ")} UTC)` : ""}`,
    outcome: matches.length ? "found" : failures ? "failed" : "not found",
    detail: failures ? `${failures} of them could not be searched` : undefined,
  });
  if (matches.length === 1 && matches[0]) return { kind: "redirect", href: `/apps/${app}/peers/${matches[0].participant.peerId}`, attempts };
  if (matches.length > 1) return { kind: "choose", matches, attempts };
  return { kind: "none", attempts };
}
