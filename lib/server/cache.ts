import "server-only";
import { LRUCache } from "lru-cache";

/**
 * The response cache. Callers see only this interface, so a shared store (Redis) can replace the
 * in-memory default without touching them; values must therefore be plain JSON-able data.
 */
export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, opts: { ttlMs: number; sizeBytes: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Bounded by the approximate bytes held (the upstream body size is a good proxy), with per-entry TTLs. */
export function createMemoryCache(maxBytes: number): ResponseCache & { stats(): { entries: number; bytes: number } } {
  const lru = new LRUCache<string, { value: unknown }>({
    maxSize: maxBytes,
    // Entries larger than a quarter of the cache would evict everything else; don't keep them.
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
    ttlAutopurge: false,
  });
  return {
    async get<T>(key: string) {
      return lru.get(key)?.value as T | undefined;
    },
    async set<T>(key: string, value: T, opts: { ttlMs: number; sizeBytes: number }) {
      if (opts.ttlMs <= 0) return;
      lru.set(key, { value }, { ttl: opts.ttlMs, size: Math.max(1, Math.ceil(opts.sizeBytes)) });
    },
    async delete(key: string) {
      lru.delete(key);
    },
    stats() {
      return { entries: lru.size, bytes: lru.calculatedSize };
    },
  };
}

/**
 * Concurrent identical requests share one promise. This stays per instance on purpose: an
 * in-flight promise cannot be shared across processes, and the cache covers the rest.
 */
export function createCoalescer() {
  const inFlight = new Map<string, Promise<unknown>>();
  return function coalesce<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const p = work().finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  };
}
