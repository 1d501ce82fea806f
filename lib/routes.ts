import { withBasePath } from "@/lib/base-path";
import type { ReportSection } from "@/lib/realtimekit/types";
import type { SessionFilters } from "@/lib/validations/sessions";
import { serializeSessionFilters } from "@/lib/validations/sessions-query";

/**
 * Every address of the console, pages and JSON API alike. Tickets link to these shapes (README.md,
 * "Using it"; docs/addresses.md), so they are built here only, with every id encoded as one path
 * segment whatever it holds. Without zod: the shell and the charts import this in the browser.
 *
 * Under a sub-path (BASE_PATH, lib/base-path.ts) page addresses leave it out, as <Link>, the router
 * and redirect() add it, and the JSON API's include it: they are for fetch() and download links,
 * which take an address as it is.
 */

/** A query: a ready string, URLSearchParams, or named values (undefined and null are left out). */
export type QueryInit = string | URLSearchParams | Record<string, string | undefined | null>;

/** `path?query#hash`, with no `?` for an empty query. */
export function withQuery(path: string, query?: QueryInit, hash?: string): string {
  let qs = "";
  if (typeof query === "string") qs = query.replace(/^\?/, "");
  else if (query instanceof URLSearchParams) qs = query.toString();
  else if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, v);
    qs = q.toString();
  }
  return `${path}${qs ? `?${qs}` : ""}${hash ? `#${hash}` : ""}`;
}

const seg = encodeURIComponent;

// Pages

/** The console's home: the apps this deployment shows. */
export const homePath = (): string => "/";

/** An app's home (it redirects to its sessions list). */
export const appPath = (appId: string): string => `/apps/${seg(appId)}`;

/** The sessions list, with any filters (defaults left out: docs/addresses.md, "The sessions list's URL"). */
export function sessionsPath(appId: string, filters: Partial<SessionFilters> = {}): string {
  return withQuery(`${appPath(appId)}/sessions`, serializeSessionFilters(filters));
}

/** One session; `query` carries its page's own view (roster search, sort, page). */
export function sessionPath(appId: string, sessionId: string, query?: QueryInit): string {
  return withQuery(`${appPath(appId)}/sessions/${seg(sessionId)}`, query);
}

/** The peer page's view: its time window (ISO times, either end may be left out) and clock. */
export interface PeerView {
  from?: string;
  to?: string;
  tz?: "utc" | "local";
}

/** One participant, with a view or a query as given; `hash` jumps to a part of the page (`charts`). */
export function peerPath(
  appId: string,
  peerId: string,
  view: PeerView | string | URLSearchParams = {},
  hash?: string,
): string {
  const query =
    typeof view === "string" || view instanceof URLSearchParams ? view : { from: view.from, to: view.to, tz: view.tz };
  return withQuery(`${appPath(appId)}/peers/${seg(peerId)}`, query, hash);
}

/** The lookup page, with the id (or name, or link) to resolve. */
export function lookupPath(appId: string, id?: string): string {
  return withQuery(`${appPath(appId)}/lookup`, { id });
}

/** The sign-in page: `callbackUrl` is where to return after it, `signedOut` thanks the user for signing out. */
export function loginPath(opts: { callbackUrl?: string; signedOut?: boolean } = {}): string {
  return withQuery("/login", { callbackUrl: opts.callbackUrl, signedOut: opts.signedOut ? "1" : undefined });
}

// JSON API

/** A JSON API path as the browser asks for it (with the sub-path, if any). */
const api = (path: string): string => withBasePath(path);

/** Where Auth.js answers (sign-in, sign-out, callbacks); `parts` name a route below it. */
export const AUTH_API_BASE = "/api/auth";
export function authApi(...parts: string[]): string {
  return [AUTH_API_BASE, ...parts.map(seg)].join("/");
}

export const appsApi = (): string => api("/api/apps");

/** Answers the signed-out page with `Clear-Site-Data: "cache"` (docs/privacy.md): no sign-in needed. */
export const SIGNED_OUT_API = "/api/signed-out";
export const signedOutApi = (): string => api(SIGNED_OUT_API);

/** One page of sessions: the same filters, the same query, as the sessions page. */
export function sessionsApi(appId: string, filters: Partial<SessionFilters> = {}): string {
  return withQuery(api(`/api/apps/${seg(appId)}/sessions`), serializeSessionFilters(filters));
}

export function sessionApi(appId: string, sessionId: string, opts: { breakoutRooms?: boolean } = {}): string {
  return withQuery(api(`/api/apps/${seg(appId)}/sessions/${seg(sessionId)}`), {
    breakoutRooms: opts.breakoutRooms === undefined ? undefined : String(opts.breakoutRooms),
  });
}

/** A session's participants; `query` as lib/validations/participants.ts reads it. */
export function participantsApi(
  appId: string,
  sessionId: string,
  query: {
    search?: string;
    sort?: string;
    page?: number;
    perPage?: number;
    events?: boolean;
    /** The sessions list's quality checks: charged to the checks' share (docs/quality-index.md). */
    for?: "check";
  } = {},
): string {
  const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
  return withQuery(api(`/api/apps/${seg(appId)}/sessions/${seg(sessionId)}/participants`), q);
}

/** Call health of the given participants (at most MAX_PEERS_PER_CHECK, lib/validations/health.ts). */
export function sessionHealthApi(appId: string, sessionId: string, peerIds?: readonly string[]): string {
  return withQuery(api(`/api/apps/${seg(appId)}/sessions/${seg(sessionId)}/health`), { peers: peerIds?.join(",") });
}

/** What the quality index knows of a session's participants (verdicts and heatmap), with no upstream call. */
export function sessionQualityApi(appId: string, sessionId: string): string {
  return api(`/api/apps/${seg(appId)}/sessions/${seg(sessionId)}/quality`);
}

/** A session's participants with their verdicts, as a CSV file or as the ticket summary (plain text). */
export function sessionExportApi(appId: string, sessionId: string, opts: { format: "csv" | "summary" }): string {
  return withQuery(api(`/api/apps/${seg(appId)}/sessions/${seg(sessionId)}/export`), { format: opts.format });
}

/** A participant's report, or only the given sections of it. */
export function peerReportApi(
  appId: string,
  peerId: string,
  opts: { sections?: readonly ReportSection[] } = {},
): string {
  return withQuery(api(`/api/apps/${seg(appId)}/peers/${seg(peerId)}`), { sections: opts.sections?.join(",") });
}

/** The chart data of a peer page: the page preloads it and the charts fetch it, so both use this. */
export function peerQualityApi(appId: string, peerId: string): string {
  return peerReportApi(appId, peerId, { sections: ["quality"] });
}

/** A participant's report as a download, of a window (ISO times, either end may be left out) or the whole call. */
export function peerExportApi(
  appId: string,
  peerId: string,
  opts: { format: "json" | "csv"; from?: string; to?: string },
): string {
  return withQuery(api(`/api/apps/${seg(appId)}/peers/${seg(peerId)}/export`), {
    format: opts.format,
    from: opts.from,
    to: opts.to,
  });
}
