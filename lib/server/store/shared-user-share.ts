import "server-only";
import type { UserShareStore } from "../user-share";
import { hashedKeyPart, script, type RedisConnection } from "./redis";

/**
 * Each user's requests in Redis (a sorted set of send times per user, the user's key hashed), so a
 * user's share is one across instances. Calls Redis cannot answer use the memory store.
 *
 * The times the share passes in are this instance's; in Redis they are moved to Redis's clock
 * (whole seconds of difference, measured at each call), so instances whose clocks disagree count
 * one window, as the budget does (docs/shared-store.md): a clock ahead would otherwise prune the
 * others' sends as old.
 */

// This instance's clock (ARGV[1]) against Redis's TIME, in whole seconds: below a second is
// network time, and a steady difference keeps a test's exact times exact.
const SKEW = `
local t = redis.call('TIME')
local storeNow = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local skew = math.floor((storeNow - tonumber(ARGV[1])) / 1000 + 0.5) * 1000
`;

// KEYS: the user's set. ARGV: this instance's now, since. Replies {count, oldest send or -1}.
const RECENT = `${SKEW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) + skew)
local count = redis.call('ZCARD', KEYS[1])
if count == 0 then return {0, -1} end
return {count, tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) - skew}
`;

// KEYS: the user's set. ARGV: this instance's now, at, window, member.
const RECORD = `${SKEW}
local at = tonumber(ARGV[2]) + skew
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', at - tonumber(ARGV[3]))
redis.call('ZADD', KEYS[1], at, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

export function createSharedUserShareStore(
  redis: RedisConnection,
  memory: UserShareStore,
  /** This instance's clock, the one the times passed in are read from. */
  now: () => number = Date.now,
): UserShareStore {
  const key = (who: string) => `${redis.prefix}share:${hashedKeyPart(who)}`;
  return {
    recent(who, sinceMs) {
      return redis.attempt(
        async (c) => {
          const [count, oldest] = await script<[number, number]>(c, RECENT, [key(who)], [now(), sinceMs]);
          return { count: Number(count), oldestMs: Number(count) === 0 ? null : Number(oldest) };
        },
        () => memory.recent(who, sinceMs),
      );
    },
    record(who, atMs, windowMs) {
      const member = `${atMs}:${Math.random().toString(36).slice(2)}`;
      return redis.attempt(
        async (c) => {
          await script(c, RECORD, [key(who)], [now(), atMs, windowMs, member]);
        },
        () => memory.record(who, atMs, windowMs),
      );
    },
  };
}
