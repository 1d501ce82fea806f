/**
 * Where to go after sign-in or sign-out: the one check for every return path (the sign-in page,
 * proxy.ts, Auth.js's `redirect` callback). Only same-origin relative paths are accepted, and the
 * result is a path + query (+ hash), never an absolute URL, so it survives reverse proxies and host
 * aliases.
 */
export const DEFAULT_RETURN_PATH = "/";

export function safeReturnPath(value: string | null | undefined): string {
  const checked = checkReturnPath(value);
  if (!checked) return DEFAULT_RETURN_PATH;
  // Never bounce back into the sign-in flow itself, however the path is spelt.
  const intoSignIn = [checked.path, checked.decodedPath].some((p) => p === "/login" || p.startsWith("/api/auth"));
  return intoSignIn ? DEFAULT_RETURN_PATH : checked.returnTo;
}

/** A relative same-origin path + query + hash, or null for anything that could leave the origin. */
export function sameOriginPath(value: string | null | undefined): string | null {
  return checkReturnPath(value)?.returnTo ?? null;
}

const BASE = "http://return.invalid";
// More layers than any honest link carries (a ticket link is encoded once, a callbackUrl twice).
const MAX_DECODES = 4;
// Control characters can smuggle `//` past a browser (it drops tab and newline) or split a header.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Normalise first, then check. A browser resolves dot segments (`/.//evil.com` is `//evil.com`,
 * and so is `/%2e//evil.com`), and the path may be percent-decoded again on its way back to us
 * (Next.js, Auth.js's cookie, a proxy): every form the path can take must stay on this origin and
 * must not start with `//` or `/\` (protocol-relative).
 */
function checkReturnPath(
  value: string | null | undefined,
): { returnTo: string; path: string; decodedPath: string } | null {
  if (!value) return null;
  const v = value.trim();
  if (!v.startsWith("/") || CONTROL.test(v)) return null;
  const first = resolve(v);
  if (!first) return null;

  let path = first.pathname;
  for (let i = 0; ; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // Malformed percent-encoding: no page has such a path.
      return null;
    }
    if (decoded === path) break;
    if (CONTROL.test(decoded) || decoded.includes("\\")) return null;
    const next = resolve(decoded);
    if (!next) return null;
    // A space or a non-ASCII letter decodes, and the URL parser encodes it again: a fixed point,
    // not another layer. Counting that cycle as one more decode threw `/apps/caf%C3%A9` away.
    if (next.pathname === path) break;
    if (i === MAX_DECODES) return null;
    path = next.pathname;
  }
  return { returnTo: first.pathname + first.search + first.hash, path: first.pathname, decodedPath: path };
}

function resolve(candidate: string): URL | null {
  let url: URL;
  try {
    url = new URL(candidate, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // `new URL` already turned `\` into `/`; a path that starts `//` is another host to a browser.
  return url.pathname.startsWith("//") ? null : url;
}

/**
 * Auth.js's `redirect` callback: every `callbackUrl` of sign-in and sign-out (form field, query or
 * cookie) passes here. Same-origin only (sign-out may return to /login, so looser than
 * safeReturnPath), and relative: behind a proxy or a host alias, Auth.js's idea of its own origin
 * can differ from the one in the browser, which must keep its cookies.
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
  return sameOriginPath(path) ?? DEFAULT_RETURN_PATH;
}
