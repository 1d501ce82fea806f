import "server-only";
import { createMemoryCache, type ResponseCache } from "../cache";
import { createMemoryBudget, type RateBudget } from "../rate-budget";
import { createMemoryUserShareStore, type UserShareStore } from "../user-share";
import { createMemoryThrottle, DEFAULT_LIMITS, type SignInThrottle } from "../auth/throttle";
import { createMemoryIndexStore, type QualityIndexStore } from "../quality-index";
import { createMemoryRevocationStore, type RevocationStore } from "../auth/revocation";
import { sharedRedis } from "./redis";
import { createSharedBudget, type SharedBudgetOptions } from "./shared-budget";
import { createSharedCache } from "./shared-cache";
import { createSharedIndexStore } from "./shared-index";
import { createSharedRevocationStore } from "./shared-revocation";
import { createSharedThrottle } from "./shared-throttle";
import { createSharedUserShareStore } from "./shared-user-share";

/**
 * Where each store's factory chooses: Redis when REDIS_URL is set (with the in-memory default
 * behind it for calls Redis cannot answer), else the in-memory default alone, as before
 * (docs/shared-store.md).
 */

export function selectCache(maxBytes: number): ResponseCache {
  const memory = createMemoryCache(maxBytes);
  const redis = sharedRedis();
  if (!redis) return memory;
  // What this instance read lately, in front of Redis (shared-cache.ts): a quarter of the budget.
  const near = createMemoryCache(Math.floor(maxBytes / 4));
  return createSharedCache(redis, memory, { maxEntryBytes: Math.floor(maxBytes / 4), near });
}

export function selectBudget(opts: SharedBudgetOptions): RateBudget {
  const redis = sharedRedis();
  return redis ? createSharedBudget(redis, opts) : createMemoryBudget(opts);
}

export function selectUserShareStore(): UserShareStore {
  const memory = createMemoryUserShareStore();
  const redis = sharedRedis();
  return redis ? createSharedUserShareStore(redis, memory) : memory;
}

export function selectThrottle(): SignInThrottle {
  const memory = createMemoryThrottle(DEFAULT_LIMITS);
  const redis = sharedRedis();
  return redis ? createSharedThrottle(redis, memory, DEFAULT_LIMITS) : memory;
}

export function selectIndexStore(maxEntries: number): QualityIndexStore {
  const memory = createMemoryIndexStore(maxEntries);
  const redis = sharedRedis();
  return redis ? createSharedIndexStore(redis, memory) : memory;
}

export function selectRevocationStore(): RevocationStore {
  const memory = createMemoryRevocationStore();
  const redis = sharedRedis();
  return redis ? createSharedRevocationStore(redis, memory) : memory;
}
