import "server-only";
import type { Participant, ReportSection, Session } from "@/lib/realtimekit/types";
import { withoutBasePath } from "@/lib/base-path";
import { lookupPath, peerPath, sessionPath, sessionsPath, withQuery } from "@/lib/routes";
import { isLegacyRoomName, isUuid } from "@/lib/validations/ids";
import { realtimeKit } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";

/**
 * Resolves what an engineer pastes — a session, peer or meeting id, the customer's own participant
 * id, a display name, or a link to a page of this console — to the page for it, and records every
 * attempt so "nothing found" can say what was tried.
 */

export interface Attempt {
  what: string;
  outcome: "found" | "not found" | "failed";
  detail?: string;
}

export interface Match {
  participant: Participant;
  session: Pick<Session, "id" | "title" | "startedAt">;
  /** How the text matched: exactly an id, or part of the display name. */
  by: "id" | "name";
}

/** What the participant search covered, said on the page: "participants of the 20 most recent sessions (since …)". */
export interface SearchScope {
  sessions: number;
  sinceIso: string | null;
}

export type LookupResult =
  | { kind: "redirect"; href: string; attempts: Attempt[] }
  | { kind: "choose"; matches: Match[]; total: number; scope: SearchScope; attempts: Attempt[] }
  | { kind: "link"; problem: string; attempts: Attempt[] }
  | { kind: "none"; attempts: Attempt[]; scope: SearchScope | null };

/** Recent sessions whose participants are searched (one upstream call each, after one to list them). */
export const RECENT_SESSIONS_SEARCHED = 20;
/** Participants asked for per session: a name shared by more in one session is rare, and bounded. */
const PARTICIPANTS_PER_SESSION = 100;
/** Matches listed to pick from; more says so. */
export const MATCHES_SHOWN = 50;
const CONCURRENCY = 4;
/** What a peer id is probed with: the peer page's existence check asks for the same section. */
const PEER_PROBE_SECTIONS: readonly ReportSection[] = ["precall"];

export function describeScope(scope: SearchScope): string {
  const since = scope.sinceIso ? ` (since ${scope.sinceIso.slice(0, 16).replace("T", " ")} UTC)` : "";
  return `participants of the ${scope.sessions} most recent sessions${since}`;
}

export type LinkResolution = { kind: "page"; href: string } | { kind: "elsewhere"; problem: string };

/**
 * A pasted link to this console, on any host (tickets carry whichever name the sender used: an
 * alias, a proxy, localhost), resolved to the same page of this deployment. Only the URL
 * contract's pages of this app qualify (README.md, "Using it"); the target is rebuilt from the
 * checked path segments and the link's own query, so neither its host nor its path can take the
 * reader anywhere else. Null when the text is not a link at all.
 */
export function resolveInspectorLink(appId: string, text: string): LinkResolution | null {
  const v = text.trim();
  if (!/^https?:\/\//i.test(v) && !v.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(v, "http://link.invalid");
  } catch {
    return { kind: "elsewhere", problem: "it is not a well-formed link" };
  }
  // A link from this deployment carries its sub-path, if any (README.md, "Deploying").
  const raw = (withoutBasePath(url.pathname) ?? url.pathname).split("/").slice(1);
  if (raw.at(-1) === "") raw.pop();
  let segs: string[];
  try {
    segs = raw.map(decodeURIComponent);
  } catch {
    return { kind: "elsewhere", problem: "its path is not well-formed" };
  }
  const [root, linkApp, page, id, ...rest] = segs;
  if (root !== "apps" || !linkApp)
    return { kind: "elsewhere", problem: "it does not lead to a page of an app (…/apps/{app id}/…)" };
  if (linkApp.toLowerCase() !== appId.toLowerCase())
    return { kind: "elsewhere", problem: "it leads to another app: switch to that app first, or open the link itself" };
  // The pages read their own query leniently and say what they did not understand.
  const query = url.searchParams;
  const to = (href: string) => ({ kind: "page" as const, href });
  if (rest.length === 0) {
    if (page === undefined) return to(sessionsPath(appId));
    if (page === "sessions" && id === undefined) return to(withQuery(sessionsPath(appId), query));
    if (page === "sessions" && id !== undefined && isUuid(id)) return to(sessionPath(appId, id.toLowerCase(), query));
    if (page === "peers" && id !== undefined && isUuid(id)) return to(peerPath(appId, id.toLowerCase(), query));
    if (page === "lookup" && id === undefined) {
      const inner = url.searchParams.get("id");
      // Strictly shorter than the link itself, so a chain of these ends.
      if (inner?.trim()) return to(lookupPath(appId, inner));
    }
  }
  return { kind: "elsewhere", problem: "it is not a sessions, session, participant or lookup page of this app" };
}

