import "server-only";
import type { App } from "@/lib/realtimekit/types";
import { upstreamConfig } from "./env";
import { processWide } from "./process-wide";
import { realtimeKit } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";

export interface AppList {
  apps: App[];
  /** Set when the upstream list could not be read: `apps` then holds only what is known without it. */
  error: UpstreamError | null;
}

// The last list the upstream gave, so that apps already seen stay reachable while it fails.
// Process memory only: a fresh instance knows none until the list reads again.
const lastListed = processWide("apps-last-listed", () => ({ apps: [] as App[] }));

/**
 * The apps this deployment may show: REALTIMEKIT_APP_IDS if set, else every app the token lists.
 * A failing list does not fail the caller: allowed ids (or, without an allow-list, the apps last
 * listed) still come back, with the error beside them.
 */
export async function listVisibleApps(): Promise<AppList> {
  const { allowedAppIds } = upstreamConfig();
  let all: App[];
  let error: UpstreamError | null = null;
  try {
    all = await realtimeKit().listAllApps();
    lastListed.apps = all;
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    console.warn(`[apps] the apps list could not be read (${err.kind} ${err.status || ""}); using what is known`);
    all = lastListed.apps;
    error = err;
  }
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
 * depends on the upstream; without one, an app missing from a list that failed to load is
 * neither opened nor refused: the upstream error is thrown for the caller to report.
 */
export async function findVisibleApp(appId: string): Promise<App | null> {
  const { allowedAppIds } = upstreamConfig();
  if (allowedAppIds.length > 0 && !allowedAppIds.includes(appId)) return null;
  const { apps, error } = await listVisibleApps();
  const app = apps.find((a) => a.id === appId);
  if (app) return app;
  if (error) throw error;
  return null;
}

export async function isAppAllowed(appId: string): Promise<boolean> {
  // An allow-list answers alone: no upstream call (findVisibleApp reads the list for the name).
  const { allowedAppIds } = upstreamConfig();
  if (allowedAppIds.length > 0) return allowedAppIds.includes(appId);
  return (await findVisibleApp(appId)) !== null;
}
