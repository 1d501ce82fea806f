import "server-only";
import type { z } from "zod";
import { DEFAULT_MAX_BODY_MB } from "@/lib/server/config";
import { log as serverLog } from "@/lib/server/log";
import {
  MAX_UPSTREAM_HOLD_MS,
  parseRateLimitHeader,
  type BudgetSnapshot,
  type RateBudget,
} from "@/lib/server/rate-budget";
import { countUpstream, currentRequestScope, type RequestScope } from "@/lib/server/request-scope";
import { describeErrorBody, redactSecrets, UpstreamError } from "./errors";

export interface TransportConfig {
  baseUrl: string;
  accountId: string;
  token: string;
  /**
   * Deadline for all the upstream work of one inbound request: every attempt, every wait between
   * them, and every other call made for the same request (see request-scope.ts).
   */
  timeoutMs: number;
  /** Retries after the first attempt (the official SDK uses 2), while the deadline allows. */
  maxRetries: number;
  /** Largest body accepted, counted after decompression (REALTIMEKIT_MAX_BODY_MB). */
  maxBodyBytes?: number;
  budget: RateBudget;
  /** The inbound request's shared state; by default the scope of the request being served. */
  requestScope?: () => RequestScope;
  /** Where failures are reported, with their detail (token redacted). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Fetched<T> {
  data: T;
  /** Size of the body as received (decompressed), for cache accounting and benchmarks. */
  bytes: number;
}

/** Far above the largest real report known (the simulator's 4-hour webinar host: about 3 MB). */
export const DEFAULT_MAX_BODY_BYTES = DEFAULT_MAX_BODY_MB * 1024 * 1024;
/**
 * Longest string kept from a payload. Names, titles and user agents are far shorter (a user agent
 * is a few hundred characters); one 50 MB display name would otherwise be copied into every page,
 * export and summary that shows it. Longer strings are cut, ending in an ellipsis.
 */
export const MAX_STRING_CHARS = 2_000;
/** An error body only has to yield a message for the log. */
const ERROR_BODY_MAX_BYTES = 64 * 1024;

const RETRYABLE = new Set([408, 409, 429]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** The one way this app talks to RealtimeKit: GET, bearer auth, deadline, retries, caps, zod validation. */
export function createTransport(cfg: TransportConfig) {
  const doFetch = cfg.fetch ?? fetch;
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = cfg.random ?? Math.random;
  const now = cfg.now ?? Date.now;
  const scopeOf = cfg.requestScope ?? currentRequestScope;
  const log = cfg.log ?? ((line: string) => serverLog.warn({ upstream: "realtimekit" }, line));
  const maxBodyBytes = cfg.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const redact = (text: string) => redactSecrets(text, cfg.token);
  const root = `${cfg.baseUrl.replace(/\/+$/, "")}/accounts/${encodeURIComponent(cfg.accountId)}/realtime/kit`;

  async function get<S extends z.ZodType>(path: string, schema: S, query: Query = {}): Promise<Fetched<z.output<S>>> {
    const url = new URL(root + path);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    }
    // The first upstream call of a request starts its clock; later ones share what is left.
    const scope = scopeOf();
    scope.deadlineAtMs ??= now() + cfg.timeoutMs;
    const deadlineAtMs = scope.deadlineAtMs;
    let attempt = 0;

    const fail = (err: UpstreamError, attempts: number): never => {
      // Not-found is an everyday answer, and the budget reports its own episodes.
      if (!err.isNotFound && err.kind !== "budget") log(redact(describeForLog("GET", err, attempts)));
      throw err;
    };

    for (;;) {
      const remainingMs = deadlineAtMs - now();
      if (remainingMs <= 0) fail(timedOut(path, cfg.timeoutMs), attempt);

      const permit = await cfg.budget.acquire();
      if (!permit.ok) {
        throw new UpstreamError({ kind: "budget", path, retryAfterS: Math.ceil(permit.retryAfterMs / 1000) });
      }
      // For the request's log line: every attempt sent spends a unit of the budget.
      countUpstream("call", scope).budgetLeft = budgetLeft(cfg.budget.snapshot());

      let failure: UpstreamError;
      let waitMs: number | undefined;
      try {
        const res = await doFetch(url, {
          headers: { authorization: `Bearer ${cfg.token}`, accept: "application/json" },
          signal: AbortSignal.timeout(Math.ceil(remainingMs)),
          cache: "no-store",
          // A redirect would re-send the token (same host) or show another host's data.
          redirect: "manual",
        });
        const limit = parseRateLimitHeader(res.headers.get("ratelimit"));
        if (limit) cfg.budget.observe(limit.remaining, limit.resetS);

        // The Fetch spec gives an opaque status-0 response for a manual redirect; Node's fetch
        // gives the 3xx itself, with its Location.
        if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
          await res.body?.cancel().catch(() => {});
          const location = res.headers.get("location");
          throw new UpstreamError({
            kind: "redirect",
            path,
            status: res.status,
            detail: location ? redact(`Location: ${location}`) : undefined,
          });
        }

        if (res.ok) {
          const body = await readCapped(res, maxBodyBytes);
          if (body.overflow) {
            throw new UpstreamError({
              kind: "too-large",
              path,
              status: res.status,
              message:
                `RealtimeKit sent more than ${formatMb(maxBodyBytes)}, ` +
                "the limit this deployment accepts (REALTIMEKIT_MAX_BODY_MB)",
            });
          }
          const { data, cutStrings } = parseBody(path, body.text, schema, redact);
          if (cutStrings > 0)
            log(
              `[realtimekit] GET ${path}: ${cutStrings} string(s) longer than ${MAX_STRING_CHARS} characters were cut`,
            );
          return { data, bytes: body.bytes };
        }

        const { text } = await readCapped(res, ERROR_BODY_MAX_BYTES);
        const { message, code } = describeErrorBody(text);
        const retryAfterMs = retryAfterFrom(res.headers, now());
        failure = new UpstreamError({
          kind: "http",
          path,
          status: res.status,
          upstreamCode: code,
          detail: message === undefined ? undefined : redact(message),
          retryAfterS: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
          bodySnippet: message ? undefined : redact(text.slice(0, 300)),
        });
        // Cloudflare blocks the token for the rest of its window, for every caller: hold them all off.
        if (res.status === 429) cfg.budget.observe(0, Math.ceil((retryAfterMs ?? 60_000) / 1000));
        if (!shouldRetry(res)) throw failure;
        waitMs = retryAfterMs;
      } catch (err) {
        if (err instanceof UpstreamError) fail(err, attempt + 1);
        failure = networkFailure(path, err, cfg.timeoutMs, redact);
      }

      attempt++;
      const delayMs = waitMs ?? backoff(attempt, random);
      // A wait that would end past the deadline gives up now: the user hears sooner, the same answer.
      if (attempt > cfg.maxRetries || now() + delayMs >= deadlineAtMs) fail(failure, attempt);
      await sleep(delayMs);
    }
  }

  return { get };
}

