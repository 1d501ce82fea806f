import "server-only";
import type { RevocationStore } from "../auth/revocation";
import { script, type RedisConnection } from "./redis";

/**
 * The session revocation list in Redis (README.md, "Signing out and ending sessions"), so a sign-out
 * on one instance is refused on every other. One sorted set (session id → until when) and one
 * "not before" time, both without a Redis lifetime: under `maxmemory-policy volatile-lru` (see
 * docs/shared-store.md) only keys with one are evicted, and an ended session must not come back
 * because the cache needed room. The set is pruned of expired ids as sign-outs add to it.
 *
 * Without Redis for a call: a sign-out is kept in this instance's memory too (always, so an outage
 * later still knows it), a check answers from memory, and "not before" set by `npm run end-sessions`
 * fails loudly instead, as the interface asks: that command must know every instance will see it.
 */

// KEYS: the set. ARGV: now, session id, until. Never shortens an entry.
const REVOKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local current = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]) or '0')
if tonumber(ARGV[3]) > current then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) end
return 1
`;

/** How long `npm run end-sessions` may wait for its fresh connection and the write. */
const NOT_BEFORE_TIMEOUT_MS = 5_000;

export function createSharedRevocationStore(
  redis: RedisConnection,
  memory: RevocationStore,
  now: () => number = Date.now,
): RevocationStore {
  const listKey = `${redis.prefix}revoked`;
  const notBeforeKey = `${redis.prefix}sessions-not-before`;
  return {
    shared: true,
    async revoke(sessionId, untilMs) {
      await memory.revoke(sessionId, untilMs);
      const t = now();
      if (untilMs <= t) return;
      await redis.attempt(
        async (c) => {
          await script(c, REVOKE, [listKey], [t, sessionId, untilMs]);
        },
        () => undefined,
      );
    },
    async isRevoked(sessionId) {
      if (await memory.isRevoked(sessionId)) return true;
      return redis.attempt(
        async (c) => {
          const until = await c.zScore(listKey, sessionId);
          return until !== null && until > now();
        },
        () => false,
      );
    },
    notBefore() {
      // Redis's when it answers (the latest set wins, on any instance), and kept here too: while
      // Redis cannot answer, the last time it gave still ends the sessions `npm run end-sessions`
      // ended (the command sets it in Redis alone, so this instance's own would be none).
      return redis.attempt(
        async (c) => {
          const raw = await c.get(notBeforeKey);
          const v = raw === null ? null : Number(raw);
          if (v !== null && v !== (await memory.notBefore())) await memory.setNotBefore(v);
          return v;
        },
        () => memory.notBefore(),
      );
    },
    async setNotBefore(atMs) {
      // No fallback: rejects when Redis did not take it.
      await redis.run(
        async (c) => {
          await c.set(notBeforeKey, String(atMs));
        },
        { timeoutMs: NOT_BEFORE_TIMEOUT_MS },
      );
      await memory.setNotBefore(atMs);
    },
  };
}
