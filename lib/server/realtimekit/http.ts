import "server-only";
import type { z } from "zod";
import { parseRateLimitHeader, type RateBudget } from "@/lib/server/rate-budget";
import { describeErrorBody, UpstreamError } from "./errors";

export interface TransportConfig {
  baseUrl: string;
  accountId: string;
  token: string;
  /** Deadline for one attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (the official SDK uses 2). */
  maxRetries: number;
  /** Deadline for all attempts and waits together; a longer Retry-After gives up at once. */
  maxElapsedMs: number;
  budget: RateBudget;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Fetched<T> {
  data: T;
  /** Size of the body as received, for cache accounting and benchmarks. */
  bytes: number;
}

const RETRYABLE = new Set([408, 409, 429]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** The one way this app talks to RealtimeKit: GET, bearer auth, deadline, retries, zod validation. */
export function createTransport(cfg: TransportConfig) {
  const doFetch = cfg.fetch ?? fetch;
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = cfg.random ?? Math.random;
  const now = cfg.now ?? Date.now;
  const root = `${cfg.baseUrl.replace(/\/+$/, "")}/accounts/${encodeURIComponent(cfg.accountId)}/realtime/kit`;

  async function get<S extends z.ZodType>(
    path: string,
    schema: S,
    query: Query = {},
  ): Promise<Fetched<z.output<S>>> {
    const url = new URL(root + path);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    }
    const started = now();
    let attempt = 0;

    for (;;) {
      const permit = await cfg.budget.acquire();
      if (!permit.ok) {
        throw new UpstreamError({
          kind: "budget",
          path,
          message: "Upstream request budget exhausted; holding off to stay under the RealtimeKit rate limit",
          retryAfterS: Math.ceil(permit.retryAfterMs / 1000),
        });
      }

      let failure: UpstreamError;
      let waitMs: number | undefined;
      try {
        const res = await doFetch(url, {
          headers: { authorization: `Bearer ${cfg.token}`, accept: "application/json" },
          signal: AbortSignal.timeout(cfg.timeoutMs),
          cache: "no-store",
        });
        const limit = parseRateLimitHeader(res.headers.get("ratelimit"));
        if (limit) cfg.budget.observe(limit.remaining, limit.resetS);
        const text = await res.text();

        if (res.ok) return { data: parseBody(path, text, schema), bytes: Buffer.byteLength(text) };

        const { message, code } = describeErrorBody(text);
        const retryAfterMs = retryAfterFrom(res.headers, now());
        failure = new UpstreamError({
          kind: "http",
          path,
          status: res.status,
          upstreamCode: code,
          message: message ?? `RealtimeKit answered HTTP ${res.status}`,
          retryAfterS: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
          bodySnippet: message ? undefined : text,
        });
        // Cloudflare blocks the token for the rest of its window, for every caller: hold them all off.
        if (res.status === 429) cfg.budget.observe(0, Math.ceil((retryAfterMs ?? 60_000) / 1000));
        if (!shouldRetry(res)) throw failure;
        waitMs = retryAfterMs;
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        failure = networkFailure(path, err, cfg.timeoutMs);
      }

      attempt++;
      const delay = waitMs ?? backoff(attempt, random);
      if (attempt > cfg.maxRetries || now() - started + delay > cfg.maxElapsedMs) throw failure;
      await sleep(delay);
    }
  }

  return { get, root };
}

export type Transport = ReturnType<typeof createTransport>;

function parseBody<S extends z.ZodType>(path: string, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new UpstreamError({
      kind: "invalid-body",
      path,
      status: 200,
      message: text.length === 0 ? "RealtimeKit sent an empty body" : "RealtimeKit sent a body that is not valid JSON (truncated or malformed)",
      bodySnippet: text,
      cause,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
      .join("; ");
    throw new UpstreamError({
      kind: "invalid-body",
      path,
      status: 200,
      message: `RealtimeKit sent a payload this app cannot read (${where})`,
    });
  }
  return parsed.data;
}

function shouldRetry(res: Response): boolean {
  // The official SDK lets the server override its choice.
  const hint = res.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE.has(res.status) || res.status >= 500;
}

/** `retry-after-ms`, then `Retry-After` as seconds or an HTTP date, as the official SDK does. */
export function retryAfterFrom(headers: Headers, nowMs: number): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Exponential from 0.5 s to 8 s, minus up to 25 % jitter so instances don't retry in step. */
export function backoff(attempt: number, random: () => number): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
  return base * (1 - 0.25 * random());
}

function networkFailure(path: string, err: unknown, timeoutMs: number): UpstreamError {
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new UpstreamError({ kind: "timeout", path, message: `RealtimeKit did not answer within ${timeoutMs} ms`, cause: err });
  }
  const detail = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
  return new UpstreamError({ kind: "network", path, message: `Could not reach RealtimeKit (${detail})`, cause: err });
}
