import { createServer, connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { describeRedis, eventually, redisAvailable, redisForTests, startRedis } from "@/lib/test/redis";
import { createMemoryRevocationStore, type RevocationStore } from "../auth/revocation";
import { COMMAND_TIMEOUT_MS, createRedisConnection, type RedisConnection } from "./redis";
import { createSharedRevocationStore, FIRST_CONNECT_TIMEOUT_MS, revocationTimeoutMs } from "./shared-revocation";

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

describe("how long a revocation call waits for Redis", () => {
  it("waits for a fresh instance's first connection, then no longer than any command", () => {
    // Neither connected nor failed yet: the first connection is still being made.
    expect(revocationTimeoutMs({ configured: true, connected: false, lastError: null })).toBe(FIRST_CONNECT_TIMEOUT_MS);
    expect(revocationTimeoutMs({ configured: true, connected: true, lastError: null })).toBe(COMMAND_TIMEOUT_MS);
    // Down (first connection refused, or an outage later): memory at once, as every store.
    expect(revocationTimeoutMs({ configured: true, connected: false, lastError: "ECONNREFUSED" })).toBe(
      COMMAND_TIMEOUT_MS,
    );
    expect(revocationTimeoutMs({ configured: true, connected: true, lastError: "an old one" })).toBe(
      COMMAND_TIMEOUT_MS,
    );
    expect(FIRST_CONNECT_TIMEOUT_MS).toBeGreaterThan(COMMAND_TIMEOUT_MS);
  });
});

/** A TCP relay to `port` that holds each new connection `delayMs` before relaying: a slow first connect. */
async function slowRelay(port: number, delayMs: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    setTimeout(() => {
      const upstream = connect(port, "127.0.0.1");
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
      client.resume();
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeRedis("the shared revocation list across a Redis outage and a fresh instance", () => {
  it("writes sign-outs made while Redis was down once it answers, so other instances refuse them too", async () => {
    const server = await startRedis();
    const prefix = "outage:";
    const open: RedisConnection[] = [];
    const connection = async () => {
      const c = createRedisConnection({ url: server.url, prefix });
      open.push(c);
      await eventually(() => c.healthy());
      return c;
    };
    try {
      let now = Date.now();
      const a = await connection();
      const first = createSharedRevocationStore(
        a,
        createMemoryRevocationStore(() => now),
        () => now,
      );
      await server.kill();
      await first.revoke("sid-outage", now + HOUR);
      await first.revoke("sid-short", now + 60_000);
      // This instance refuses it at once, from memory.
      expect(await first.isRevoked("sid-outage")).toBe(true);

      await server.restart();
      await eventually(() => a.healthy());
      const b = await connection();
      const second = createSharedRevocationStore(b, createMemoryRevocationStore());
      // Redis restarted empty: nobody else knows yet.
      expect(await second.isRevoked("sid-outage")).toBe(false);

      // The next call on the first instance that Redis answers writes what it kept, except a
      // sign-out whose cookie has expired by now (kept no longer than that).
      now += 2 * 60_000;
      expect(await first.isRevoked("sid-outage")).toBe(true);
      expect(await second.isRevoked("sid-outage")).toBe(true);
      expect(await second.isRevoked("sid-short")).toBe(false);
      expect(await b.run((c) => c.zCard(`${prefix}revoked`))).toBe(1);
    } finally {
      await Promise.all(open.map((c) => c.close()));
      await server.stop();
    }
  }, 30_000);

  it("a call of any kind takes the pending sign-outs to Redis", async () => {
    const server = await startRedis();
    const open: RedisConnection[] = [];
    try {
      const [a, b] = [0, 1].map(() => createRedisConnection({ url: server.url, prefix: "any:" }));
      open.push(a!, b!);
      await eventually(() => a!.healthy() && b!.healthy());
      const first = createSharedRevocationStore(a!, createMemoryRevocationStore());
      const second = createSharedRevocationStore(b!, createMemoryRevocationStore());
      await server.kill();
      await first.revoke("sid-1", Date.now() + HOUR);
      await server.restart();
      await eventually(() => a!.healthy() && b!.healthy());
      expect(await first.notBefore()).toBeNull();
      expect(await second.isRevoked("sid-1")).toBe(true);
    } finally {
      await Promise.all(open.map((c) => c.close()));
      await server.stop();
    }
  }, 30_000);

  it("a fresh instance whose first connection is slow still refuses a cookie signed out elsewhere", async () => {
    const server = await startRedis();
    const writer = createRedisConnection({ url: server.url, prefix: "fresh:" });
    // Slower than a command may take, well within the first connection's allowance.
    const relay = await slowRelay(server.port, 3 * COMMAND_TIMEOUT_MS);
    const fresh = createRedisConnection({ url: relay.url, prefix: "fresh:" });
    try {
      await eventually(() => writer.healthy());
      await createSharedRevocationStore(writer, createMemoryRevocationStore()).revoke("sid-1", Date.now() + HOUR);
      const store = createSharedRevocationStore(fresh, createMemoryRevocationStore());
      expect(await store.isRevoked("sid-1")).toBe(true);
      expect(fresh.state()).toMatchObject({ connected: true, lastError: null });
      expect(revocationTimeoutMs(fresh.state())).toBe(COMMAND_TIMEOUT_MS);
    } finally {
      await Promise.all([writer.close(), fresh.close()]);
      await relay.close();
      await server.stop();
    }
  }, 30_000);
});
