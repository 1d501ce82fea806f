import { describe, expect, it } from "vitest";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createSharedThrottle } from "../store/shared-throttle";
import { accountKey, addressKey, createMemoryThrottle, type SignInThrottle, type ThrottleLimits } from "./throttle";

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

describe.each(backends)("%s sign-in throttle", (_, createThrottle) => {
  it("locks an account after its failures until they age out, and a success clears it", async () => {
    let now = 0;
    const t = await createThrottle({ perAccount: 3, perAddress: 100, windowMs: 60_000 }, () => now);
    const keys = [accountKey("a@x.io"), addressKey("10.0.0.1")];
    for (let i = 0; i < 3; i++) {
      expect(await t.check(keys)).toEqual({ ok: true });
      await t.recordFailure(keys);
      now += 1000;
    }
    expect(await t.check(keys)).toEqual({ ok: false, retryAfterS: 57 });
    // Another account from another address is not affected.
    expect(await t.check([accountKey("b@x.io"), addressKey("10.0.0.2")])).toEqual({ ok: true });
    now = 60_001;
    expect(await t.check(keys)).toEqual({ ok: true });
    await t.recordFailure(keys);
    await t.reset(accountKey("a@x.io"));
    expect(await t.check([accountKey("a@x.io")])).toEqual({ ok: true });
  });

  it("locks an address spraying many accounts", async () => {
    const t = await createThrottle({ perAccount: 100, perAddress: 2, windowMs: 60_000 }, () => 0);
    await t.recordFailure([accountKey("a@x.io"), addressKey("10.0.0.9")]);
    await t.recordFailure([accountKey("b@x.io"), addressKey("10.0.0.9")]);
    expect((await t.check([accountKey("c@x.io"), addressKey("10.0.0.9")])).ok).toBe(false);
  });
});
