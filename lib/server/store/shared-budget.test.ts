import { RateLimiterRedis } from "rate-limiter-flexible";
import { createClient } from "redis";
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeRedis, eventually, redisForTests, startRedis, type TestRedis } from "@/lib/test/redis";
import { createRedisConnection, type RedisConnection } from "./redis";
import { createSharedBudget } from "./shared-budget";

/**
 * The measurement behind not using rate-limiter-flexible for the budget (docs/shared-store.md):
 * the same claims against its Redis limiter and against the shared budget, both on a real Redis.
 */

const redis = redisForTests();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most claims granted inside any window of `windowMs`. */
function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describeRedis("why the budget is not rate-limiter-flexible", () => {
  it("its fixed window lets nearly twice the limit through in one window's time; sliding does not", async () => {
    const connection = await redis.connect();
    const client = createClient({ url: redis.server()!.url });
    await client.connect();
    try {
      const fixed = new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        keyPrefix: `${connection.prefix}rlf`,
        points: 5,
        duration: 1,
      });
      const sliding = createSharedBudget(connection, { name: "edge", limit: 5, windowMs: 1_000 });
      const granted = { fixed: [] as number[], sliding: [] as number[] };
      const claim = async () => {
        const t = Date.now();
        if (
          await fixed.consume("token").then(
            () => true,
            () => false,
          )
        )
          granted.fixed.push(t);
        if ((await sliding.acquire()).ok) granted.sliding.push(t);
      };
      const start = Date.now();
      await claim(); // the fixed window starts here
      await sleep(600);
      for (let i = 0; i < 4; i++) await claim(); // the limit is reached late in that window
      await sleep(Math.max(0, start + 1_200 - Date.now()));
      for (let i = 0; i < 5; i++) await claim(); // the fixed window has restarted
      // 4 + 5 inside 600 ms: what the upstream, counting its own way, may block the token for.
      expect(mostInAnyWindow(granted.fixed, 1_000)).toBe(9);
      expect(mostInAnyWindow(granted.sliding, 1_000)).toBe(5);
    } finally {
      await client.close();
    }
  });
});

describeRedis("the shared budget's clock", () => {
  it("is Redis's: instances whose clocks disagree by minutes still share one window", async () => {
    const [a, b] = await redis.instances(2);
    // The window's clock is Redis's TIME; each instance's own (here 2 minutes apart) is not used for it.
    const ahead = createSharedBudget(a!, { name: "skew", limit: 3, windowMs: 60_000, now: () => Date.now() + 120_000 });
    const behind = createSharedBudget(b!, {
      name: "skew",
      limit: 3,
      windowMs: 60_000,
      now: () => Date.now() - 120_000,
    });
    for (let i = 0; i < 3; i++) expect(await behind.acquire()).toEqual({ ok: true });
    // Stamped with its own clock, the instance ahead would prune the others' sends as 2 minutes old.
    const refused = await ahead.acquire();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(55_000);
    expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await behind.acquire()).ok).toBe(false);
    // Each instance's snapshot is in its own time: the same minute from now on both.
    expect(ahead.snapshot().retryAfterMs).toBeGreaterThan(55_000);
    expect(behind.snapshot().retryAfterMs).toBeGreaterThan(55_000);
    expect(behind.snapshot().retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("is Redis's for the upstream's hold too", async () => {
    const [a, b] = await redis.instances(2);
    const ahead = createSharedBudget(a!, {
      name: "skew",
      limit: 100,
      windowMs: 60_000,
      now: () => Date.now() + 120_000,
    });
    const behind = createSharedBudget(b!, {
      name: "skew",
      limit: 100,
      windowMs: 60_000,
      now: () => Date.now() - 120_000,
    });
    // 30 s told to the instance behind: held until 2.5 minutes ago by the clock ahead, had it stamped it.
    behind.observe(0, 30);
    const refused = await ahead.acquire();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(25_000);
    expect((await ahead.read()).blockedUntil).toBeGreaterThan(Date.now() + 120_000 + 25_000);
  });
});

describeRedis("the shared budget while Redis is down", () => {
  let server: TestRedis;
  let conn: RedisConnection;
  beforeEach(async () => {
    server = await startRedis();
    conn = createRedisConnection({ url: server.url, prefix: "fallback:" });
    await eventually(() => conn.healthy());
  });
  afterEach(async () => {
    await conn.close();
    await server.stop();
  });

  const claims = async (budget: { acquire(): Promise<{ ok: boolean }> }, n: number) => {
    let granted = 0;
    for (let i = 0; i < n; i++) if ((await budget.acquire()).ok) granted++;
    return granted;
  };

  it("starts from what this instance claimed in Redis, less what is due back, not from an empty window", async () => {
    let now = 1_000_000;
    const budget = createSharedBudget(conn, {
      name: "deployment",
      limit: 10,
      windowMs: 60_000,
      now: () => now,
      storeNow: () => now,
    });
    // 4 claims through Redis, 10 s apart.
    for (let i = 0; i < 4; i++) {
      expect(await budget.acquire()).toEqual({ ok: true });
      now += 10_000;
    }
    await server.kill();
    // 65 s after the first: that one is due back, the other 3 still count.
    now = 1_065_000;
    expect(await claims(budget, 20)).toBe(10 - 3);
    expect(conn.state().connected).toBe(false);
    // And the fallback knows when the next is free: the second claim's send plus the window.
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 5_000 });
    expect(budget.snapshot()).toMatchObject({ used: 10, retryAfterMs: 5_000 });
  });

  it("still holds off when writing the upstream's hold to Redis failed", async () => {
    const budget = createSharedBudget(conn, { name: "deployment", limit: 10, windowMs: 60_000 });
    expect(await budget.acquire()).toEqual({ ok: true });
    await server.kill();
    budget.observe(0, 30);
    expect(await budget.acquire()).toMatchObject({ ok: false });
    // Redis is back, empty and without the hold: this instance was told, and still holds off.
    await server.restart();
    await eventually(() => conn.healthy(), 15_000);
    const refused = await budget.acquire();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(25_000);
    expect(budget.snapshot().blockedUntil).toBeGreaterThan(Date.now() + 25_000);
    expect(await conn.run((c) => c.exists("fallback:{budget:deployment}:hold"))).toBe(0);
  });
});
