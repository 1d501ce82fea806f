import { NextResponse } from "next/server";
import { auth } from "@/auth";
import { withoutSessionRefresh } from "@/lib/auth/session-cookie";
import { safeReturnPath } from "@/lib/auth/return-path";
import { publicOrigin } from "@/lib/server/public-origin";
import { PATH_HEADER, unreadablePage, unreadableUrl } from "@/lib/http/request-url";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";
import { log } from "@/lib/server/log";
import { loginPath, SIGNED_OUT_API } from "@/lib/routes";
import { withBasePath, withoutBasePath } from "@/lib/base-path";
import { buildCsp, newNonce } from "@/lib/security/csp";
import { authConfig, runtimeConfig } from "@/lib/server/config";

/**
 * Coarse gate in front of every page and API route (route handlers check the session again):
 * signed-out page visits go to /login carrying the exact path and query to come back to; signed-out
 * API calls get a 401. Also sets the per-request CSP nonce and HSTS behind HTTPS.
 */
const gate = auth((req) => {
  // Without the sub-path, whichever request this is: Auth.js rebuilds it from AUTH_URL when that is
  // set, and the copy no longer knows Next.js's basePath (README.md, "Deploying").
  const pathname = withoutBasePath(req.nextUrl.pathname) ?? req.nextUrl.pathname;
  const raw = new URL(req.url);
  // The raw query, exactly as the ticket's link had it (nextUrl re-encodes `%20` as `+`).
  const search = raw.search;
  const signedIn = !!req.auth?.user;
  const isApi = pathname.startsWith("/api/");
  // Refused before anything else, signed in or not: Next.js would answer a bad escape with a bare 500.
  const unreadable = unreadableUrl(raw);

  if (unreadable) return isApi ? apiError(400, "bad_request", unreadable.message) : unreadablePage(unreadable);
  if (!signedIn && !isPublic(pathname)) {
    if (isApi) return apiError(401, "unauthorized", "Sign in to use this API");
    // The return target is a relative path + query; the redirect goes to the host the browser
    // used (127.0.0.1 vs localhost, or the public name a reverse proxy forwards).
    const back = safeReturnPath(pathname + search);
    // Under a sub-path the return path leaves it out (the sign-in page's redirect() adds it); the
    // sign-in page's own address, built here by hand, must carry it (README.md, "Deploying").
    const target = new URL(withBasePath(loginPath({ callbackUrl: back })), publicOrigin(req.headers, req.nextUrl));
    const res = NextResponse.redirect(target, 307);
    res.headers.set("cache-control", "no-store");
    return res;
  }

  const nonce = newNonce();
  const csp = buildCsp({ nonce, dev: runtimeConfig().dev, formActionOrigins: idpOrigins() });
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("content-security-policy", csp);
  // What the not-found page names; never taken from the client.
  requestHeaders.set(PATH_HEADER, pathname);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("content-security-policy", csp);
  // Signed out without JavaScript (the form's redirect is a page load): the browser forgets the peer
  // reports it kept to revalidate (lib/server/stored-body.ts). With it, components/shell/forget-kept.tsx.
  if (pathname === "/login" && raw.searchParams.get("signedOut") === "1") res.headers.set("clear-site-data", '"cache"');
  if (req.headers.get("x-forwarded-proto") === "https" || req.nextUrl.protocol === "https:") {
    res.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  }
  return res;
});

// Open without sign-in: the sign-in page, the readiness probe (liveness, /api/health, skips the
// proxy), and what the signed-out page calls to clear the browser's cache.
const isPublic = (path: string) => path === "/login" || path === "/api/ready" || path === SIGNED_OUT_API;

function apiError(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

// Next.js 16 looks for a function named `proxy`. With a lazily read config (auth.ts), `auth(fn)`
// hands back a promise of the wrapped handler rather than the handler itself.
export async function proxy(...args: Parameters<typeof gate>) {
  const [req] = args;
  const startedMs = performance.now();
  // One id for the request's every line and its response (README.md, "Logs and probes"): the
  // gate passes it on to the page or route handler with the other request headers it sets.
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  req.headers.set(REQUEST_ID_HEADER, requestId);
  let res: Response;
  if (req.nextUrl.pathname.startsWith("/api/auth/")) {
    // Auth.js's own routes pass untouched (no gate, no CSP): only an address Next.js cannot route,
    // which it would answer with a bare 500, is refused here, in the API's error envelope.
    const unreadable = unreadableUrl(new URL(req.url));
    res = unreadable ? apiError(400, "bad_request", unreadable.message) : NextResponse.next();
  } else {
    const handler = await Promise.resolve(gate);
    // Auth.js hands on what the gate returned; the gate always returns a response.
    res = withoutSessionRefresh(await handler(...args)) ?? NextResponse.next();
  }
  res.headers.set(REQUEST_ID_HEADER, requestId);
  logRequest(req, res, requestId, performance.now() - startedMs);
  return res;
}

/**
 * The proxy's line: for a response it made itself (a sign-in redirect, a 401, a refused address)
 * the whole request line; for a page it lets through, the start (the render's line follows, from
 * lib/server/request-scope.ts, when it used RealtimeKit). The JSON API's lines are route()'s.
 */
function logRequest(req: Request, res: Response, requestId: string, durationMs: number) {
  const raw = new URL(req.url).pathname;
  // As the app names it: under a sub-path the browser's address starts with that path (README.md, "Deploying").
  const path = withoutBasePath(raw) ?? raw;
  const passed = res.headers.get("x-middleware-next") === "1";
  if (passed && path.startsWith("/api/") && !path.startsWith("/api/auth/")) return;
  const line = { requestId, kind: path.startsWith("/api/") ? "api" : "page", method: req.method, path };
  if (passed) log.info(line, "page requested");
  else log.info({ ...line, status: res.status, durationMs: Math.round(durationMs * 10) / 10 }, "request");
}

function idpOrigins(): string[] {
  const cfg = authConfig();
  const origins: string[] = [];
  if (cfg.oidc) origins.push(new URL(cfg.oidc.issuer).origin);
  if (cfg.github) origins.push("https://github.com");
  return origins;
}

export const config = {
  // Everything but the health check and Next's static assets. Auth.js's own routes come through
  // too, for the malformed-address check alone (proxy() above).
  matcher: ["/((?!api/health|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
