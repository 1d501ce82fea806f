import "server-only";
import type { App } from "@/lib/realtimekit/types";
import { upstreamConfig } from "./config";
import { log } from "./log";
import { realtimeKit, upstreamCache } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";

export interface AppList {
  apps: App[];
  /** Set when the upstream list could not be read: `apps` then holds only what is known without it. */
  error: UpstreamError | null;
}

/**
 * Kept in the response cache (plain data), so they work per process today and across instances
 * once the cache is a shared store. With the in-memory default, a fresh instance (a cold Vercel
 * function) knows no apps until the list reads once: while it fails, only allow-listed apps open.
 */
export const LAST_GOOD_KEY = "apps:last-good";
export const FAILED_KEY = "apps:list-failed";
// Apps come and go rarely; a day keeps known apps reachable through a long outage of the list.
export const LAST_GOOD_TTL_MS = 24 * 60 * 60_000;
// Each read of a failing list spends up to three attempts out of a request's one deadline: ask
// again at most this often, and answer from what is known meanwhile.
export const FAILED_TTL_MS = 30_000;

interface FailureEntry {
  kind: UpstreamError["kind"];
  status: number;
  message: string;
  path: string;
  retryAfterS: number | undefined;
}

async function readAllApps(): Promise<{ all: App[]; error: UpstreamError | null }> {
  const cache = upstreamCache();
  const failed = await cache.get<FailureEntry>(FAILED_KEY);
  let error: UpstreamError;
  if (failed) {
    error = new UpstreamError(failed);
  } else {
    try {
      const all = await realtimeKit().listAllApps();
      await cache.set(LAST_GOOD_KEY, all, { ttlMs: LAST_GOOD_TTL_MS, sizeBytes: JSON.stringify(all).length });
      return { all, error: null };
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      log.warn(
        { kind: err.kind, status: err.status || undefined },
        "[apps] the apps list could not be read; using what is known",
      );
      error = err;
      if (saysListIsFailing(err)) {
        const entry: FailureEntry = {
          kind: err.kind,
          status: err.status,
          message: err.message,
          path: err.path,
          retryAfterS: err.retryAfterS,
        };
        await cache.set(FAILED_KEY, entry, { ttlMs: FAILED_TTL_MS, sizeBytes: 512 });
      }
    }
  }
  return { all: (await cache.get<App[]>(LAST_GOOD_KEY)) ?? [], error };
}

/**
 * The apps this deployment may show: REALTIMEKIT_APP_IDS if set, else every app the token lists.
 * A failing list does not fail the caller: allowed ids (or, without an allow-list, the apps last
 * listed) still come back, with the error beside them.
 */
export async function listVisibleApps(): Promise<AppList> {
  const { allowedAppIds } = upstreamConfig();
  const { all, error } = await readAllApps();
  if (allowedAppIds.length === 0) return { apps: all, error };
  const listed = new Map(all.map((a) => [a.id, a]));
  // An allowed app the token cannot list still shows (by id) rather than silently vanishing.
  return { apps: allowedAppIds.map((id) => listed.get(id) ?? { id, name: null, createdAt: null }), error };
}

/** As listVisibleApps, for callers that need the list itself: fails only when nothing is known. */
export async function visibleApps(): Promise<App[]> {
  const { apps, error } = await listVisibleApps();
  if (error && apps.length === 0) throw error;
  return apps;
}

/**
 * The app if this deployment may show it, null if not. With an allow-list the answer never
 * depends on the upstream, and a caller that needs no name (`name: false`) does not wait on the
 * list at all; without one, an app missing from a list that failed to load is neither opened nor
 * refused: the upstream error is thrown for the caller to report.
 */
export async function findVisibleApp(appId: string, opts: { name?: boolean } = {}): Promise<App | null> {
  const { allowedAppIds } = upstreamConfig();
  if (allowedAppIds.length > 0 && !allowedAppIds.includes(appId)) return null;
  if (allowedAppIds.length > 0 && opts.name === false) return { id: appId, name: null, createdAt: null };
  const { apps, error } = await listVisibleApps();
  const app = apps.find((a) => a.id === appId);
  if (app) return app;
  if (error) throw error;
  return null;
}

export async function isAppAllowed(appId: string): Promise<boolean> {
  // An allow-list answers alone: no upstream call.
  return (await findVisibleApp(appId, { name: false })) !== null;
}

/**
 * Failures worth remembering for everyone: the upstream answered badly or could not be reached. A
 * spent share is one user's, our own budget's refusal and a 429 cost no wait (the budget already
 * holds everyone off), and a timeout may be the asking request's own deadline, spent on its
 * earlier calls: none of these says the list is failing.
 */
function saysListIsFailing(err: UpstreamError): boolean {
  switch (err.kind) {
    case "http":
      return err.status >= 500 || err.status === 401 || err.status === 403;
    case "invalid-body":
    case "too-large":
    case "redirect":
    case "network":
      return true;
    default:
      return false;
  }
}
