import "server-only";
import { notFound } from "next/navigation";
import { appIdSchema } from "@/lib/validations/ids";
import { visibleApps } from "./apps";
import type { App } from "@/lib/realtimekit/types";

/**
 * The app a page is about, or why it cannot be shown. A malformed id is a 404 (it never reaches
 * the upstream); an app outside the deployment is reported, not hidden.
 */
export async function appForPage(rawAppId: string): Promise<{ app: App; allowed: true } | { app: null; allowed: false; appId: string }> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawAppId);
  } catch {
    notFound();
  }
  const parsed = appIdSchema.safeParse(decoded);
  if (!parsed.success) notFound();
  const apps = await visibleApps();
  const app = apps.find((a) => a.id === parsed.data);
  return app ? { app, allowed: true } : { app: null, allowed: false, appId: parsed.data };
}
