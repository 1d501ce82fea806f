/**
 * Where to go after sign-in. Only same-origin relative paths are accepted, and the result is a
 * path + query (+ hash), never an absolute URL, so it survives reverse proxies and host aliases.
 */
export const DEFAULT_RETURN_PATH = "/";

export function safeReturnPath(value: string | null | undefined): string {
  const path = sameOriginPath(value);
  // Never bounce back into the sign-in flow itself.
  return path === null || path === "/login" || path.startsWith("/login?") || path.startsWith("/api/auth") ? DEFAULT_RETURN_PATH : path;
}

/** A relative same-origin path + query + hash, or null for anything that could leave the origin. */
export function sameOriginPath(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  // Absolute URLs are refused; a caller that knows its own origin strips it first.
  if (/^https?:\/\//i.test(v)) return null;
  // `//evil.com` and `/\evil.com` are protocol-relative in browsers; control characters can smuggle either.
  if (!v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\") || /[\u0000-\u001f\u007f\\]/.test(v)) {
    return null;
  }
  const base = "http://return.invalid";
  let url: URL;
  try {
    url = new URL(v, base);
  } catch {
    return null;
  }
  return url.origin === base ? url.pathname + url.search + url.hash : null;
}
