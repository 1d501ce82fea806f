import "server-only";
import { requestOrigin } from "@/lib/http/origin";
import { runtimeConfig } from "./config";

/**
 * The origin browsers use for this deployment, for absolute links (ticket summaries, redirects):
 * AUTH_URL's when set, otherwise the one the request was made to.
 */
export function publicOrigin(headers: Headers, fallback: { host: string; protocol: string }): string {
  return runtimeConfig().publicOrigin ?? requestOrigin(headers, fallback);
}
