import "server-only";
import {
  budgetSnapshot,
  createMemoryBudget,
  MAX_UPSTREAM_HOLD_MS,
  type BudgetSnapshot,
  type RateBudget,
} from "../rate-budget";
import { script, type RedisConnection } from "./redis";

/**
 * A rate budget every instance claims from (docs/shared-store.md): the same sliding window as the
 * memory budget (a sorted set of send times), checked and claimed in one Lua script, so concurrent
 * claims from any number of instances never exceed the limit. The upstream's hold (its `Ratelimit`
 * header, a capped `Retry-After`) is a key of its own that every instance's claims respect.
 *
 * Not rate-limiter-flexible: its Redis limiter counts in fixed windows, which lets twice the limit
 * through across a window's edge (1,200 at 4:59 and 1,200 more at 5:01), exactly the overspend
 * that makes Cloudflare block the token for 5 minutes; the memory budget's tests pin the sliding
 * window, and this one passes them too.
 */

// Redis's own clock, one for every instance: instances' clocks may disagree by seconds or more,
// and a send stamped by a clock ahead would prune the others' sends early (an overspend). Scripts
// may read TIME since Redis 5 (effects replication). ARGV[1] is a test's clock, or empty.
export const REDIS_NOW = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// KEYS: the window's sorted set, the hold. ARGV: clock, window, limit, member, "claim" or "read".
// Replies {granted, used, oldest send (or -1), held until (or 0), now}, all times Redis's.
const CLAIM = `${REDIS_NOW}
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local held = tonumber(redis.call('GET', KEYS[2]) or '0')
local granted = 0
if ARGV[5] == 'claim' and held <= now and used < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  used = used + 1
  granted = 1
end
local oldest = -1
if used > 0 then oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) end
return {granted, used, oldest, held, now}
`;

// KEYS: the hold. ARGV: clock, hold (ms). Only ever lengthens it.
const HOLD = `${REDIS_NOW}
local untilMs = now + tonumber(ARGV[2])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[2])
end
return 1
`;

type ClaimReply = [granted: number, used: number, oldestMs: number, heldUntilMs: number, nowMs: number];

export interface SharedBudgetOptions {
  /** Which budget: "deployment", "scan"… (a key part). */
  name: string;
  limit: number;
  windowMs: number;
  /** This instance's clock: the memory budget's, and the snapshot's. */
  now?: () => number;
  /** Tests only: the clock sends are stamped with in Redis instead of Redis's own TIME. */
  storeNow?: () => number;
  onThrottle?: (snapshot: BudgetSnapshot) => void;
}

/**
 * The budget in Redis, falling back to a memory budget (this instance alone) for each call Redis
 * cannot answer. That memory budget mirrors this instance's claims granted in Redis and the holds
 * it was told of, so an outage starts from what this instance spent, not from an empty window.
 */
export function createSharedBudget(redis: RedisConnection, opts: SharedBudgetOptions): RateBudget {
  const now = opts.now ?? Date.now;
  const memory = createMemoryBudget(opts);
  // One hash tag, so both keys sit in one slot of a clustered Redis.
  const base = `${redis.prefix}{budget:${opts.name}}`;
  const keys = [`${base}:sent`, `${base}:hold`];
  const clock = () => (opts.storeNow ? opts.storeNow() : "");
  let throttled = 0;
  let reportedEpisode = false;
  // As of the last reply (at `seenAt`), for the synchronous snapshot; in this instance's time.
  let seen = { used: 0, oldestMs: -1, heldUntilMs: 0 };
  let seenAt = -Infinity;
  // The upstream's hold as this instance was told it (its own time), honoured whether or not
  // writing it to Redis worked.
  let heldHereUntilMs = 0;
  // A hold being written: a claim right after it must see it.
  let holding: Promise<unknown> = Promise.resolve();

  const view = (s: typeof seen, t: number): BudgetSnapshot =>
    budgetSnapshot(
      {
        limit: opts.limit,
        windowMs: opts.windowMs,
        used: s.used,
        throttled,
        oldestMs: s.oldestMs,
        heldUntilMs: Math.max(s.heldUntilMs, heldHereUntilMs),
      },
      t,
    );

  const ask = async (mode: "claim" | "read", t: number) => {
    await holding;
    const member = `${t}:${Math.random().toString(36).slice(2)}`;
    const [granted, used, oldestMs, heldUntilMs, storeNowMs] = await redis.run((c) =>
      script<ClaimReply>(c, CLAIM, keys, [clock(), opts.windowMs, opts.limit, member, mode]),
    );
    // Redis's times, moved to this instance's clock for the snapshot (durations are the same on both).
    const skewMs = Number(storeNowMs) - t;
    seen = {
      used: Number(used),
      oldestMs: Number(oldestMs) < 0 ? -1 : Number(oldestMs) - skewMs,
      heldUntilMs: Number(heldUntilMs) > 0 ? Number(heldUntilMs) - skewMs : 0,
    };
    seenAt = t;
    return granted === 1;
  };

  const refuse = (t: number) => {
    throttled++;
    const snap = view(seen, t);
    if (!reportedEpisode) {
      reportedEpisode = true;
      opts.onThrottle?.(snap);
    }
    return { ok: false as const, retryAfterMs: Math.max(1, Math.ceil(snap.retryAfterMs ?? 1)) };
  };

  const budget: RateBudget = {
    async acquire() {
      const t = now();
      if (heldHereUntilMs > t) return refuse(t);
      let granted: boolean;
      try {
        granted = await ask("claim", t);
      } catch {
        return memory.acquire();
      }
      if (!granted) return refuse(t);
      reportedEpisode = false;
      memory.mirror();
      return { ok: true as const };
    },
    observe(remaining, resetS) {
      memory.observe(remaining, resetS);
      if (!(remaining <= 0 && resetS > 0)) return;
      const holdMs = Math.min(resetS * 1000, MAX_UPSTREAM_HOLD_MS);
      heldHereUntilMs = Math.max(heldHereUntilMs, now() + holdMs);
      // Failures are noted by the connection (one warning); this instance holds meanwhile.
      holding = redis.run((c) => script(c, HOLD, [keys[1] as string], [clock(), holdMs])).catch(() => {});
    },
    snapshot() {
      if (!redis.healthy()) return memory.snapshot();
      const t = now();
      // What the health check shows: refreshed in the background when over a second old, so an
      // idle instance's view catches up with the others' claims by its next look.
      if (t - seenAt > 1_000) {
        seenAt = t;
        ask("read", t).catch(() => {});
      }
      return view(seen, t);
    },
    async read() {
      const t = now();
      try {
        await ask("read", t);
        return view(seen, t);
      } catch {
        return memory.snapshot();
      }
    },
  };
  return budget;
}
