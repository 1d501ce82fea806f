import "server-only";
import type { App } from "@/lib/realtimekit/types";
import { upstreamConfig } from "./env";
import { realtimeKit } from "./realtimekit/client";

/** The apps this deployment may show: REALTIMEKIT_APP_IDS if set, else every app the token lists. */
export async function visibleApps(): Promise<App[]> {
  const { allowedAppIds } = upstreamConfig();
  const all = await realtimeKit().listAllApps();
  if (allowedAppIds.length === 0) return all;
  const listed = new Map(all.map((a) => [a.id, a]));
  // An allowed app the token cannot list still shows (by id) rather than silently vanishing.
  return allowedAppIds.map((id) => listed.get(id) ?? { id, name: null, createdAt: null });
}

export async function isAppAllowed(appId: string): Promise<boolean> {
  const { allowedAppIds } = upstreamConfig();
  if (allowedAppIds.length > 0) return allowedAppIds.includes(appId);
  return (await realtimeKit().listAllApps()).some((a) => a.id === appId);
}
