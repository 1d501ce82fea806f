import { describe, expect, it } from "vitest";
import { describeRedis, redisAvailable, redisForTests } from "@/lib/test/redis";
import { createMemoryRevocationStore, type RevocationStore } from "../auth/revocation";
import { createSharedRevocationStore } from "./shared-revocation";

const redis = redisForTests();
const HOUR = 3_600_000;

// The same contract for the in-memory list and the shared one (docs/shared-store.md).
const stores: (readonly [string, (now: () => number) => Promise<RevocationStore>])[] = [
  ["memory", async (now) => createMemoryRevocationStore(now)],
  ...(redisAvailable
    ? [
        [
          "redis",
          async (now: () => number) =>
            createSharedRevocationStore(await redis.connect(), createMemoryRevocationStore(now), now),
        ] as const,
      ]
    : []),
];

describe.each(stores)("%s revocation list", (_, createStore) => {
  it("refuses a revoked session until its cookie would have expired, and no other", async () => {
    let now = Date.now();
    const store = await createStore(() => now);
    await store.revoke("sid-1", now + HOUR);
    await store.revoke("sid-past", now - 1);
    expect(await store.isRevoked("sid-1")).toBe(true);
    expect(await store.isRevoked("sid-2")).toBe(false);
    expect(await store.isRevoked("sid-past")).toBe(false);
    now += HOUR;
    expect(await store.isRevoked("sid-1")).toBe(false);
  });

  it("keeps the latest 'not before'", async () => {
    const store = await createStore(() => Date.now());
    expect(await store.notBefore()).toBeNull();
    await store.setNotBefore(2_000);
    await store.setNotBefore(1_000);
    expect(await store.notBefore()).toBe(1_000);
  });
});

describeRedis("the shared revocation list", () => {
  it("says it is shared, so `npm run end-sessions` may write to it", async () => {
    const store = createSharedRevocationStore(await redis.connect(), createMemoryRevocationStore());
    expect(store.shared).toBe(true);
  });

  it("ends a session on every instance: one signs out, the other refuses the cookie", async () => {
    const [a, b] = await redis.instances(2);
    const first = createSharedRevocationStore(a!, createMemoryRevocationStore());
    const second = createSharedRevocationStore(b!, createMemoryRevocationStore());
    await first.revoke("sid-1", Date.now() + HOUR);
    expect(await second.isRevoked("sid-1")).toBe(true);
    await second.setNotBefore(12_345);
    expect(await first.notBefore()).toBe(12_345);
  });

  it("keeps its entries out of eviction: no Redis lifetime on the list or on 'not before'", async () => {
    const [a] = await redis.instances(1);
    const store = createSharedRevocationStore(a!, createMemoryRevocationStore());
    await store.revoke("sid-1", Date.now() + HOUR);
    await store.setNotBefore(1);
    const ttls = await a!.run((c) =>
      Promise.all([c.pTTL(`${a!.prefix}revoked`), c.pTTL(`${a!.prefix}sessions-not-before`)]),
    );
    expect(ttls).toEqual([-1, -1]);
  });
});

describe("the shared revocation list without Redis", () => {
  it("rejects 'not before' it could not store, and keeps sign-outs in memory", async () => {
    const { createRedisConnection } = await import("./redis");
    // Nothing listens on port 1.
    const down = createRedisConnection({ url: "redis://127.0.0.1:1", prefix: "none:" });
    try {
      const store = createSharedRevocationStore(down, createMemoryRevocationStore());
      await expect(store.setNotBefore(1)).rejects.toThrow();
      await store.revoke("sid-1", Date.now() + HOUR);
      expect(await store.isRevoked("sid-1")).toBe(true);
      expect(await store.isRevoked("sid-2")).toBe(false);
    } finally {
      await down.close();
    }
  });
});

describe("the shared revocation list while Redis is away", () => {
  it("still ends the sessions ended before: the last 'not before' Redis gave is kept", async () => {
    const { createSharedRevocationStore: create } = await import("./shared-revocation");
    let up = true;
    // A connection whose Redis holds a 'not before' set elsewhere (`npm run end-sessions`), then goes away.
    const client = { get: async () => "12345" };
    const conn = {
      prefix: "t:",
      run: async () => {
        throw new Error("down");
      },
      attempt: async <T>(work: (c: never) => Promise<T>, fallback: () => T | Promise<T>) =>
        up ? work(client as never) : fallback(),
      healthy: () => up,
      state: () => ({ configured: true, connected: up, lastError: null }),
      close: async () => {},
    };
    const store = create(conn as never, createMemoryRevocationStore());
    expect(await store.notBefore()).toBe(12_345);
    up = false;
    expect(await store.notBefore()).toBe(12_345);
  });
});
