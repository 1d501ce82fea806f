/**
 * One error type for everything that can go wrong talking to RealtimeKit. It carries what an
 * operator needs (status, upstream code and message, the path) and never headers or the token.
 */

export type UpstreamFailure =
  | "http" // the upstream answered with a non-2xx status
  | "timeout" // no answer within the deadline
  | "network" // connection refused, reset, DNS…
  | "invalid-body" // 2xx, but the body was not JSON or not the expected shape
  | "budget"; // our own rate budget refused to send the request

/**
 * Marks every UpstreamError, and `instanceof` reads the mark rather than the prototype: each
 * Next.js bundle has its own copy of this class, and the process-wide client (and its coalesced
 * calls) may throw another bundle's.
 */
const BRAND: unique symbol = Symbol.for("realtimekit-inspector.UpstreamError");

export class UpstreamError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly kind: UpstreamFailure;
  /** HTTP status the upstream sent (0 when it sent none). */
  readonly status: number;
  /** The upstream's own error code (RealtimeKit's HTTP-like code, or Cloudflare's 4-digit one). */
  readonly upstreamCode: string | number | undefined;
  /** Path (without query) of the request that failed, for logs. */
  readonly path: string;
  /** Seconds the upstream (or our budget) asked us to wait, when known. */
  readonly retryAfterS: number | undefined;
  /** At most 300 characters of the body, for diagnosing unreadable payloads. */
  readonly bodySnippet: string | undefined;

  constructor(init: {
    kind: UpstreamFailure;
    message: string;
    path: string;
    status?: number;
    upstreamCode?: string | number;
    retryAfterS?: number;
    bodySnippet?: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "UpstreamError";
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.upstreamCode = init.upstreamCode;
    this.path = init.path;
    this.retryAfterS = init.retryAfterS;
    this.bodySnippet = init.bodySnippet?.slice(0, 300);
  }

  get isNotFound(): boolean {
    return this.kind === "http" && this.status === 404;
  }

  get isRateLimited(): boolean {
    return this.kind === "budget" || (this.kind === "http" && this.status === 429);
  }
}

/**
 * Reads the message out of any of the three error shapes the upstream uses:
 * RealtimeKit's `{success:false, error:{code,message}}`, Cloudflare's gateway
 * `{success:false, errors:[{code,message}]}`, and a bare `{message}` (401s).
 */
export function describeErrorBody(text: string): { message?: string; code?: string | number } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;

  const err = b.error;
  if (err && typeof err === "object") {
    const e = err as Record<string, unknown>;
    return { message: asText(e.message), code: asCode(e.code) };
  }
  if (typeof err === "string") return { message: err };

  if (Array.isArray(b.errors) && b.errors.length > 0) {
    const parts = b.errors
      .filter((e): e is Record<string, unknown> => !!e && typeof e === "object")
      .map((e) => ({ message: asText(e.message), code: asCode(e.code) }));
    const first = parts[0];
    return {
      message: parts.map((p) => p.message).filter(Boolean).join("; ") || undefined,
      code: first?.code,
    };
  }
  return { message: asText(b.message) };
}

function asText(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, 500) : undefined;
}

function asCode(v: unknown): string | number | undefined {
  return typeof v === "string" || typeof v === "number" ? v : undefined;
}
