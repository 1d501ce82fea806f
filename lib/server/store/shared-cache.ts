import "server-only";
import type { ResponseCache } from "../cache";
import { VALUE_TIMEOUT_MS, type RedisConnection } from "./redis";

/**
 * The response cache in Redis: each entry a JSON string with its own lifetime (PX), so a report
 * one instance fetched is a hit on every other. Its size is Redis's to bound (`maxmemory` with an
 * LRU policy, docs/shared-store.md), not this process's; entries over a quarter of
 * REALTIMEKIT_CACHE_MB are not kept, as in memory. Calls Redis cannot answer use the memory cache.
 */
export function createSharedCache(
  redis: RedisConnection,
  memory: ResponseCache,
  opts: { maxEntryBytes: number },
): ResponseCache {
  const key = (k: string) => `${redis.prefix}cache:${k}`;
  return {
    get<T>(k: string) {
      return redis.attempt(
        async (c) => {
          const raw = await c.get(key(k));
          return raw === null ? undefined : (JSON.parse(raw) as T);
        },
        () => memory.get<T>(k),
        { timeoutMs: VALUE_TIMEOUT_MS },
      );
    },
    set<T>(k: string, value: T, o: { ttlMs: number; sizeBytes: number }) {
      if (o.ttlMs <= 0 || o.sizeBytes > opts.maxEntryBytes) return Promise.resolve();
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
      await redis.attempt(
        async (c) => {
          await c.del(key(k));
        },
        () => undefined,
      );
    },
  };
}
