import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { headers } from "next/headers";
import { after } from "next/server";
import { cache } from "react";
import { PATH_HEADER } from "@/lib/http/request-url";
import { REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { log } from "./log";
import { processWide } from "./process-wide";

/**
 * What one inbound request shares across all the upstream calls made to answer it: the deadline,
 * set by the first call, so that a page or API answer that needs several calls (and their
 * retries) still answers within REALTIMEKIT_TIMEOUT_MS. It lives only as long as the request:
 * nothing is kept between requests, so any number of instances (or Vercel functions) can serve.
 */
export interface RequestScope {
  /** Epoch ms after which no more upstream work is started or awaited for this request. */
  deadlineAtMs?: number;
  /** Who the request is for (set on sign-in check), for the per-user share of the rate budget. */
  userKey?: string;
  /**
   * The request answers a health check: its upstream calls count against the checks' share of the
   * budget instead of the user's (lib/server/scan-share.ts). Set by the health API, and by the
   * participants API for the sessions list's checks (`for=check`).
   */
  scan?: boolean;
  /** The request id (lib/http/request-id.ts) its log lines carry; set by `route()` for the JSON API. */
  requestId?: string;
  /** What answering it took from the upstream, for its request line (README.md, "Logs and probes"). */
  counters?: UpstreamCounters;
}

export interface UpstreamCounters {
  /** HTTP requests sent to RealtimeKit, retries included (each spends one unit of the budget). */
  upstreamCalls: number;
  /** Reads answered from the response cache, and reads that were not. */
  cacheHits: number;
  cacheMisses: number;
  /** What the deployment's budget had left after this request's last upstream call. */
  budgetLeft?: number;
}

/** Counts one upstream call or cache read against the request being served. */
export function countUpstream(
  what: "call" | "hit" | "miss",
  scope: RequestScope = currentRequestScope(),
): UpstreamCounters {
  let c = scope.counters;
  if (!c) {
    c = scope.counters = { upstreamCalls: 0, cacheHits: 0, cacheMisses: 0 };
    if (!storage.getStore()) logAfterRender(c);
  }
  if (what === "call") c.upstreamCalls++;
  else if (what === "hit") c.cacheHits++;
  else c.cacheMisses++;
  return c;
}

/** The per-user share's key for a signed-in user: one per account, whatever the letter case. */
export function userKeyOf(
  user: { email?: string | null; id?: string | null; name?: string | null } | undefined,
): string | undefined {
  if (!user) return undefined;
  return (user.email ?? user.id ?? user.name ?? "signed-in").toLowerCase();
}

// Process-wide: each Next.js bundle has its own copy of this module, and the upstream client
// (created by whichever bundle asked first) must see the scope a route handler of another opened.
const storage = processWide("request-scope", () => new AsyncLocalStorage<RequestScope>());

// Server components render outside any scope a page could open around its children, but React
// keeps one value per render (one request). Outside a render React does not memoise: each call
// gets a fresh scope, i.e. a deadline per upstream call.
const renderScope = cache((): RequestScope => ({}));

// Pages have no sign-in check of their own to set the key (the console layout's auth() may render
// in parallel with the page, and is skipped altogether on client-side navigation between pages of
// one layout), so a render asks Auth.js itself, once per render. Imported lazily: Auth.js reads its
// configuration on import, which code outside a request (tests, scripts) must not need.
const renderUserKey = cache(async (): Promise<string | undefined> => {
  try {
    const { auth } = await import("@/auth");
    return userKeyOf((await auth())?.user);
  } catch (err) {
    // Next.js's own signals (a page found to be dynamic while prerendering) must go through.
    // Imported here, not at the top: outside Next.js (the bench, with the react-server
    // condition) next/navigation cannot load, and the transport imports this module.
    const { unstable_rethrow } = await import("next/navigation");
    unstable_rethrow(err);
    // Outside a request (no cookies to read) nobody is asking.
    return undefined;
  }
});

/**
 * Who the current request is for: a route handler's signed-in user (set by the API's sign-in
 * check), else the user a page is rendered for. Undefined for work outside any user's request.
 */
export async function requestUserKey(): Promise<string | undefined> {
  const route = storage.getStore();
  if (route) return route.userKey;
  const scope = renderScope();
  scope.userKey ??= await renderUserKey();
  return scope.userKey;
}

/** Runs a route handler with one scope (the JSON API's `route()` does this for every handler). */
export function runInRequestScope<T>(fn: () => T, init: RequestScope = {}): T {
  return storage.run({ ...init }, fn);
}

/** The scope of the request being served: a route handler's, else the server render's. */
export function currentRequestScope(): RequestScope {
  return storage.getStore() ?? renderScope();
}

/**
 * A page's request line: proxy.ts logs its start (request id, method, path); what its render took
 * from the upstream is only known once the response is sent, which Next.js's `after()` waits for.
 * Written for renders that used the upstream client (a page that never did has the proxy's line
 * alone). Outside a request (tests, the bench) there is no render to follow and no line.
 */
function logAfterRender(counters: UpstreamCounters): void {
  try {
    // Both asked for now, during the render: the first upstream read may come late in it, and
    // once the response is sent Next.js refuses headers() (under load, an await here was enough).
    const pending = headers();
    after(async () => {
      const h = await pending.catch(() => null);
      log.info(
        {
          requestId: h?.get(REQUEST_ID_HEADER) ?? undefined,
          kind: "page",
          path: h?.get(PATH_HEADER) ?? undefined,
          ...counters,
        },
        "page rendered",
      );
    });
  } catch {
    // Outside a request (tests, the bench): no render to follow, no line.
  }
}
