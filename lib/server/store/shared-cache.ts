import "server-only";
import type { ResponseCache } from "../cache";
import { VALUE_TIMEOUT_MS, type RedisConnection } from "./redis";

/** How long an instance keeps what it read from, or wrote to, Redis (docs/shared-store.md). */
export const NEAR_MS = 1_000;

/**
 * The response cache in Redis: each entry a JSON string with its own lifetime (PX), so a report
 * one instance fetched is a hit on every other. Its size is Redis's to bound (`maxmemory` with an
 * LRU policy, docs/shared-store.md), not this process's; entries over a quarter of
 * REALTIMEKIT_CACHE_MB are not kept, as in memory. Calls Redis cannot answer use the memory cache.
 *
 * In front of Redis, `near` keeps each entry read or written for `nearMs` (a second): a page and
 * its API calls, or a burst of people opening one report, read it from Redis and parse it once,
 * not once each (under load those reads were most of the cost, and the ones that timed out became
 * upstream calls). An entry may so outlive its Redis lifetime by that second, as it could outlive
 * the upstream's data by its own lifetime. It is not the outage fallback (`memory`), whose entries
 * keep their whole lifetime and are read only while Redis does not answer.
 */
export function createSharedCache(
  redis: RedisConnection,
  memory: ResponseCache,
  opts: { maxEntryBytes: number; near?: ResponseCache; nearMs?: number },
): ResponseCache {
  const key = (k: string) => `${redis.prefix}cache:${k}`;
  const nearMs = opts.nearMs ?? NEAR_MS;
  const keepNear = <T>(k: string, value: T, o: { ttlMs: number; sizeBytes: number }) =>
    opts.near?.set(k, value, { ttlMs: Math.min(o.ttlMs, nearMs), sizeBytes: o.sizeBytes }) ?? Promise.resolve();
  return {
    async get<T>(k: string) {
      const near = await opts.near?.get<T>(k);
      if (near !== undefined) return near;
      return redis.attempt(
        async (c) => {
          const raw = await c.get(key(k));
          if (raw === null) return undefined;
          const value = JSON.parse(raw) as T;
          await keepNear(k, value, { ttlMs: nearMs, sizeBytes: raw.length });
          return value;
        },
        () => memory.get<T>(k),
        { timeoutMs: VALUE_TIMEOUT_MS },
      );
    },
    async set<T>(k: string, value: T, o: { ttlMs: number; sizeBytes: number }) {
      if (o.ttlMs <= 0 || o.sizeBytes > opts.maxEntryBytes) return;
      await keepNear(k, value, o);
      return redis.attempt(
        async (c) => {
          await c.set(key(k), JSON.stringify(value), { expiration: { type: "PX", value: Math.ceil(o.ttlMs) } });
        },
        () => memory.set(k, value, o),
        { timeoutMs: VALUE_TIMEOUT_MS },
      );
    },
    async delete(k: string) {
      // From memory too: an entry kept there during an outage must not come back in the next one.
      await memory.delete(k);
      await opts.near?.delete(k);
      await redis.attempt(
        async (c) => {
          await c.del(key(k));
        },
        () => undefined,
      );
    },
  };
}
