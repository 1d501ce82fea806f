/**
 * Page state lives in the URL so any view can be pasted into a ticket. These update it through
 * the History API, which Next.js's router follows (useSearchParams re-renders) without a server
 * round trip.
 */
export function setQueryString(qs: string, mode: "push" | "replace" = "push") {
  const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** Sets or (with null or "") removes parameters, keeping the others. */
export function updateQuery(patch: Record<string, string | null>, mode: "push" | "replace" = "push") {
  const next = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === "") next.delete(k);
    else next.set(k, v);
  }
  setQueryString(next.toString(), mode);
}