/** Case, accents and runs of spaces do not matter in a name: "jose  garcia" finds "José García". */
function foldName(v: string): string {
  return v.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

export async function lookup(appId: string, rawId: string): Promise<LookupResult> {
  const id = rawId.trim();
  const client = realtimeKit();
  const attempts: Attempt[] = [];

  const link = resolveInspectorLink(appId, id);
  if (link?.kind === "page") return { kind: "redirect", href: link.href, attempts };
  if (link?.kind === "elsewhere") return { kind: "link", problem: link.problem, attempts };

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
    if (await probe("session id", () => client.getSession(appId, uuid)))
      return { kind: "redirect", href: sessionPath(appId, uuid), attempts };
    // One small section, not a report of megabytes: the same request as the peer page's own
    // existence check, so the page it leads to reads that cache entry (and a cached whole report
    // serves it at no cost).
    if (
      await probe("peer id", () =>
        client.getPeerReport(appId, uuid, { sections: PEER_PROBE_SECTIONS, includePeerEvents: true }),
      )
    )
      return { kind: "redirect", href: peerPath(appId, uuid), attempts };
    if (await probe("meeting id", () => client.getMeeting(appId, uuid)))
      return { kind: "redirect", href: sessionsPath(appId, { meeting: uuid }), attempts };
  } else if (isLegacyRoomName(id)) {
    if (await probe("meeting id (legacy room name)", () => client.getMeeting(appId, id))) {
      return { kind: "redirect", href: sessionsPath(appId, { meeting: id }), attempts };
    }
  }

  // Custom participant ids and names have no index upstream: search the most recent sessions'
  // participants with the upstream's own search (id, custom id or display name: docs/upstream.md, "Searching").
  // Listing them is a step of that search, not a reading of the id: only its failure is reported.
  const what = "custom participant id or display name";
  let recent;
  try {
    recent = await client.listSessions(appId, { perPage: RECENT_SESSIONS_SEARCHED });
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    attempts.push({
      what: `${what} in the most recent sessions`,
      outcome: "failed",
      detail: `the sessions could not be listed: ${err.message}`,
    });
    return { kind: "none", attempts, scope: null };
  }
  const sessions = recent.items;
  const scope: SearchScope = { sessions: sessions.length, sinceIso: sessions.at(-1)?.startedAt ?? null };
  const wanted = foldName(id);
  const found: (Match & { order: number })[] = [];
  let failures = 0;
  let crowded = 0;
  let next = 0;
  const worker = async () => {
    while (next < sessions.length) {
      const order = next++;
      const s = sessions[order];
      if (!s) continue;
      try {
        const page = await client.listParticipants(appId, s.id, { search: id, perPage: PARTICIPANTS_PER_SESSION });
        if (page.hasMore) crowded++;
        for (const p of page.items) {
          // The upstream's search may match more loosely than this (it is not documented how).
          const by =
            p.customParticipantId === id || p.peerId === id.toLowerCase()
              ? "id"
              : p.name && wanted && foldName(p.name).includes(wanted)
                ? "name"
                : null;
          if (by)
            found.push({ participant: p, session: { id: s.id, title: s.title, startedAt: s.startedAt }, by, order });
        }
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Newest session first, then by join time: the order the sessions list uses.
  found.sort((a, b) => a.order - b.order || (a.participant.joinedAt ?? "").localeCompare(b.participant.joinedAt ?? ""));
  const details = [
    failures ? `${failures} of them could not be searched` : null,
    crowded
      ? `${crowded} had more than ${PARTICIPANTS_PER_SESSION} matches, ` +
        `of which the first ${PARTICIPANTS_PER_SESSION} were read`
      : null,
  ].filter(Boolean);
  attempts.push({
    what: `${what} among the ${describeScope(scope)}`,
    outcome: found.length ? "found" : failures ? "failed" : "not found",
    detail: details.length ? details.join("; ") : undefined,
  });
  const byId = found.filter((m) => m.by === "id");
  // An id names one participant; a name may be anyone's, so a name is always offered, not followed.
  if (byId.length === 1 && byId[0] && found.length === 1)
    return { kind: "redirect", href: peerPath(appId, byId[0].participant.peerId), attempts };
  if (found.length)
    return {
      kind: "choose",
      matches: found.slice(0, MATCHES_SHOWN).map(({ order: _order, ...m }) => m),
      total: found.length,
      scope,
      attempts,
    };
  return { kind: "none", attempts, scope };
}
