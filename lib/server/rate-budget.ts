import "server-only";

/**
 * Keeps this deployment under the upstream's per-token rate limit (Cloudflare: 1,200 requests per
 * 5 minutes, after which every call is blocked for the rest of the window). Behind an interface so
 * several instances can share one budget through a common store.
 */
export interface RateBudget {
  /** Claims one request; `ok: false` says how long until one is free. */
  acquire(): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  /** Feeds back the upstream's own `Ratelimit` header, which knows about other clients of the token. */
  observe(remaining: number, resetS: number): void;
  /** The state as this instance last saw it (a shared budget: as of its last claim); never waits. */
  snapshot(): BudgetSnapshot;
  /** The state now, every instance's claims included (a shared budget asks the store). */
  read(): Promise<BudgetSnapshot>;
}

export interface BudgetSnapshot {
  limit: number;
  windowMs: number;
  used: number;
  /** Requests refused since start-up. */
  throttled: number;
  /** Epoch ms until which the upstream told us to hold off, if it did. */
  blockedUntil: number | null;
  /** How long until a request may be sent again; null while there is room. */
  retryAfterMs: number | null;
}

/**
 * A budget's state at `t`, from what it counts: the window is full until its oldest send leaves it
 * (`oldestMs`, when `used` has reached the limit), and the upstream's hold lasts until `heldUntilMs`.
 * The memory budget and the shared one (store/shared-budget.ts) both answer with it.
 */
export function budgetSnapshot(
  b: { limit: number; windowMs: number; used: number; throttled: number; oldestMs: number; heldUntilMs: number },
  t: number,
): BudgetSnapshot {
  const full = b.used >= b.limit && b.oldestMs >= 0 ? b.oldestMs + b.windowMs : 0;
  const freeAt = Math.max(b.heldUntilMs, full);
  return {
    limit: b.limit,
    windowMs: b.windowMs,
    used: b.used,
    throttled: b.throttled,
    blockedUntil: b.heldUntilMs > t ? b.heldUntilMs : null,
    retryAfterMs: freeAt > t ? freeAt - t : null,
  };
}

/**
 * The longest the upstream may make this deployment hold off (Retry-After, or the `t=` of a spent
 * `Ratelimit`): Cloudflare's rate window is 5 minutes, so any longer wait is a bug or an attack,
 * and would block every user until a restart.
 */
export const MAX_UPSTREAM_HOLD_MS = 300_000;

/** The in-memory budget; it can also mirror what a shared budget granted this instance. */
export interface MemoryBudget extends RateBudget {
  /**
   * Counts a request the shared store granted this instance (lib/server/store/shared-budget.ts),
   * so that when Redis goes away the memory budget standing in for it starts from this instance's
   * own recent spending rather than from an empty window (docs/shared-store.md).
   */
  mirror(): void;
}

export function createMemoryBudget(opts: {
  limit: number;
  windowMs: number;
  now?: () => number;
  onThrottle?: (snapshot: BudgetSnapshot) => void;
}): MemoryBudget {
  const now = opts.now ?? Date.now;
  // Timestamps of the requests inside the current sliding window, oldest first.
  const sent: number[] = [];
  let throttled = 0;
  let blockedUntil = 0;
  let reportedEpisode = false;

  const prune = (t: number) => {
    while (sent.length > 0 && (sent[0] as number) <= t - opts.windowMs) sent.shift();
  };

  const snapshot = (): BudgetSnapshot => {
    const t = now();
    prune(t);
    const { limit, windowMs } = opts;
    const oldestMs = sent.length > 0 ? (sent[0] as number) : -1;
    return budgetSnapshot({ limit, windowMs, used: sent.length, throttled, oldestMs, heldUntilMs: blockedUntil }, t);
  };

  const refuse = (retryAfterMs: number) => {
    throttled++;
    // Report once per episode, not once per refused request.
    if (!reportedEpisode) {
      reportedEpisode = true;
      opts.onThrottle?.(snapshot());
    }
    return { ok: false as const, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) };
  };

  return {
    async acquire() {
      const t = now();
      prune(t);
      if (blockedUntil > t) return refuse(blockedUntil - t);
      if (sent.length >= opts.limit) return refuse((sent[0] as number) + opts.windowMs - t);
      reportedEpisode = false;
      sent.push(t);
      return { ok: true as const };
    },
    observe(remaining, resetS) {
      if (remaining <= 0 && resetS > 0)
        blockedUntil = Math.max(blockedUntil, now() + Math.min(resetS * 1000, MAX_UPSTREAM_HOLD_MS));
    },
    mirror() {
      const t = now();
      prune(t);
      sent.push(t);
      // Never more than the limit: the oldest then says when the next request is free.
      if (sent.length > opts.limit) sent.shift();
    },
    snapshot,
    read: async () => snapshot(),
  };
}

/** Parses `Ratelimit: "default";r=<remaining>;t=<seconds>` (Cloudflare, since 2025-09). */
export function parseRateLimitHeader(value: string | null): { remaining: number; resetS: number } | null {
  if (!value) return null;
  const r = /(?:^|;)\s*r=(\d+)/.exec(value);
  const t = /(?:^|;)\s*t=(\d+)/.exec(value);
  if (!r?.[1] || !t?.[1]) return null;
  return { remaining: Number(r[1]), resetS: Number(t[1]) };
}
