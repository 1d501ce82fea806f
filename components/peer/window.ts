import { updateQuery } from "@/lib/url-state";
import { parseIsoUtc } from "@/lib/validations/fields";

/** The peer page's time window lives in the URL (`from`/`to`, ISO) so a link reopens the exact view. */

export function windowFromParams(params: URLSearchParams | { get(k: string): string | null }): { start: number; end: number } | null {
  const from = parseIsoUtc(params.get("from") ?? "");
  const to = parseIsoUtc(params.get("to") ?? "");
  return Number.isFinite(from) && Number.isFinite(to) && to > from ? { start: from, end: to } : null;
}

export function setWindowInUrl(from: number | null, to: number | null) {
  updateQuery(from === null || to === null ? { from: null, to: null } : { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
}