export type Transport = ReturnType<typeof createTransport>;

/** Requests the deployment may still send in this window (0 while held off). */
export function budgetLeft(snap: BudgetSnapshot): number {
  return snap.retryAfterMs !== null ? 0 : Math.max(0, snap.limit - snap.used);
}

/**
 * Reads a body up to `maxBytes`, counting decompressed bytes as they stream in, so a gzip bomb or
 * a runaway payload costs at most the cap. Past it, stops reading (`overflow`).
 */
export async function readCapped(
  res: Response,
  maxBytes: number,
): Promise<{ text: string; bytes: number; overflow: boolean }> {
  const encoding = res.headers.get("content-encoding");
  const length = res.headers.get("content-length");
  const declared = length === null ? Number.NaN : Number(length);
  if ((!encoding || encoding === "identity") && Number.isSafeInteger(declared) && declared >= 0) {
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      return { text: "", bytes: 0, overflow: true };
    }
    // An unencoded body ends at its declared length, so the whole-body read (faster than the
    // chunk loop below by about 15 ms on the 3 MB report) cannot go past the cap.
    const text = await res.text();
    return { text, bytes: declared, overflow: false };
  }
  if (!res.body) return { text: "", bytes: 0, overflow: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let overflow = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - bytes));
      bytes = maxBytes;
      overflow = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  // TextDecoder, like Response.text(), drops a BOM and replaces invalid UTF-8.
  return { text: new TextDecoder().decode(Buffer.concat(chunks, bytes)), bytes, overflow };
}

function parseBody<S extends z.ZodType>(
  path: string,
  text: string,
  schema: S,
  redact: (text: string) => string,
): { data: z.output<S>; cutStrings: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No `cause`: V8's SyntaxError quotes the body, which may echo the token.
    throw new UpstreamError({
      kind: "invalid-body",
      path,
      status: 200,
      message:
        text.length === 0
          ? "RealtimeKit sent an empty body"
          : "RealtimeKit sent a body that is not valid JSON (truncated or malformed)",
      bodySnippet: redact(text.slice(0, 300)),
    });
  }
  const capped = capStrings(json, MAX_STRING_CHARS);
  const parsed = schema.safeParse(capped.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3);
    // The path and the wording are this app's (field names from its schemas, indexes, the
    // expected type): no value the upstream sent is repeated to users.
    const where = issues.map((i) => `${fieldPath(i.path)}: ${issueText(i)}`).join("; ");
    throw new UpstreamError({
      kind: "invalid-body",
      path,
      status: 200,
      message: redact(`RealtimeKit sent a payload this app cannot read (${where})`),
      detail: redact(issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ")),
    });
  }
  return { data: parsed.data, cutStrings: capped.cut };
}

