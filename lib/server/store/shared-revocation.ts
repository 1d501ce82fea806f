import "server-only";
import type { RevocationStore } from "../auth/revocation";
import { COMMAND_TIMEOUT_MS, script, type RedisClient, type RedisConnection, type StoreState } from "./redis";

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
 * A sign-out Redis did not take is also kept as pending and written by the next call Redis answers
 * (no timer: a serverless instance lives as long as its requests), so the other instances refuse
 * the cookie too once Redis is back.
 */

// KEYS: the set. ARGV: now, then session id and until for each sign-out. Never shortens an entry.
const REVOKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i = 2, #ARGV, 2 do
  local current = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i + 1]) > current then redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i]) end
end
return 1
`;

/** How long `npm run end-sessions` may wait for its fresh connection and the write. */
const NOT_BEFORE_TIMEOUT_MS = 5_000;

/**
 * How long a revocation call may wait for Redis. A fresh instance's first connection can take
 * longer than a command may (TLS to a managed Redis), and a check that fell back to memory then
 * would accept a cookie signed out elsewhere: until that first connection is made (or has failed)
 * the call waits up to FIRST_CONNECT_TIMEOUT_MS, then the usual command timeout.
 */
export const FIRST_CONNECT_TIMEOUT_MS = 2_000;

export function revocationTimeoutMs(state: StoreState): number {
  const firstConnectPending = !state.connected && state.lastError === null;
  return firstConnectPending ? FIRST_CONNECT_TIMEOUT_MS : COMMAND_TIMEOUT_MS;
}

export function createSharedRevocationStore(
  redis: RedisConnection,
  memory: RevocationStore,
  now: () => number = Date.now,
): RevocationStore {
  const listKey = `${redis.prefix}revoked`;
  const notBeforeKey = `${redis.prefix}sessions-not-before`;
  // Sign-outs Redis has not taken yet (session id → until when). Bounded by time: an entry is
  // dropped once its cookie has expired, as nobody could use it after that.
  const pending = new Map<string, number>();

  /** Writes the pending sign-outs, inside a call Redis is answering; kept for later if it fails. */
  const flushPending = async (c: RedisClient) => {
    const t = now();
    for (const [id, until] of pending) if (until <= t) pending.delete(id);
    if (pending.size === 0) return;
    const batch = [...pending];
    await script(c, REVOKE, [listKey], [t, ...batch.flat()]);
    // Only what was written: a later sign-out of the same id meanwhile stays pending.
    for (const [id, until] of batch) if (pending.get(id) === until) pending.delete(id);
  };

  /** Redis work after the pending sign-outs, or the memory default when Redis cannot answer. */
  const attempt = <T>(work: (c: RedisClient) => Promise<T>, fallback: () => T | Promise<T>) =>
    redis.attempt(
      async (c) => {
        await flushPending(c);
        return work(c);
      },
      fallback,
      { timeoutMs: revocationTimeoutMs(redis.state()) },
    );

  return {
    shared: true,
    async revoke(sessionId, untilMs) {
      await memory.revoke(sessionId, untilMs);
      const t = now();
      if (untilMs <= t) return;
      pending.set(sessionId, Math.max(untilMs, pending.get(sessionId) ?? 0));
      await attempt(
        async () => undefined,
        () => undefined,
      );
    },
    async isRevoked(sessionId) {
      if (await memory.isRevoked(sessionId)) {
        // Still the next call Redis answers: it takes this instance's pending sign-outs.
        if (pending.size > 0)
          await attempt(
            async () => undefined,
            () => undefined,
          );
        return true;
      }
      return attempt(
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
      return attempt(
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
