import { describe, expect, it } from "vitest";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createCoalescer, createMemoryCache, type ResponseCache } from "./cache";
import { createSharedCache } from "./store/shared-cache";

const redis = redisForTests();
// The same contract for the in-memory cache and the shared one (docs/shared-store.md).
const backends: (readonly [string, (maxBytes: number) => Promise<ResponseCache>])[] = [
  ["memory", async (maxBytes) => createMemoryCache(maxBytes)],
  ...(redisAvailable
    ? [
        [
          "redis",
          async (maxBytes: number) =>
            createSharedCache(await redis.connect(), createMemoryCache(maxBytes), { maxEntryBytes: maxBytes / 4 }),
        ] as const,
      ]
    : []),
];

describe.each(backends)("%s response cache", (_, createCache) => {
  it("expires entries after their own TTL", async () => {
    const cache = await createCache(1024);
    await cache.set("short", 1, { ttlMs: 20, sizeBytes: 1 });
    await cache.set("long", 2, { ttlMs: 60_000, sizeBytes: 1 });
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get("short")).toBeUndefined();
    expect(await cache.get("long")).toBe(2);
  });

  it("gives back plain data as it was put, and forgets a deleted entry", async () => {
    const cache = await createCache(1 << 20);
    const value = { id: "p1", names: ["Ana", "<b>x</b>"], nested: { lossPct: 2.5, at: null }, ok: true };
    await cache.set("report|a|p1", value, { ttlMs: 60_000, sizeBytes: 100 });
    expect(await cache.get("report|a|p1")).toEqual(value);
    expect(await cache.get("report|a|p2")).toBeUndefined();
    await cache.delete("report|a|p1");
    expect(await cache.get("report|a|p1")).toBeUndefined();
  });

  it("keeps neither an entry over a quarter of its size nor one with no lifetime", async () => {
    const cache = await createCache(1000);
    await cache.set("huge", "x", { ttlMs: 60_000, sizeBytes: 600 });
    await cache.set("none", "y", { ttlMs: 0, sizeBytes: 1 });
    expect(await cache.get("huge")).toBeUndefined();
    expect(await cache.get("none")).toBeUndefined();
  });
});

describe("memory cache", () => {
  it("stays within its byte bound, evicting the least recently used", async () => {
    const cache = createMemoryCache(1000);
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i, { ttlMs: 60_000, sizeBytes: 200 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(await cache.get("k0")).toBeUndefined();
    expect(await cache.get("k9")).toBe(9);
  });

  it("does not keep an entry larger than a quarter of the cache, nor a zero TTL", async () => {
    const cache = createMemoryCache(1000);
    await cache.set("huge", "x", { ttlMs: 60_000, sizeBytes: 600 });
    await cache.set("none", "y", { ttlMs: 0, sizeBytes: 1 });
    expect(cache.stats().entries).toBe(0);
  });
});

describe("coalescer", () => {
  it("shares one in-flight promise between identical concurrent calls, then forgets it", async () => {
    const coalesce = createCoalescer();
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return runs;
    };
    const results = await Promise.all([coalesce("k", work), coalesce("k", work), coalesce("k", work)]);
    expect(results).toEqual([1, 1, 1]);
    expect(await coalesce("k", work)).toBe(2);
  });

  it("shares failures too, and lets the next call try again", async () => {
    const coalesce = createCoalescer();
    let runs = 0;
    const failing = async () => {
      runs++;
      throw new Error("boom");
    };
    await expect(Promise.all([coalesce("k", failing), coalesce("k", failing)])).rejects.toThrow("boom");
    expect(runs).toBe(1);
    await expect(coalesce("k", failing)).rejects.toThrow("boom");
    expect(runs).toBe(2);
  });
});
