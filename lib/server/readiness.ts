import "server-only";
import * as s from "@/lib/realtimekit/schemas";
import { configProblems, upstreamConfig } from "./config";
import { log } from "./log";
import { processWide } from "./process-wide";
import type { BudgetSnapshot } from "./rate-budget";
import { UPSTREAM_APPS_PATH, upstreamBudget } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";
import { budgetLeft, createTransport } from "./realtimekit/http";
import { sharedRedis, storeState } from "./store/redis";

/**
 * What `/api/ready` answers (README.md, "Logs and probes"): whether this instance can serve, as a
 * load balancer or an orchestrator asks before sending it traffic. Liveness is `/api/health`.
 * Nothing here is secret: no configuration value, no error text from RealtimeKit or Redis (those
 * go to the log), only which check fails and its kind of failure.
 */

/** How long one answer of RealtimeKit stands for all the probes after it: probes cannot spend the budget. */
export const UPSTREAM_CHECK_TTL_MS = 30_000;
/** A probe waits at most this for RealtimeKit (less than load balancers' usual probe timeout). */
const UPSTREAM_CHECK_TIMEOUT_MS = 5_000;

export type CheckName = "config" | "upstream" | "store" | "budget";

export interface UpstreamCheck {
  ok: boolean;
  /** When RealtimeKit last answered this check (ISO), or when it failed to. */
  checkedAt: string | null;
  /** A failure's kind: `http 401`, `timeout`, `network`, `invalid-body`, `not configured`. */
  error?: string;
  /** Not asked this time: the budget is spent (RealtimeKit is holding this deployment off). */
  skipped?: "budget";
}

export interface Readiness {
  ready: boolean;
  /** The checks that fail, by name; empty when ready. */
  failing: CheckName[];
  checks: {
    config: { ok: boolean; problems: number };
    upstream: UpstreamCheck;
    store: { ok: boolean; configured: boolean; connected: boolean };
    /**
     * Reported, never failing: the budget is the token's, spent alike by every instance, so taking
     * this one out of rotation would not help; pages meanwhile say RealtimeKit is holding off.
     */
    budget: {
      ok: true;
      limit: number;
      windowS: number;
      used: number;
      left: number;
      blockedUntil: string | null;
    } | null;
  };
}

export interface StoreProbe {
  /** Asks the store something (a PING); throws when it cannot answer. */
  ping(): Promise<void>;
  state(): { configured: boolean; connected: boolean; lastError: string | null };
}

export interface ReadinessDeps {
  problems: () => string[];
  /** One cheap RealtimeKit call with the deployment's token (the first page of the apps list). */
  callUpstream: () => Promise<void>;
  /** The budget now, every instance's claims included. */
  budget: () => BudgetSnapshot | Promise<BudgetSnapshot>;
  /** The shared store, or null when REDIS_URL is not set (nothing to check). */
  store: () => Promise<StoreProbe | null>;
  now?: () => number;
}

/** Runs every check; the upstream's answer is reused for UPSTREAM_CHECK_TTL_MS. */
export function createReadiness(deps: ReadinessDeps) {
  const now = deps.now ?? Date.now;
  let last: { atMs: number; result: UpstreamCheck } | null = null;
  let inflight: Promise<UpstreamCheck> | null = null;

  async function checkUpstream(): Promise<UpstreamCheck> {
    if (last && now() - last.atMs < UPSTREAM_CHECK_TTL_MS) return last.result;
    // Probes arriving together share one call.
    inflight ??= (async (): Promise<UpstreamCheck> => {
      const atMs = now();
      const checkedAt = new Date(atMs).toISOString();
      let result: UpstreamCheck;
      try {
        await deps.callUpstream();
        result = { ok: true, checkedAt };
      } catch (err) {
        if (err instanceof UpstreamError && err.kind === "budget") {
          // Spent budget: nothing was sent, and nothing is known anew. Kept only briefly.
          return { ok: last?.result.ok ?? true, checkedAt: last?.result.checkedAt ?? null, skipped: "budget" };
        }
        const error = failureKind(err);
        // RealtimeKit rate limiting this token answered it: reachable, the token authenticated.
        result = error === "http 429" ? { ok: true, checkedAt } : { ok: false, checkedAt, error };
        if (!result.ok) log.warn({ check: "upstream", error }, "readiness: RealtimeKit check failed");
      }
      last = { atMs, result };
      return result;
    })().finally(() => {
      inflight = null;
    });
    return inflight as Promise<UpstreamCheck>;
  }

  async function checkStore(): Promise<Readiness["checks"]["store"]> {
    let probe: StoreProbe | null;
    try {
      probe = await deps.store();
    } catch (err) {
      log.warn({ check: "store", error: (err as Error).message }, "readiness: the shared store could not be opened");
      return { ok: false, configured: true, connected: false };
    }
    if (!probe) return { ok: true, configured: false, connected: false };
    try {
      await probe.ping();
    } catch {
      // The connection has logged the outage (once); its state says what it last heard.
    }
    const state = probe.state();
    return { ok: state.connected, configured: true, connected: state.connected };
  }

  return async function readiness(): Promise<Readiness> {
    const problems = deps.problems();
    const configured = problems.length === 0;
    if (!configured) log.warn({ check: "config", problems }, "readiness: the configuration is invalid");
    const [upstream, store] = await Promise.all([
      configured
        ? checkUpstream()
        : Promise.resolve<UpstreamCheck>({ ok: false, checkedAt: null, error: "not configured" }),
      configured ? checkStore() : Promise.resolve({ ok: false, configured: false, connected: false }),
    ]);
    const snap = configured ? await deps.budget() : null;
    const checks: Readiness["checks"] = {
      config: { ok: configured, problems: problems.length },
      upstream,
      store,
      budget: snap && {
        ok: true,
        limit: snap.limit,
        windowS: snap.windowMs / 1000,
        used: snap.used,
        left: budgetLeft(snap),
        blockedUntil: snap.blockedUntil === null ? null : new Date(snap.blockedUntil).toISOString(),
      },
    };
    const failing = (Object.keys(checks) as CheckName[]).filter((name) => checks[name] && !checks[name]?.ok);
    return { ready: failing.length === 0, failing, checks };
  };
}

function failureKind(err: unknown): string {
  if (err instanceof UpstreamError) return err.kind === "http" ? `http ${err.status}` : err.kind;
  return "error";
}

/** The process's readiness, from the configuration, the shared upstream budget and the store. */
export function readiness(): Promise<Readiness> {
  return processWide("readiness", () =>
    createReadiness({
      problems: configProblems,
      budget: () => upstreamBudget().read(),
      callUpstream: async () => {
        const config = upstreamConfig();
        // Its own transport: no retries, no response cache (a cached list says nothing about the
        // token now), but the deployment's budget, which it spends once per UPSTREAM_CHECK_TTL_MS.
        const transport = createTransport({
          ...config,
          timeoutMs: Math.min(config.timeoutMs, UPSTREAM_CHECK_TIMEOUT_MS),
          maxRetries: 0,
          budget: upstreamBudget(),
        });
        await transport.get(UPSTREAM_APPS_PATH, s.listAppsSchema, { page_no: 1, per_page: 1 });
      },
      store: sharedStoreProbe,
    }),
  )();
}

/** The shared store's probe, or null without REDIS_URL (nothing to probe, no connection made). */
async function sharedStoreProbe(): Promise<StoreProbe | null> {
  const redis = sharedRedis();
  if (!redis) return null;
  return {
    ping: async () => {
      await redis.run((client) => client.ping());
    },
    state: storeState,
  };
}
