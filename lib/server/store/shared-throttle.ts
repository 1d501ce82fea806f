import "server-only";
import type { SignInThrottle, ThrottleLimits } from "../auth/throttle";
import { hashedKeyPart, script, type RedisConnection } from "./redis";

/**
 * Failed sign-ins in Redis: per account and per address a sorted set of failure times (the e-mail
 * or address hashed in the key), so the limits hold across instances: five wrong passwords spread
 * over three instances are five. Calls Redis cannot answer use the memory throttle.
 */

// KEYS: the key's failures. ARGV: now, window, limit. Replies when it unlocks (epoch ms), 0 if open.
const CHECK = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then return 0 end
return tonumber(redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')[2]) + window
`;

// KEYS: the key's failures. ARGV: now, window, member.
const FAIL = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

export function createSharedThrottle(
  redis: RedisConnection,
  memory: SignInThrottle,
  limits: ThrottleLimits,
  now: () => number = Date.now,
): SignInThrottle {
  // "account:…" or "address:…": the kind stays readable, the person does not.
  const key = (k: string) => {
    const colon = k.indexOf(":");
    return `${redis.prefix}throttle:${k.slice(0, colon + 1)}${hashedKeyPart(k.slice(colon + 1))}`;
  };
  const limitFor = (k: string) => (k.startsWith("account:") ? limits.perAccount : limits.perAddress);
  return {
    check(keys) {
      return redis.attempt(
        async (c) => {
          const t = now();
          const unlocks = await Promise.all(
            keys.map((k) => script<number>(c, CHECK, [key(k)], [t, limits.windowMs, limitFor(k)])),
          );
          const wait = Math.max(0, ...unlocks.map((u) => Number(u) - t));
          return wait > 0 ? { ok: false as const, retryAfterS: Math.ceil(wait / 1000) } : { ok: true as const };
        },
        () => memory.check(keys),
      );
    },
    recordFailure(keys) {
      return redis.attempt(
        async (c) => {
          const t = now();
          await Promise.all(
            keys.map((k) =>
              script(c, FAIL, [key(k)], [t, limits.windowMs, `${t}:${Math.random().toString(36).slice(2)}`]),
            ),
          );
        },
        () => memory.recordFailure(keys),
      );
    },
    async reset(k) {
      await memory.reset(k);
      await redis.attempt(
        async (c) => {
          await c.del(key(k));
        },
        () => undefined,
      );
    },
  };
}
