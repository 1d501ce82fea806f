import "server-only";
import { describeUpstreamFailure } from "@/lib/realtimekit/upstream-failure";
import { describeIssues, type FieldIssue } from "@/lib/validations/query";
import { ConfigError } from "./config";
import { log } from "./log";
import { UpstreamError } from "./realtimekit/errors";

/** The JSON API's error envelope and statuses (docs/errors.md): `{error:{code,message}}`, never a stack. */

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

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
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
    log.error({ problems: err.problems }, "[api] the configuration is invalid");
    return errorResponse(503, "not_configured", "This deployment is not configured correctly; see the server log");
  }
  log.error({ err }, "[api] unexpected error");
  return errorResponse(500, "internal", "Something went wrong while answering; the error was logged");
}

/**
 * Status, code and message for an upstream failure: a fixed message per kind of failure, never
 * the upstream's own text (which can echo the request, token included, or name internal
 * addresses); the transport has logged that, redacted.
 */
export function describeUpstreamError(err: UpstreamError): {
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
} {
  const { status, code, message } = describeUpstreamFailure(err);
  const headers: Record<string, string> =
    (status === 503 || status === 429) && err.retryAfterS ? { "retry-after": String(err.retryAfterS) } : {};
  return { status, code, message, headers };
}
