import "server-only";
import { notFound } from "next/navigation";
import { appIdSchema } from "@/lib/validations/ids";
import { findVisibleApp } from "./apps";
import { UpstreamError } from "./realtimekit/errors";
import type { App } from "@/lib/realtimekit/types";

/**
 * The app a page is about, or why it cannot be shown. A malformed id is a 404 (it never reaches
 * the upstream); an app outside the deployment is reported, not hidden.
 */
export async function appForPage(
  rawAppId: string,
  /** `name: false` for an access decision alone: with an allow-list, no wait on the apps list. */
  opts: { name?: boolean } = {},
): Promise<
  { app: App; allowed: true } | { app: null; allowed: false; appId: string; checkError: UpstreamError | null }
> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawAppId);
  } catch {
    notFound();
  }
  const parsed = appIdSchema.safeParse(decoded);
  if (!parsed.success) notFound();
  let app: App | null = null;
  let checkError: UpstreamError | null = null;
  try {
    app = await findVisibleApp(parsed.data, opts);
  } catch (err) {
    // The apps list failed and cannot vouch for this app: not shown, and `checkError` says why
    // (not a 404: the app may well exist).
    if (!(err instanceof UpstreamError)) throw err;
    checkError = err;
  }
  return app ? { app, allowed: true } : { app: null, allowed: false, appId: parsed.data, checkError };
}
