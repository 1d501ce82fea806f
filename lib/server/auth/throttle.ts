import "server-only";
import { processWide } from "../process-wide";
import { selectThrottle } from "../store";

/**
 * Failed-password throttle, per account and per client address. Behind an interface so a shared
 * store can hold the counts when several instances run.
 *
 * One step, not check-then-record: an attempt is counted as a failure as it is let through, before
 * the password is verified, and forgiven if it was right. Checked first and counted after the
 * (slow, on purpose) password hash, twenty guesses sent at once all passed the check before the
 * first was counted.
 */
export interface SignInThrottle {
  /**
   * One sign-in attempt: refused while any key is locked out (a refused attempt is not counted),
   * else counted against every key, atomically with that check.
   */
  attempt(keys: string[]): Promise<ThrottleVerdict>;
  /** The attempt was right: the account's failures are cleared, and it no longer counts against the address. */
  succeeded(keys: string[], attemptId: string): Promise<void>;
}

export type ThrottleVerdict = { ok: true; attemptId: string } | { ok: false; retryAfterS: number };

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

export function isAccountKey(key: string): boolean {
  return key.startsWith("account:");
}

/** Tells one attempt from another in the counts (a member of the Redis sets). */
export function newAttemptId(t: number): string {
  return `${t}:${Math.random().toString(36).slice(2)}`;
}

/**
 * A password checked under the throttle (auth.ts): the attempt is counted before `verify` runs and
 * forgiven when it says the password was right.
 */
export async function throttledSignIn(
  throttle: SignInThrottle,
  keys: string[],
  verify: () => Promise<boolean>,
): Promise<"ok" | "wrong" | "locked"> {
  const verdict = await throttle.attempt(keys);
  if (!verdict.ok) return "locked";
  if (!(await verify())) return "wrong";
  await throttle.succeeded(keys, verdict.attemptId);
  return "ok";
}

export function createMemoryThrottle(
  limits: ThrottleLimits = DEFAULT_LIMITS,
  now: () => number = Date.now,
): SignInThrottle {
  // Per key, the attempts not (yet) known to be right, oldest first.
  const failures = new Map<string, { atMs: number; id: string }[]>();
  const limitFor = (key: string) => (isAccountKey(key) ? limits.perAccount : limits.perAddress);

  const recent = (key: string, t: number) => {
    const list = (failures.get(key) ?? []).filter((x) => x.atMs > t - limits.windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };

  return {
    // Synchronous from check to count (no await between): atomic within this process.
    async attempt(keys) {
      const t = now();
      let wait = 0;
      for (const key of keys) {
        const list = recent(key, t);
        const limit = limitFor(key);
        if (list.length >= limit) {
          // Locked until enough failures age out to drop below the limit.
          const unlockAt = (list[list.length - limit] as { atMs: number }).atMs + limits.windowMs;
          wait = Math.max(wait, unlockAt - t);
        }
      }
      if (wait > 0) return { ok: false, retryAfterS: Math.ceil(wait / 1000) };
      const id = newAttemptId(t);
      for (const key of keys) failures.set(key, [...recent(key, t), { atMs: t, id }]);
      // Bound memory under a spray of addresses: forget the oldest keys first.
      if (failures.size > 10_000) {
        for (const k of [...failures.keys()].slice(0, failures.size - 10_000)) failures.delete(k);
      }
      return { ok: true, attemptId: id };
    },
    async succeeded(keys, attemptId) {
      for (const key of keys) {
        const rest = isAccountKey(key) ? [] : (failures.get(key) ?? []).filter((x) => x.id !== attemptId);
        if (rest.length) failures.set(key, rest);
        else failures.delete(key);
      }
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
    attempt: (keys) => current().attempt(keys),
    succeeded: (keys, attemptId) => current().succeeded(keys, attemptId),
  };
}
