/**
 * What a user is told when RealtimeKit fails: one fixed message per kind of failure, so nothing
 * the upstream sent (an echoed request with its bearer token, an internal address in a connection
 * error) reaches the API's JSON or a page. The upstream's own words go to the server log only.
 * Pure: shared by the JSON API's error envelope and the pages' error notice.
 */

export type UpstreamFailureKind =
  | "http" // the upstream answered with a non-2xx, non-3xx status
  | "timeout" // no complete answer within the request's deadline
  | "network" // connection refused, reset, DNS…
  | "invalid-body" // 2xx, but the body was not JSON or not the expected shape
  | "too-large" // the body was larger than the configured cap
  | "redirect" // a 3xx: never followed (it would send the token, or show another host's data)
  | "budget" // our own rate budget refused to send the request
  | "user-share"; // this user has spent their share of the budget (lib/server/user-share.ts)

export interface UpstreamFailureFacts {
  kind: UpstreamFailureKind;
  /** HTTP status the upstream sent (0 when it sent none). */
  status: number;
  retryAfterS?: number;
  /** Only read for the kinds whose message this app composes from its own values (see below). */
  message: string;
}

export interface UpstreamFailureView {
  /** Status of the JSON API's answer (the table in docs/errors.md). */
  status: number;
  code: string;
  message: string;
  /** What the reader can do about it, for pages. */
  hint: string;
}

const RELOAD = "Reload to try again. If it persists, check Cloudflare's status page and the server log.";

/** The fixed message for a failure whose text must not come from the upstream. */
export function fixedUpstreamMessage(kind: UpstreamFailureKind, status: number, retryAfterS?: number): string {
  switch (kind) {
    case "budget":
      return `RealtimeKit's rate limit was reached${retryAfterS ? `; try again in ${retryAfterS} s` : ""}`;
    case "user-share":
      return (
        "You have used your share of this deployment's RealtimeKit requests" +
        (retryAfterS ? `; try again in ${retryAfterS} s` : "")
      );
    case "timeout":
      return "RealtimeKit did not answer in time";
    case "network":
      return "Could not reach RealtimeKit";
    case "invalid-body":
      return "RealtimeKit sent a payload this app cannot read";
    case "too-large":
      return "RealtimeKit sent a response larger than this deployment accepts";
    case "redirect":
      return `RealtimeKit answered with a redirect${status ? ` (HTTP ${status})` : ""}, which this app does not follow`;
    case "http":
      if (status === 429) return fixedUpstreamMessage("budget", status, retryAfterS);
      if (status === 401 || status === 403)
        return (
          "RealtimeKit refused this deployment's API token; " + "check CLOUDFLARE_API_TOKEN and its Realtime permission"
        );
      if (status === 404) return "Not found in RealtimeKit";
      if (status >= 500) return `RealtimeKit failed (HTTP ${status})`;
      return `RealtimeKit rejected the request (HTTP ${status})`;
  }
}

/**
 * Status, code, message and hint for a failure. Kinds whose message carries only this app's own
 * values (the timeout in seconds, the body cap, the field path a payload failed at) keep it; the
 * rest always read the fixed text, whatever the error was built with.
 */
export function describeUpstreamFailure(f: UpstreamFailureFacts): UpstreamFailureView {
  const own = f.message || fixedUpstreamMessage(f.kind, f.status, f.retryAfterS);
  const fixed = fixedUpstreamMessage(f.kind, f.status, f.retryAfterS);
  if (f.kind === "budget" || (f.kind === "http" && f.status === 429)) {
    return {
      status: 503,
      code: "rate_limited",
      message: fixed,
      hint: "The deployment is holding off to stay under RealtimeKit's rate limit. Wait a moment and reload.",
    };
  }
  switch (f.kind) {
    case "user-share":
      // The message names only this app's own figures (the share, the window).
      return {
        status: 429,
        code: "user_rate_limited",
        message: own,
        hint: "The limit is per person, so that one user cannot use up everyone's; other users are not affected.",
      };
    case "timeout":
      return {
        status: 504,
        code: "upstream_timeout",
        message: own,
        hint: "RealtimeKit is slow to answer. Reload to try again.",
      };
    case "invalid-body":
      return { status: 502, code: "upstream_unreadable", message: own, hint: RELOAD };
    case "too-large":
      return {
        status: 502,
        code: "upstream_too_large",
        message: own,
        hint: "An operator can raise REALTIMEKIT_MAX_BODY_MB if this data is genuine.",
      };
    case "redirect":
      return {
        status: 502,
        code: "upstream_redirect",
        message: fixed,
        hint: "Check CLOUDFLARE_API_BASE_URL; the API should answer directly.",
      };
    case "network":
      return { status: 502, code: "upstream_unreachable", message: fixed, hint: RELOAD };
    case "http":
      if (f.status === 404)
        return {
          status: 404,
          code: "not_found",
          message: fixed,
          hint: "Check the id; it may belong to another app or have expired.",
        };
      if (f.status === 401 || f.status === 403)
        return {
          status: 502,
          code: "upstream_auth",
          message: fixed,
          hint: "An operator needs to fix the deployment's API token.",
        };
      return { status: 502, code: "upstream_error", message: fixed, hint: RELOAD };
  }
}
