import "server-only";
import { UpstreamError } from "./realtimekit/errors";
import type { RateBudget } from "./rate-budget";

/**
 * Each signed-in user's share of the upstream budget. The token's limit (1,200 requests per 5
 * minutes) is shared by everyone, and once it is spent Cloudflare blocks every caller for the rest
 * of the window: one person, or one runaway tab, must not be able to spend it all.
 *
 * Refusing and counting are separate steps. The client checks the share before it starts (or joins)
 * an upstream call, in the asking user's own request, so a refusal reaches only that user; requests
 * actually sent are then counted against whoever started the call, never refused halfway (its
 * retries included), so a call other users wait on cannot fail with one user's refusal.
 */

const BRAND: unique symbol = Symbol.for("realtimekit-inspector.UserShareExceeded");

/**
 * Thrown instead of sending a request past the user's share. An UpstreamError (kind "user-share"),
 * so every page that reports upstream failures shows it as a notice; the JSON API answers 429.
 */
export class UserShareExceeded extends UpstreamError {
  // Branded like UpstreamError: each Next.js bundle has its own copy of this class.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  declare readonly retryAfterS: number;

  constructor(share: number, windowMs: number, retryAfterMs: number) {
    const retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super({
      kind: "user-share",
      status: 429,
      path: "(your share of the budget)",
      retryAfterS,
      message:
        "You have used your share of this deployment's RealtimeKit requests " +
        `(${share} per ${Math.round(windowMs / 1000)} s, ` +
        `so that one person cannot use up everyone's); try again in ${retryAfterS} s`,
    });
    this.name = "UserShareExceeded";
  }
}

/**
 * Where the requests each user sent are counted. Behind an interface, like the response cache and
 * the rate budget, so a shared store (e.g. a Redis sorted set per user) can count across
 * instances; the in-memory default counts per process. Plain data only.
 */
export interface UserShareStore {
  /** How many requests `who` sent after `sinceMs`, and when the oldest of those was sent. */
  recent(who: string, sinceMs: number): Promise<{ count: number; oldestMs: number | null }>;
  /** Counts one request sent for `who` at `atMs`; counts older than `windowMs` may be forgotten. */
  record(who: string, atMs: number, windowMs: number): Promise<void>;
}

export function createMemoryUserShareStore(): UserShareStore {
  // Per user, the send times, oldest first; pruned as requests come (no background work).
  const sent = new Map<string, number[]>();
  const prune = (who: string, sinceMs: number) => {
    const times = sent.get(who);
    if (!times) return [];
    while (times.length > 0 && (times[0] as number) <= sinceMs) times.shift();
    if (times.length === 0) sent.delete(who);
    return times;
  };
  return {
    async recent(who, sinceMs) {
      const times = prune(who, sinceMs);
      return { count: times.length, oldestMs: times[0] ?? null };
    },
    async record(who, atMs, windowMs) {
      const times = prune(who, atMs - windowMs);
      times.push(atMs);
      sent.set(who, times);
      // Bound memory under many users: forget the least recently active first.
      if (sent.size > 10_000) for (const k of [...sent.keys()].slice(0, sent.size - 10_000)) sent.delete(k);
    },
  };
}

export interface UserShare {
  /** The budget the transport spends through: requests it lets through count against the user. */
  budget: RateBudget;
  /** Throws UserShareExceeded when the asking user has spent their share; counts nothing. */
  check(): Promise<void>;
}

export function withUserShare(
  budget: RateBudget,
  opts: {
    limit: number;
    windowMs: number;
    sharePct: number;
    /** Who is asking: a stable key per signed-in user, or undefined outside a user's request. */
    user: () => string | undefined | Promise<string | undefined>;
    store?: UserShareStore;
    now?: () => number;
  },
): UserShare {
  const now = opts.now ?? Date.now;
  const store = opts.store ?? createMemoryUserShareStore();
  const share = Math.max(1, Math.floor((opts.limit * opts.sharePct) / 100));
  const off = opts.sharePct >= 100;

  return {
    async check() {
      if (off) return;
      const who = await opts.user();
      if (who === undefined) return;
      const t = now();
      const { count, oldestMs } = await store.recent(who, t - opts.windowMs);
      if (count >= share) throw new UserShareExceeded(share, opts.windowMs, (oldestMs ?? t) + opts.windowMs - t);
    },
    budget: {
      async acquire() {
        const permit = await budget.acquire();
        // Only requests actually sent count against the user.
        if (permit.ok && !off) {
          const who = await opts.user();
          if (who !== undefined) await store.record(who, now(), opts.windowMs);
        }
        return permit;
      },
      observe: (remaining, resetS) => budget.observe(remaining, resetS),
      snapshot: () => budget.snapshot(),
      read: () => budget.read(),
    },
  };
}
