import "server-only";
import { processWide } from "../process-wide";
import { selectThrottle } from "../store";

/**
 * Failed-password throttle, per account and per client address. Behind an interface so a shared
 * store can hold the counts when several instances run.
 */
export interface SignInThrottle {
  /** Whether any of the keys is locked out, and for how long. */
  check(keys: string[]): Promise<{ ok: true } | { ok: false; retryAfterS: number }>;
  recordFailure(keys: string[]): Promise<void>;
  /** A successful sign-in clears the account's count (not the address's). */
  reset(key: string): Promise<void>;
}

export interface ThrottleLimits {
  /** Failures allowed per key inside the window before it is locked until they age out. */
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export function accountKey(email: string): string {
  return `account:${email}`;
}

export function addressKey(ip: string): string {
  return `address:${ip}`;
}

export function createMemoryThrottle(
  limits: ThrottleLimits = DEFAULT_LIMITS,
  now: () => number = Date.now,
): SignInThrottle {
  const failures = new Map<string, number[]>();
  const limitFor = (key: string) => (key.startsWith("account:") ? limits.perAccount : limits.perAddress);

  const recent = (key: string) => {
    const t = now();
    const list = (failures.get(key) ?? []).filter((x) => x > t - limits.windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };

  return {
    async check(keys) {
      let wait = 0;
      for (const key of keys) {
        const list = recent(key);
        const limit = limitFor(key);
        if (list.length >= limit) {
          // Locked until enough failures age out to drop below the limit.
          const unlockAt = (list[list.length - limit] as number) + limits.windowMs;
          wait = Math.max(wait, unlockAt - now());
        }
      }
      return wait > 0 ? { ok: false, retryAfterS: Math.ceil(wait / 1000) } : { ok: true };
    },
    async recordFailure(keys) {
      for (const key of keys) failures.set(key, [...recent(key), now()]);
      // Bound memory under a spray of addresses: forget the oldest keys first.
      if (failures.size > 10_000) {
        for (const k of [...failures.keys()].slice(0, failures.size - 10_000)) failures.delete(k);
      }
    },
    async reset(key) {
      failures.delete(key);
    },
  };
}

/**
 * The process's throttle, shared by the sign-in page's action and Auth.js's route (separate
 * bundles); in Redis with REDIS_URL. Chosen on first use, not on import: auth.ts is imported
 * where the configuration may not be readable.
 */
export function signInThrottle(): SignInThrottle {
  const current = () => processWide("sign-in-throttle", selectThrottle);
  return {
    check: (keys) => current().check(keys),
    recordFailure: (keys) => current().recordFailure(keys),
    reset: (key) => current().reset(key),
  };
}
