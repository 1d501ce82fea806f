import "server-only";
import { appendFile } from "node:fs/promises";
import { after } from "next/server";
import { clientAddress } from "@/lib/auth/client-address";
import { maskAddress } from "@/lib/report/privacy";
import { inspectorConfig, runtimeConfig } from "./config";
import { log } from "./log";

/**
 * The audit trail (docs/privacy.md): one line for every peer report, export and summary a person
 * views — who, what, when, from where — in the structured log, and, when configured, appended to
 * AUDIT_LOG_FILE and POSTed to AUDIT_WEBHOOK_URL. A sink that fails or is slow never fails or
 * holds up the answer: delivery runs after it (Next.js `after`, which Vercel keeps the function
 * alive for), each attempt capped at SINK_TIMEOUT_MS.
 */

export type AuditKind = "peer-page" | "peer-report" | "peer-export" | "session-export" | "session-summary";

export interface AuditWhat {
  kind: AuditKind;
  appId: string;
  sessionId?: string | null;
  peerId?: string;
  /** Exports: json or csv. */
  format?: string;
  /** The peer API: the sections asked for. */
  sections?: readonly string[];
}

export interface AuditLine {
  audit: true;
  /** The signed-in user's e-mail (or account id when the provider gave none). */
  who: string | null;
  what: AuditWhat;
  /** ISO time the view was served. */
  when: string;
  /**
   * The client's address as the sign-in throttle reads it (only from a trusted proxy: README.md),
   * cut to its /24 or /48 like any other address in the log; null without a trusted proxy.
   */
  from: string | null;
  /** Whether the viewer is an admin, who sees IP addresses, user agents and cities unmasked. */
  unmasked: boolean;
  requestId: string | null;
}

export const SINK_TIMEOUT_MS = 1000;
/** A failing sink is reported at most this often, not on every view. */
const WARN_EVERY_MS = 60_000;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The line for one view, from the request's headers. */
export function auditLine(input: {
  who: string | null;
  what: AuditWhat;
  headers: Headers;
  unmasked: boolean;
  now?: number;
}): AuditLine {
  let trusted = false;
  try {
    trusted = runtimeConfig().trustedProxy;
  } catch {
    // unreadable configuration: no address is believed
  }
  const id = input.headers.get("x-request-id");
  return {
    audit: true,
    who: input.who,
    what: input.what,
    when: new Date(input.now ?? Date.now()).toISOString(),
    from: maskAddress(clientAddress(input.headers, trusted)),
    unmasked: input.unmasked,
    requestId: id && REQUEST_ID.test(id) ? id : null,
  };
}

/**
 * Writes one audit line to the log at once and hands it to the sinks. Resolves once every sink has
 * taken it, failed or timed out (tests await it; requests do not need to). Never rejects.
 */
export function audit(input: Parameters<typeof auditLine>[0]): Promise<void> {
  const line = auditLine(input);
  log.info(line, "audit");
  const delivery = deliver(line);
  try {
    // Keeps a serverless function alive until delivery is over, without delaying the answer.
    after(delivery);
  } catch {
    // Outside a request (tests, scripts): nothing to keep alive.
  }
  return delivery;
}

async function deliver(line: AuditLine): Promise<void> {
  let sinks: { file: string | null; webhookUrl: string | null };
  try {
    sinks = inspectorConfig().audit;
  } catch {
    // A configuration problem is reported at start-up and by /api/ready; the log line is written.
    return;
  }
  const body = JSON.stringify(line);
  await Promise.all([
    sinks.file ? toFile(sinks.file, body) : null,
    sinks.webhookUrl ? toWebhook(sinks.webhookUrl, body) : null,
  ]);
}

async function toFile(file: string, body: string): Promise<void> {
  try {
    // One write with O_APPEND: lines from concurrent requests (or processes) do not interleave.
    await withTimeout(appendFile(file, `${body}\n`, { encoding: "utf8", mode: 0o600, flag: "a" }));
  } catch (err) {
    sinkFailed("file", err);
  }
}

async function toWebhook(url: string, body: string): Promise<void> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(SINK_TIMEOUT_MS),
    });
    // The body is not needed; reading it frees the connection.
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new Error(`answered ${res.status}`);
  } catch (err) {
    sinkFailed("webhook", err);
  }
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${SINK_TIMEOUT_MS} ms`)), SINK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const lastWarnedAt = new Map<string, number>();

function sinkFailed(sink: "file" | "webhook", err: unknown): void {
  const now = Date.now();
  if (now - (lastWarnedAt.get(sink) ?? -Infinity) < WARN_EVERY_MS) return;
  lastWarnedAt.set(sink, now);
  // The reason only: a webhook URL may carry a secret in its path or query.
  const reason = err instanceof Error ? (err.name === "TimeoutError" ? "timed out" : err.message) : String(err);
  log.warn({ event: "audit_sink_failed", sink, reason }, "an audit line could not be delivered");
}

/** Forgets when sinks last failed, so each test sees its first warning. */
export function resetAuditWarnings(): void {
  lastWarnedAt.clear();
}
