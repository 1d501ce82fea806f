import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";
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
}

// Process-wide: each Next.js bundle has its own copy of this module, and the upstream client
// (created by whichever bundle asked first) must see the scope a route handler of another opened.
const storage = processWide("request-scope", () => new AsyncLocalStorage<RequestScope>());

// Server components render outside any scope a page could open around its children, but React
// keeps one value per render (one request). Outside a render React does not memoise: each call
// gets a fresh scope, i.e. a deadline per upstream call.
const renderScope = cache((): RequestScope => ({}));

/** Runs a route handler with one scope (the JSON API's `route()` does this for every handler). */
export function runInRequestScope<T>(fn: () => T): T {
  return storage.run({}, fn);
}

/** The scope of the request being served: a route handler's, else the server render's. */
export function currentRequestScope(): RequestScope {
  return storage.getStore() ?? renderScope();
}
