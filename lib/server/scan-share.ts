import "server-only";
import type { ScanBudgetState } from "@/lib/validations/session-quality";
import { inspectorConfig, upstreamConfig } from "./config";
import { processWide } from "./process-wide";
import { log } from "./log";
import { createMemoryBudget, type BudgetSnapshot, type RateBudget } from "./rate-budget";
import { selectBudget } from "./store";
import { currentRequestScope } from "./request-scope";
import { UpstreamError } from "./realtimekit/errors";
import type { UserShare } from "./user-share";

/**
 * The checks' share of the upstream budget (INSPECTOR_SCAN_SHARE_PCT of the token's limit, default
 * half). The session page checks a 1,000-person webinar in batches of 25 through the health API;
 * every upstream request made to answer one of those calls claims a permit of this share as well
 * as of the deployment's budget, so a scan can never take more than its share and pages keep
 * working meanwhile (docs/quality-index.md, "Checking many participants").
 *
 * Checks count against this share INSTEAD of the asking user's share (lib/server/user-share.ts):
 * a webinar is ~1,000 reports, so a scan charged to the user would stop at 25 % of the budget and
 * then lock that user out of every interactive page for the rest of the window. The scan share
 * already caps what checks take from everyone else; interactive requests are charged as before.
 */

const BRAND: unique symbol = Symbol.for("realtimekit-inspector.ScanShareExceeded");

/** Why a participant is not checked yet while the share is spent: the session page shows it. */
export function scanWaitReason(share: number, windowMs: number): string {
  const windowS = Math.round(windowMs / 1000);
  return `Waiting for the checks' share of the upstream budget (${share} requests per ${windowS} s)`;
}

/**
 * Thrown instead of sending a check's request past the checks' share. A rate-limit UpstreamError
 * (kind "budget") with a class of its own, so the health check tells it apart from the deployment's
 * budget or the user's share running out, and answers "waiting" with when to ask again.
 */
export class ScanShareExceeded extends UpstreamError {
  // Branded like UpstreamError: each Next.js bundle has its own copy of this class.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  declare readonly retryAfterS: number;

  constructor(share: number, windowMs: number, retryAfterMs: number) {
    super({
      kind: "budget",
      status: 429,
      path: "(the checks' share of the budget)",
      retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      message: scanWaitReason(share, windowMs),
    });
    this.name = "ScanShareExceeded";
  }
}

/** Requests checks may send per window: the share of the deployment's limit, at least one. */
export function scanShareLimit(limit: number, sharePct: number): number {
  return Math.max(1, Math.floor((limit * sharePct) / 100));
}

export interface ScanShare {
  readonly limit: number;
  readonly windowMs: number;
  /** Claims one request for checks; `ok: false` says how long until one is free. */
  acquire(): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  /** Throws ScanShareExceeded when the share is spent; claims nothing. */
  check(): Promise<void>;
  /** What the health API answers beside its results, so the page can pace its batches. */
  state(): Promise<ScanBudgetState>;
}

function scanShareSpent(snap: BudgetSnapshot): void {
  log.warn(
    { used: snap.used, limit: snap.limit, windowS: snap.windowMs / 1000 },
    "[realtimekit] the checks' share of the budget is spent; checks wait, pages go on",
  );
}

/**
 * A share counted in a sliding window, like the deployment's budget: the window's store is a
 * RateBudget (in memory by default; a shared store can count across instances). Plain data only.
 */
export function createScanShare(opts: {
  /** The deployment's limit per window (REALTIMEKIT_RATE_LIMIT). */
  limit: number;
  windowMs: number;
  sharePct: number;
  now?: () => number;
  store?: RateBudget;
}): ScanShare {
  const limit = scanShareLimit(opts.limit, opts.sharePct);
  const { windowMs } = opts;
  const store =
    opts.store ??
    createMemoryBudget({
      limit,
      windowMs,
      // Read at each call, not captured: tests move the clock.
      now: opts.now ?? (() => Date.now()),
      onThrottle: scanShareSpent,
    });
  return {
    limit,
    windowMs,
    acquire: () => store.acquire(),
    async check() {
      // Read from the store: with a shared one, other instances' checks count too.
      const { retryAfterMs } = await store.read();
      if (retryAfterMs !== null) throw new ScanShareExceeded(limit, windowMs, retryAfterMs);
    },
    async state() {
      const snap = await store.read();
      return {
        limit,
        windowMs,
        used: snap.used,
        retryAfterS: snap.retryAfterMs === null ? null : Math.max(1, Math.ceil(snap.retryAfterMs / 1000)),
      };
    },
  };
}

/**
 * What the upstream client spends through: a check's request claims a permit of the checks' share
 * first (refused: ScanShareExceeded, thrown as is through the transport), then one of the
 * deployment's budget, and never touches the user's share; any other request goes through the
 * user's share as before. `check` is the client's refusal before it starts or joins a call, in the
 * asking request itself, so a spent share refuses only checks, never a page waiting on the same call.
 */
export function withScanShare(opts: {
  /** The deployment's budget, shared by everyone. */
  budget: RateBudget;
  /** Interactive requests' road to the same budget. */
  userShare: UserShare;
  /** The checks' share; asked for only when a check spends (its configuration is read then). */
  scan: () => ScanShare;
  isScan?: () => boolean;
}): { budget: RateBudget; check(): Promise<void> } {
  const isScan = opts.isScan ?? isScanRequest;
  return {
    check: () => (isScan() ? opts.scan().check() : opts.userShare.check()),
    budget: {
      async acquire() {
        if (!isScan()) return opts.userShare.budget.acquire();
        const scan = opts.scan();
        const permit = await scan.acquire();
        if (!permit.ok) throw new ScanShareExceeded(scan.limit, scan.windowMs, permit.retryAfterMs);
        // A permit the deployment then refuses stays spent: the share errs on the side of less.
        return opts.budget.acquire();
      },
      observe: (remaining, resetS) => opts.budget.observe(remaining, resetS),
      snapshot: () => opts.budget.snapshot(),
      read: () => opts.budget.read(),
    },
  };
}

/** Whether the request being served is a health check (the health API marks its scope). */
export function isScanRequest(): boolean {
  return currentRequestScope().scan === true;
}

/** The process's checks' share, from the configuration on first use. */
export function scanShare(): ScanShare {
  return processWide("scan-share", () => {
    const { rateLimit } = upstreamConfig();
    const { scanSharePct } = inspectorConfig();
    const limit = scanShareLimit(rateLimit.requests, scanSharePct);
    return createScanShare({
      limit: rateLimit.requests,
      windowMs: rateLimit.windowMs,
      sharePct: scanSharePct,
      // With REDIS_URL the share is one for all instances, like the deployment's budget.
      store: selectBudget({
        name: "scan",
        limit,
        windowMs: rateLimit.windowMs,
        // Read at each call, not captured: tests move the clock.
        now: () => Date.now(),
        onThrottle: scanShareSpent,
      }),
    });
  });
}
