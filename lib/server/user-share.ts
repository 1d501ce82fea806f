import "server-only";
import type { RateBudget } from "./rate-budget";

/**
 * Each signed-in user's share of the upstream budget. The token's limit (1,200 requests per 5
 * minutes) is shared by everyone, and once it is spent Cloudflare blocks every caller for the rest
 * of the window: one person, or one runaway tab, must not be able to spend it all. Per process and
 * without background work, like the budget it wraps (timestamps are pruned as requests come).
 */

const BRAND: unique symbol = Symbol.for("realtimekit-inspector.UserShareExceeded");

/** Thrown instead of sending a request past the user's share; the JSON API answers it with 429. */
export class UserShareExceeded extends Error {
  // Branded like UpstreamError: each Next.js bundle has its own copy of this class.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly retryAfterS: number;

  constructor(share: number, windowMs: number, retryAfterMs: number) {
    const retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      `You have used your share of this deployment's RealtimeKit requests (${share} per ${Math.round(windowMs / 1000)} s, ` +
        `so that one person cannot use up everyone's); try again in ${retryAfterS} s`,
    );
    this.name = "UserShareExceeded";
    this.retryAfterS = retryAfterS;
  }
}

export function withUserShare(
  budget: RateBudget,
  opts: {
    limit: number;
    windowMs: number;
    sharePct: number;
    /** Who is asking: a stable key per signed-in user, or undefined outside a user's request. */
    user: () => string | undefined;
    now?: () => number;
  },
): RateBudget {
  const now = opts.now ?? Date.now;
  const share = Math.max(1, Math.floor((opts.limit * opts.sharePct) / 100));
  // Per user, the send times inside the window, oldest first.
  const sent = new Map<string, number[]>();

  const prune = (t: number) => {
    for (const [who, times] of sent) {
      while (times.length > 0 && (times[0] as number) <= t - opts.windowMs) times.shift();
      if (times.length === 0) sent.delete(who);
    }
  };

  return {
    async acquire() {
      const who = opts.user();
      if (who === undefined || opts.sharePct >= 100) return budget.acquire();
      const t = now();
      prune(t);
      const times = sent.get(who) ?? [];
      if (times.length >= share) throw new UserShareExceeded(share, opts.windowMs, (times[0] as number) + opts.windowMs - t);
      const permit = await budget.acquire();
      // Only requests actually sent count against the user.
      if (permit.ok) {
        times.push(t);
        sent.set(who, times);
      }
      return permit;
    },
    observe: (remaining, resetS) => budget.observe(remaining, resetS),
    snapshot: () => budget.snapshot(),
  };
}
