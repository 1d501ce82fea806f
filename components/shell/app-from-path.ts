/** The app id in a console URL (`/apps/{appId}/…`), if any. */
export function appIdFromPath(pathname: string | null): string | null {
  const m = /^\/apps\/([^/]+)/.exec(pathname ?? "");
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}
