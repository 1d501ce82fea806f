import { describe, expect, it } from "vitest";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createSharedThrottle } from "../store/shared-throttle";
import {
  accountKey,
  addressKey,
  createMemoryThrottle,
  throttledSignIn,
  type SignInThrottle,
  type ThrottleLimits,
} from "./throttle";

const redis = redisForTests();
// The same contract for the in-memory throttle and the shared one (docs/shared-store.md).
const backends: (readonly [string, (limits: ThrottleLimits, now: () => number) => Promise<SignInThrottle>])[] = [
  ["memory", async (limits, now) => createMemoryThrottle(limits, now)],
  ...(redisAvailable
    ? [
        [
          "redis",
          async (limits: ThrottleLimits, now: () => number) =>
            createSharedThrottle(await redis.connect(), createMemoryThrottle(limits, now), limits, now),
        ] as const,
      ]
    : []),
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)("%s sign-in throttle", (_, createThrottle) => {
  it("locks an account after its failures until they age out, and a success clears it", async () => {
    let now = 0;
    const t = await createThrottle({ perAccount: 3, perAddress: 100, windowMs: 60_000 }, () => now);
    const keys = [accountKey("a@x.io"), addressKey("10.0.0.1")];
    for (let i = 0; i < 3; i++) {
      expect(await t.attempt(keys)).toMatchObject({ ok: true });
      now += 1000;
    }
    expect(await t.attempt(keys)).toEqual({ ok: false, retryAfterS: 57 });
    // Refused attempts are not counted: the lock ends when the three age out.
    expect(await t.attempt(keys)).toEqual({ ok: false, retryAfterS: 57 });
    // Another account from another address is not affected.
    expect(await t.attempt([accountKey("b@x.io"), addressKey("10.0.0.2")])).toMatchObject({ ok: true });
    now = 60_001;
    const right = await t.attempt(keys);
    expect(right.ok).toBe(true);
    await t.attempt(keys);
    await t.attempt(keys);
    await t.succeeded(keys, right.ok ? right.attemptId : "");
    expect(await t.attempt([accountKey("a@x.io")])).toMatchObject({ ok: true });
  });

  it("locks an address spraying many accounts", async () => {
    const t = await createThrottle({ perAccount: 100, perAddress: 2, windowMs: 60_000 }, () => 0);
    await t.attempt([accountKey("a@x.io"), addressKey("10.0.0.9")]);
    await t.attempt([accountKey("b@x.io"), addressKey("10.0.0.9")]);
    expect((await t.attempt([accountKey("c@x.io"), addressKey("10.0.0.9")])).ok).toBe(false);
  });

  it("does not count right passwords against the address (an office behind one NAT)", async () => {
    const t = await createThrottle({ perAccount: 5, perAddress: 2, windowMs: 60_000 }, () => 0);
    for (let i = 0; i < 6; i++) {
      const keys = [accountKey(`user${i}@x.io`), addressKey("10.0.0.7")];
      expect(await throttledSignIn(t, keys, async () => true)).toBe("ok");
    }
    const keys = [accountKey("user9@x.io"), addressKey("10.0.0.7")];
    expect(await throttledSignIn(t, keys, async () => false)).toBe("wrong");
    expect(await throttledSignIn(t, keys, async () => false)).toBe("wrong");
    expect(await throttledSignIn(t, keys, async () => true)).toBe("locked");
  });

  it("lets exactly the limit through when wrong guesses arrive at once", async () => {
    const t = await createThrottle({ perAccount: 5, perAddress: 100, windowMs: 60_000 }, () => 0);
    const keys = [accountKey("a@x.io"), addressKey("10.0.0.3")];
    // Each guess takes a while to verify (scrypt, on purpose), as in auth.ts.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => throttledSignIn(t, keys, () => sleep(20).then(() => false))),
    );
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "locked")).toHaveLength(15);
  });
});
