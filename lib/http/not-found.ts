/**
 * What a not-found console URL was about, so the 404 page can name it: a participant or session
 * RealtimeKit does not know, an app this deployment may not show, or an address that is no page.
 */
export type Missing =
  | { kind: "peer" | "session"; appId: string; id: string }
  | { kind: "app"; appId: string }
  | { kind: "page"; appId: string | null };

export function describeMissing(pathname: string | null): Missing {
  const parts = (pathname ?? "").split("/").filter(Boolean);
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    // A malformed escape names nothing we could look up.
    return { kind: "page", appId: null };
  }
  const [apps, appId, section, id, ...rest] = decoded;
  if (apps !== "apps" || !appId) return { kind: "page", appId: null };
  if (section === undefined || ((section === "sessions" || section === "lookup") && id === undefined))
    return { kind: "app", appId };
  if ((section === "peers" || section === "sessions") && id && rest.length === 0) {
    return { kind: section === "peers" ? "peer" : "session", appId, id };
  }
  return { kind: "page", appId };
}
