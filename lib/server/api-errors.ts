import "server-only";
import { describeIssues, type FieldIssue } from "@/lib/validations/query";
import { ConfigError } from "./env";
import { UpstreamError } from "./realtimekit/errors";

/** The JSON API's error envelope and statuses (DESIGN.md): `{error:{code,message}}`, never a stack. */

const PRIVATE = { "cache-control": "private, no-store" };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(data, { status: init.status ?? 200, headers: { ...PRIVATE, ...init.headers } });
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message } }, { status, headers });
}

export function badRequest(issues: FieldIssue[]): ApiError {
  return new ApiError(400, "bad_request", describeIssues(issues));
}

/** Maps anything thrown in a route handler to the API's envelope. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message, err.headers);
  if (err instanceof UpstreamError) {
    const { status, code, message, headers } = describeUpstreamError(err);
    return errorResponse(status, code, message, headers);
  }
  if (err instanceof ConfigError) {
    console.error(`[api] ${err.message}`);
    return errorResponse(503, "not_configured", "This deployment is not configured correctly; see the server log");
  }
  console.error("[api] unexpected error", err);
  return errorResponse(500, "internal", "Something went wrong while answering; the error was logged");
}

/** Status, code and a message an engineer can act on, for an upstream failure. */
export function describeUpstreamError(err: UpstreamError): { status: number; code: string; message: string; headers: Record<string, string> } {
  const retry: Record<string, string> = err.retryAfterS ? { "retry-after": String(err.retryAfterS) } : {};
  if (err.kind === "budget" || (err.kind === "http" && err.status === 429)) {
    return {
      status: 503,
      code: "rate_limited",
      message: `RealtimeKit's rate limit was reached${err.retryAfterS ? `; try again in ${err.retryAfterS} s` : ""}`,
      headers: retry,
    };
  }
  if (err.kind === "timeout") return { status: 504, code: "upstream_timeout", message: err.message, headers: {} };
  if (err.kind === "http" && err.status === 404) return { status: 404, code: "not_found", message: `Not found in RealtimeKit: ${err.message}`, headers: {} };
  if (err.kind === "http" && (err.status === 401 || err.status === 403)) {
    return {
      status: 502,
      code: "upstream_auth",
      message: "RealtimeKit refused this deployment's API token; check CLOUDFLARE_API_TOKEN and its Realtime permission",
      headers: {},
    };
  }
  if (err.kind === "invalid-body") return { status: 502, code: "upstream_unreadable", message: err.message, headers: {} };
  return { status: 502, code: "upstream_error", message: `RealtimeKit failed: ${err.message}`, headers: {} };
}

