/** The peer page's time window lives in the URL (`from`/`to`, ISO) so a link reopens the exact view. */

export function windowFromParams(params: URLSearchParams | { get(k: string): string | null }): { start: number; end: number } | null {
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  return Number.isFinite(from) && Number.isFinite(to) && to > from ? { start: from, end: to } : null;
}

export function setWindowInUrl(from: number | null, to: number | null) {
  const next = new URLSearchParams(window.location.search);
  if (from === null || to === null) {
    next.delete("from");
    next.delete("to");
  } else {
    next.set("from", new Date(from).toISOString());
    next.set("to", new Date(to).toISOString());
  }
  const qs = next.toString();
  window.history.pushState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`);
}
