import { RateLimiterRedis } from "rate-limiter-flexible";
import { createClient } from "redis";
import { expect, it } from "vitest";
import { describeRedis, redisForTests } from "@/lib/test/redis";
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