/** Field names as the schema knows them; a key the upstream chose (a record's) is not repeated. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p) =>
      typeof p === "number"
        ? String(p)
        : typeof p === "string" && /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(p)
          ? p
          : "[key]",
    )
    .join(".");
}

function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return / received undefined$/.test(issue.message)
        ? `missing (expected ${issue.expected})`
        : `expected ${issue.expected}`;
    case "invalid_value":
      return "not one of the known values";
    case "invalid_format":
      return `not a valid ${issue.format}`;
    case "too_big":
    case "too_small":
      return "out of the expected range";
    case "invalid_union":
      return "matches none of the known shapes";
    default:
      return "not as expected";
  }
}

/**
 * Cuts every string longer than `maxChars` (ending it with an ellipsis), in place, without
 * recursion so that deep nesting cannot overflow the stack. Returns the value and how many were cut.
 */
export function capStrings(value: unknown, maxChars: number): { value: unknown; cut: number } {
  if (typeof value === "string")
    return value.length > maxChars ? { value: cutString(value, maxChars), cut: 1 } : { value, cut: 0 };
  let cut = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      const v = obj[key];
      if (typeof v === "string") {
        if (v.length > maxChars) {
          obj[key] = cutString(v, maxChars);
          cut++;
        }
      } else if (v !== null && typeof v === "object") {
        stack.push(v);
      }
    }
  }
  return { value, cut };
}

function cutString(s: string, maxChars: number): string {
  let end = maxChars - 1;
  // Do not split a surrogate pair (an emoji in a name).
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

function shouldRetry(res: Response): boolean {
  // The official SDK lets the server override its choice.
  const hint = res.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE.has(res.status) || res.status >= 500;
}

/**
 * `retry-after-ms`, then `Retry-After` as seconds or an HTTP date, as the official SDK does, capped
 * at the upstream's documented window (5 minutes): a wait of days is a bug or an attack, and would
 * hold off every user of this deployment.
 */
export function retryAfterFrom(headers: Headers, nowMs: number): number | undefined {
  const cap = (ms: number) => Math.min(ms, MAX_UPSTREAM_HOLD_MS);
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return cap(ms);
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return cap(seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? cap(Math.max(0, date - nowMs)) : undefined;
}

/** Exponential from 0.5 s to 8 s, minus up to 25 % jitter so instances don't retry in step. */
export function backoff(attempt: number, random: () => number): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
  return base * (1 - 0.25 * random());
}

function timedOut(path: string, timeoutMs: number, cause?: unknown): UpstreamError {
  return new UpstreamError({
    kind: "timeout",
    path,
    message: `RealtimeKit did not answer within ${formatSeconds(timeoutMs)}`,
    cause,
  });
}

function networkFailure(
  path: string,
  err: unknown,
  timeoutMs: number,
  redact: (text: string) => string,
): UpstreamError {
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError" || name === "AbortError") return timedOut(path, timeoutMs, err);
  const detail =
    err instanceof Error && err.cause instanceof Error
      ? err.cause.message
      : err instanceof Error
        ? err.message
        : String(err);
  // The detail (an internal address, say) is for the log; users read the fixed message.
  return new UpstreamError({ kind: "network", path, detail: redact(detail), cause: err });
}

function describeForLog(method: string, err: UpstreamError, attempts: number): string {
  const facts = [
    err.kind,
    err.status ? `HTTP ${err.status}` : "",
    err.upstreamCode !== undefined ? `code ${err.upstreamCode}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const parts = [`[realtimekit] ${method} ${err.path} failed (${facts}) after ${attempts} attempt(s): ${err.message}`];
  if (err.detail) parts.push(`upstream said: ${err.detail}`);
  // An error page's text helps; a successful answer's is the data itself (names, addresses), so
  // of a 2xx body that could not be read only its start's shape is told, never its text.
  if (err.bodySnippet) {
    const ok = err.status !== undefined && err.status >= 200 && err.status < 300;
    parts.push(
      ok ? `body starts ${JSON.stringify(shapeOf(err.bodySnippet))}` : `body: ${JSON.stringify(err.bodySnippet)}`,
    );
  }
  return parts.join(" — ");
}

/** Letters and digits masked (`{"xxxxxxx": xxxx, …`): enough to tell HTML from cut JSON. */
function shapeOf(text: string): string {
  const mask = (part: string) => part.replace(/[\p{L}\p{N}]/gu, "x");
  return text.slice(0, 60).split("[redacted]").map(mask).join("[redacted]");
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
