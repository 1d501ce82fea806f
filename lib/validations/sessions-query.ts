import type { SessionFilters } from "./sessions";

/**
 * The sessions list's query string (docs/addresses.md, "The sessions list's URL"): the defaults and
 * the one serialiser. Without zod on purpose, like iso-time.ts: lib/routes.ts builds links with it
 * in client code (the shell, the session page), which must not load the schemas.
 */

export const DEFAULT_SESSION_SORT = "-started";
export const DEFAULT_PER_PAGE = 20;

/** The canonical query string of a filter set: defaults left out, a stable order, for URLs and SWR keys. */
export function serializeSessionFilters(f: Partial<SessionFilters>): string {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.from) q.set("from", f.from);
  if (f.to) q.set("to", f.to);
  if (f.search) q.set("search", f.search);
  if (f.meeting) q.set("meeting", f.meeting);
  if (f.participants) q.set("participants", `${f.participants.min ?? ""}:${f.participants.max ?? ""}`);
  if (f.quality) q.set("quality", f.quality);
  if (f.sort !== undefined && f.sort !== DEFAULT_SESSION_SORT) q.set("sort", f.sort);
  if (f.page !== undefined && f.page !== 1) q.set("page", String(f.page));
  if (f.perPage !== undefined && f.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(f.perPage));
  return q.toString();
}
