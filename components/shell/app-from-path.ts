/** The app id in a console URL (`/apps/{appId}/…`), if any. */
export function appIdFromPath(pathname: string | null): string | null {
  const m = /^\/apps\/([^/]+)/.exec(pathname ?? "");
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null; // a malformed escape is no app
  }
}
