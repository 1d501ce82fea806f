import "server-only";
import {
  isAccountKey,
  newAttemptId,
  type SignInThrottle,
  type ThrottleLimits,
  type ThrottleVerdict,
} from "../auth/throttle";
import { hashedKeyPart, script, type RedisConnection } from "./redis";
import { REDIS_NOW } from "./shared-budget";

/**
 * Failed sign-ins in Redis: per account and per address a sorted set of attempt times (the e-mail
 * or address hashed in the key), each attempt counted as it is let through and taken back when its
 * password was right, so the limits hold across instances: five wrong passwords spread over three
 * instances are five. Calls Redis cannot answer use the memory throttle.
 */

// KEYS: every key of the attempt. ARGV: clock, window, the attempt's id, then each key's limit.
// Checks every key and, if none is locked, counts the attempt against all: one step, so parallel
// guesses from any number of instances cannot all pass before one is counted. Replies the wait in
// ms while locked, 0 when counted. Redis's clock, like the budget's.
const ATTEMPT = `${REDIS_NOW}
local window = tonumber(ARGV[2])
local unlock = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local limit = tonumber(ARGV[3 + i])
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local at = tonumber(redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')[2]) + window
    if at > unlock then unlock = at end
  end
end
if unlock > now then return unlock - now end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
end
return 0
`;

export function createSharedThrottle(
  redis: RedisConnection,
  memory: SignInThrottle,
  limits: ThrottleLimits,
  /** Tests only: the clock attempts are stamped with in Redis instead of Redis's own TIME. */
  storeNow?: () => number,
): SignInThrottle {
  // "account:…" or "address:…": the kind stays readable, the person does not.
  const key = (k: string) => {
    const colon = k.indexOf(":");
    return `${redis.prefix}throttle:${k.slice(0, colon + 1)}${hashedKeyPart(k.slice(colon + 1))}`;
  };
  const limitFor = (k: string) => (isAccountKey(k) ? limits.perAccount : limits.perAddress);
  return {
    attempt(keys) {
      return redis.attempt(
        async (c): Promise<ThrottleVerdict> => {
          const t = storeNow?.();
          const id = newAttemptId(t ?? Date.now());
          const waitMs = Number(
            await script<number>(c, ATTEMPT, keys.map(key), [t ?? "", limits.windowMs, id, ...keys.map(limitFor)]),
          );
          return waitMs > 0 ? { ok: false, retryAfterS: Math.ceil(waitMs / 1000) } : { ok: true, attemptId: id };
        },
        () => memory.attempt(keys),
      );
    },
    async succeeded(keys, attemptId) {
      // The attempt may have been counted in memory (Redis down then) or in Redis.
      await memory.succeeded(keys, attemptId);
      await redis.attempt(
        async (c) => {
          await Promise.all(keys.map((k) => (isAccountKey(k) ? c.del(key(k)) : c.zRem(key(k), attemptId))));
        },
        () => undefined,
      );
    },
  };
}
