import { fixedUpstreamMessage, type UpstreamFailureKind } from "@/lib/realtimekit/upstream-failure";

/**
 * One error type for everything that can go wrong talking to RealtimeKit. Its `message` is this
 * app's own words (safe to show: pages and the JSON API do); what the upstream said is in
 * `detail` and `bodySnippet`, for the server log, with the token redacted. Never headers.
 */

export type UpstreamFailure = UpstreamFailureKind;

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
  /** At most 300 characters of the body, for diagnosing unreadable payloads. Log only. */
  readonly bodySnippet: string | undefined;
  /** What the upstream (or the network stack) said, redacted. Log only: never shown to users. */
  readonly detail: string | undefined;

  constructor(init: {
    kind: UpstreamFailure;
    /** This app's own words; defaults to the fixed message of the kind. Never upstream text. */
    message?: string;
    detail?: string;
    path: string;
    status?: number;
    upstreamCode?: string | number;
    retryAfterS?: number;
    bodySnippet?: string;
    cause?: unknown;
  }) {
    super(
      init.message ?? fixedUpstreamMessage(init.kind, init.status ?? 0, init.retryAfterS),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = "UpstreamError";
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.upstreamCode = init.upstreamCode;
    this.path = init.path;
    this.retryAfterS = init.retryAfterS;
    this.bodySnippet = init.bodySnippet?.slice(0, 300);
    this.detail = init.detail;
  }

  get isNotFound(): boolean {
    return this.kind === "http" && this.status === 404;
  }

  get isRateLimited(): boolean {
    return this.kind === "budget" || this.kind === "user-share" || (this.kind === "http" && this.status === 429);
  }
}

const REDACTED = "[redacted]";

/**
 * Removes the API token from text bound for the log: the configured token wherever it appears
 * (an upstream may echo the request), and anything shaped like a bearer credential.
 */
export function redactSecrets(text: string, token: string | undefined): string {
  let out = text;
  // A token this short would redact ordinary words; real API tokens are 40 characters.
  if (token && token.length >= 8) {
    for (const form of new Set([token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)]))
      out = out.split(form).join(REDACTED);
  }
  return out.replace(/\b(bearer)(\s+|%20|\+)[^\s"',;&]+/gi, `$1$2${REDACTED}`);
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
      message:
        parts
          .map((p) => p.message)
          .filter(Boolean)
          .join("; ") || undefined,
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
