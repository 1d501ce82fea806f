import { describe, expect, it } from "vitest";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createMemoryBudget, parseRateLimitHeader, type BudgetSnapshot, type RateBudget } from "./rate-budget";
import { createSharedBudget } from "./store/shared-budget";

type Options = { limit: number; windowMs: number; now?: () => number; onThrottle?: (s: BudgetSnapshot) => void };

const redis = redisForTests();
// The same contract for the in-memory budget and the shared one (docs/shared-store.md).
const backends: (readonly [string, (o: Options) => Promise<RateBudget>])[] = [
  ["memory", async (o) => createMemoryBudget(o)],
  ...(redisAvailable
    ? [
        [
          "redis",
          // The test's clock stands in for Redis's TIME, so it can move (store/shared-budget.test.ts uses TIME).
          async (o: Options) =>
            createSharedBudget(await redis.connect(), { name: "deployment", ...o, storeNow: o.now }),
        ] as const,
      ]
    : []),
];

describe.each(backends)("%s rate budget", (_, createBudget) => {
  it("allows `limit` requests per sliding window, then says when the next is free", async () => {
    let now = 0;
    const throttles: number[] = [];
    const budget = await createBudget({
      limit: 3,
      windowMs: 1000,
      now: () => now,
      onThrottle: (s) => throttles.push(s.used),
    });
    for (let i = 0; i < 3; i++) {
      expect(await budget.acquire()).toEqual({ ok: true });
      now += 100;
    }
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 700 });
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 700 });
    // Reported once per episode, counted every time.
    expect(throttles).toEqual([3]);
    expect(budget.snapshot()).toMatchObject({ used: 3, throttled: 2, limit: 3, retryAfterMs: 700 });
    now = 1000;
    expect(await budget.acquire()).toEqual({ ok: true });
  });

  it("holds off while the upstream says no requests remain", async () => {
    let now = 0;
    const budget = await createBudget({ limit: 100, windowMs: 1000, now: () => now });
    budget.observe(0, 5);
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 5000 });
    expect(budget.snapshot().blockedUntil).toBe(5000);
    expect(budget.snapshot().retryAfterMs).toBe(5000);
    now = 5000;
    expect(await budget.acquire()).toEqual({ ok: true });
    expect(budget.snapshot().retryAfterMs).toBeNull();
  });

  it("holds off at most 5 minutes, whatever the upstream asks", async () => {
    let now = 0;
    const budget = await createBudget({ limit: 100, windowMs: 1000, now: () => now });
    // A Retry-After or `t=` of 999999 s once blocked every call for 11.6 days.
    budget.observe(0, 999_999);
    expect(budget.snapshot().blockedUntil).toBe(300_000);
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 300_000 });
    now = 300_000;
    expect(await budget.acquire()).toEqual({ ok: true });
  });

  it("reads the same state it claimed from", async () => {
    let now = 0;
    const budget = await createBudget({ limit: 2, windowMs: 1000, now: () => now });
    await budget.acquire();
    now = 400;
    expect(await budget.read()).toMatchObject({ used: 1, retryAfterMs: null, blockedUntil: null });
    await budget.acquire();
    expect(await budget.read()).toMatchObject({ used: 2, retryAfterMs: 600 });
  });
});

describe("memory rate budget mirroring a shared one", () => {
  it("counts the claims the shared store granted this instance, up to the limit, as they age out", async () => {
    let now = 0;
    const budget = createMemoryBudget({ limit: 3, windowMs: 1000, now: () => now });
    budget.mirror();
    now = 500;
    budget.mirror();
    expect(budget.snapshot()).toMatchObject({ used: 2, retryAfterMs: null });
    expect(await budget.acquire()).toEqual({ ok: true });
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 500 });
    // More granted elsewhere than the limit (another clock's window): the newest count.
    budget.mirror();
    expect(budget.snapshot()).toMatchObject({ used: 3, retryAfterMs: 1000 });
    now = 1000;
    expect(budget.snapshot()).toMatchObject({ used: 3, retryAfterMs: 500 });
  });
});

describe("Ratelimit header", () => {
  it("parses Cloudflare's Ratelimit header", () => {
    expect(parseRateLimitHeader('"default";r=42;t=17')).toEqual({ remaining: 42, resetS: 17 });
    expect(parseRateLimitHeader("garbage")).toBeNull();
    expect(parseRateLimitHeader(null)).toBeNull();
  });
});
