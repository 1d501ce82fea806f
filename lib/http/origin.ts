/**
 * The origin a request was made to, as the browser saw it: the forwarded host and protocol a
 * trusted proxy sends, then the Host header. Only the first value of a forwarded list counts (the
 * client-facing hop). A configured AUTH_URL comes first (lib/server/public-origin.ts).
 */
export function requestOrigin(headers: Headers, fallback: { host: string; protocol: string }): string {
  const first = (v: string | null) => v?.split(",")[0]?.trim() || null;
  const host = first(headers.get("x-forwarded-host")) ?? headers.get("host") ?? fallback.host;
  const proto = first(headers.get("x-forwarded-proto")) ?? fallback.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

/**
 * Auth.js builds its error redirects (`/login?error=…`) from the request URL, and Next.js gives
 * route handlers a URL of its own making: the bind address, with a loopback one spelt `localhost`
 * even when AUTH_URL says 127.0.0.1. A Location on that origin moves to the public one; relative
 * ones (the browser resolves them against the address it used) and other hosts (the IdP) stay.
 */
export function publicLocation(location: string, requestUrl: string, origin: string): string {
  if (!/^https?:\/\//i.test(location)) return location;
  let target: URL;
  try {
    target = new URL(location);
  } catch {
    return location;
  }
  if (target.origin !== new URL(requestUrl).origin) return location;
  return origin + target.pathname + target.search + target.hash;
}
