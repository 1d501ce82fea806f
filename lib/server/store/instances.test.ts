import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { withSimulator } from "@/lib/test/demo-env";
import { buildVerdict } from "@/lib/report/verdict";
import { findings } from "@/lib/report/findings";
import { bump, report, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import { describeRedis, eventually, startRedis, redisForTests, type TestRedis } from "@/lib/test/redis";
import { createMemoryCache } from "../cache";
import { log } from "../log";
import { createMemoryIndexStore, createQualityIndex } from "../quality-index";
import { createMemoryBudget } from "../rate-budget";
import { createRealtimeKitClient } from "../realtimekit/client";
import { accountKey, createMemoryThrottle, throttledSignIn, type ThrottleLimits } from "../auth/throttle";
import { createMemoryUserShareStore } from "../user-share";
import { createRedisConnection, redisClientOptions, type RedisConnection } from "./redis";
import { createSharedBudget } from "./shared-budget";
import { createSharedCache } from "./shared-cache";
import { createSharedIndexStore } from "./shared-index";
import { createSharedThrottle } from "./shared-throttle";
import { createSharedUserShareStore } from "./shared-user-share";

/**
 * Several app instances on one Redis (docs/shared-store.md): each "instance" is its own connection
 * and its own set of store objects, as two processes would have, and they share one budget, one
 * cache, one index and one throttle. Then Redis dies mid-test and comes back.
 */

const APP = SIM.apps.prod.id;
const LIMITS: ThrottleLimits = { perAccount: 3, perAddress: 100, windowMs: 60_000 };

const sim = withSimulator();
const upstreamPaths = sim.upstreamPaths;
beforeEach(async () => {
  await fetch(`${sim.origin()}/__sim/requests`, { method: "DELETE" });
});

/** What one app process builds on its connection (the factories in lib/server/store/index.ts, made explicit). */
function instance(redis: RedisConnection, budgetLimit = 1_000) {
  const cache = createSharedCache(redis, createMemoryCache(1 << 24), { maxEntryBytes: 1 << 22 });
  const budget = createSharedBudget(redis, { name: "deployment", limit: budgetLimit, windowMs: 300_000 });
  const client = createRealtimeKitClient({
    config: { baseUrl: sim.url(), accountId: SIM_DEFAULTS.accountId, token: SIM_DEFAULTS.token, timeoutMs: 5_000 },
    cache,
    budget,
  });
  const index = createQualityIndex({
    store: createSharedIndexStore(redis, createMemoryIndexStore(100)),
    thresholds: () => DEFAULT_THRESHOLDS,
    endedTtlMs: () => 86_400_000,
  });
  const throttle = createSharedThrottle(redis, createMemoryThrottle(LIMITS), LIMITS);
  const shares = createSharedUserShareStore(redis, createMemoryUserShareStore());
  return { cache, budget, client, index, throttle, shares };
}

function verdict(peerId: string, sessionId: string) {
  const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
  r.participant.sessionId = sessionId;
  return buildVerdict(r, findings(r, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS, { live: false, now: Date.now(), peerId });
}

describe("the shared store's client", () => {
  it("speaks TLS exactly when the URL says rediss://", () => {
    expect(redisClientOptions("rediss://default:pw@redis.example.com:6380").socket.tls).toBe(true);
    expect(redisClientOptions("redis://127.0.0.1:6379/1").socket.tls).toBe(false);
    expect(redisClientOptions("redis://127.0.0.1:6379").disableOfflineQueue).toBe(true);
  });
});

describeRedis("two instances on one Redis", () => {
  const redis = redisForTests();

  it("never spend more than the budget together, however their claims interleave", async () => {
    const [a, b] = await redis.instances(2);
    const one = instance(a!, 150).budget;
    const two = instance(b!, 150).budget;
    // 2 × 200 claims at once, interleaved: each instance alone would grant 150.
    const claims = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 ? one : two).acquire()));
    expect(claims.filter((c) => c.ok)).toHaveLength(150);
    expect((await one.read()).used).toBe(150);
    // The refused learn when the next request is free: the oldest of the 150 plus the window.
    const refused = claims.find((c) => !c.ok);
    expect(refused && !refused.ok && refused.retryAfterMs).toBeGreaterThan(290_000);
  });

  it("see each other's claims in their quick look (the health check's), within a second", async () => {
    const [a, b] = await redis.instances(2);
    const one = instance(a!).budget;
    const two = instance(b!).budget;
    for (let i = 0; i < 3; i++) await one.acquire();
    expect(one.snapshot().used).toBe(3);
    await eventually(() => two.snapshot().used === 3);
  });

  it("hold off together when the upstream tells one of them to", async () => {
    const [a, b] = await redis.instances(2);
    const one = instance(a!).budget;
    const two = instance(b!).budget;
    one.observe(0, 30);
    await eventually(async () => (await two.read()).blockedUntil !== null);
    const refused = await two.acquire();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(25_000);
  });

  it("share one cache: the second makes no upstream call for a report the first fetched", async () => {
    const [a, b] = await redis.instances(2);
    const first = instance(a!);
    const second = instance(b!);
    const fetched = await first.client.getPeerReport(APP, SIM.peers.healthy);
    const paths = await upstreamPaths();
    expect(paths.filter((p) => p.includes("peer-report"))).toHaveLength(1);
    const served = await second.client.getPeerReport(APP, SIM.peers.healthy);
    expect(served).toEqual(fetched);
    expect(await upstreamPaths()).toEqual(paths);
    // And the call it made was counted in the budget both claim from.
    expect((await second.budget.read()).used).toBe(paths.length);
  });

  it("read a cache entry from Redis once for a burst of asks, and again once the near copy is old", async () => {
    const [a, b] = await redis.instances(2);
    const writer = createSharedCache(a!, createMemoryCache(1 << 24), { maxEntryBytes: 1 << 22 });
    const near = createMemoryCache(1 << 24);
    const reader = createSharedCache(b!, createMemoryCache(1 << 24), { maxEntryBytes: 1 << 22, near, nearMs: 200 });
    await writer.set("near-test", { v: 1 }, { ttlMs: 60_000, sizeBytes: 16 });
    const reads = vi.spyOn(b!, "attempt");
    for (let i = 0; i < 5; i++) expect(await reader.get("near-test")).toEqual({ v: 1 });
    expect(reads).toHaveBeenCalledTimes(1);
    await writer.set("near-test", { v: 2 }, { ttlMs: 60_000, sizeBytes: 16 });
    // Within its near time the reader answers from the copy it read; after it, from Redis again.
    expect(await reader.get("near-test")).toEqual({ v: 1 });
    await new Promise((r) => setTimeout(r, 250));
    expect(await reader.get("near-test")).toEqual({ v: 2 });
    reads.mockRestore();
  });

  it("serve from the shared cache exactly what was fetched, odd reports included", async () => {
    const [a, b] = await redis.instances(2);
    const first = instance(a!);
    const second = instance(b!);
    const peers = Object.values(SIM.peers).filter((p) => p !== SIM.peers.webinarAttendee);
    for (const peer of peers) {
      const fetched = await first.client.getPeerReport(APP, peer).catch((e: Error) => e.message);
      const served = await second.client.getPeerReport(APP, peer).catch((e: Error) => e.message);
      expect(served, peer).toStrictEqual(fetched);
    }
  });

  it("share one quality index: a verdict one records is in the other's roll-up", async () => {
    const [a, b] = await redis.instances(2);
    const first = instance(a!);
    const second = instance(b!);
    await Promise.all([
      first.index.record(APP, verdict("p1", "s1")),
      second.index.record(APP, verdict("p2", "s1")),
      first.index.record(APP, verdict("p3", "s1")),
    ]);
    expect((await second.index.get(APP, "p1"))?.level).toBe("poor");
    expect((await first.index.sessionSummaries(APP, ["s1"]))[0]).toMatchObject({ checked: 3, poor: 3 });
  });

  it("share one sign-in throttle: failures on either count towards one lock", async () => {
    const [a, b] = await redis.instances(2);
    const first = instance(a!);
    const second = instance(b!);
    const keys = [accountKey("ana@example.com")];
    await first.throttle.attempt(keys);
    const right = await second.throttle.attempt(keys);
    expect(await first.throttle.attempt(keys)).toMatchObject({ ok: true });
    expect((await second.throttle.attempt(keys)).ok).toBe(false);
    await second.throttle.succeeded(keys, right.ok ? right.attemptId : "");
    expect(await first.throttle.attempt(keys)).toMatchObject({ ok: true });
  });

  it("share one sign-in throttle: wrong guesses sent at once to both stop at the limit", async () => {
    const [a, b] = await redis.instances(2);
    const first = instance(a!);
    const second = instance(b!);
    const keys = [accountKey("ana@example.com")];
    const wrong = () => new Promise<boolean>((r) => setTimeout(() => r(false), 20));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => throttledSignIn((i % 2 ? first : second).throttle, keys, wrong)),
    );
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(LIMITS.perAccount);
  });

  it("share each user's count", async () => {
    const [a, b] = await redis.instances(2);
    await instance(a!).shares.record("ana@example.com", 1_000, 60_000);
    await instance(b!).shares.record("ana@example.com", 2_000, 60_000);
    expect(await instance(a!).shares.recent("ana@example.com", 0)).toEqual({ count: 2, oldestMs: 1_000 });
  });

  it("keep no e-mail or address in clear in Redis's keys", async () => {
    const [a] = await redis.instances(1);
    const one = instance(a!);
    await one.throttle.attempt([accountKey("ana@example.com"), "address:203.0.113.9"]);
    await one.shares.record("ana@example.com", Date.now(), 60_000);
    const keys = await a!.run((c) => c.keys(`${a!.prefix}*`));
    expect(keys.length).toBe(3);
    expect(keys.join(" ")).not.toMatch(/ana|example|203\.0/);
  });
});

describeRedis("losing Redis", () => {
  let server: TestRedis;
  let open: RedisConnection[] = [];
  beforeEach(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(open.map((c) => c.close()));
    open = [];
    await server.stop();
  });
  const connect = async () => {
    const c = createRedisConnection({ url: server.url, prefix: "outage:" });
    open.push(c);
    await eventually(() => c.healthy());
    return c;
  };

  it("serves every call from memory with one warning, and shares again once Redis is back", async () => {
    const warn = vi.spyOn(log, "warn");
    const a = await connect();
    const b = await connect();
    const first = instance(a);
    const second = instance(b);
    await first.cache.set("k", { v: 1 }, { ttlMs: 60_000, sizeBytes: 10 });
    expect(await second.cache.get("k")).toEqual({ v: 1 });

    await server.kill();
    // Every store still answers: from this instance's memory, as without Redis.
    expect(await second.cache.get("k")).toBeUndefined();
    await second.cache.set("k", { v: 2 }, { ttlMs: 60_000, sizeBytes: 10 });
    expect(await second.cache.get("k")).toEqual({ v: 2 });
    expect(await second.budget.acquire()).toEqual({ ok: true });
    expect(second.budget.snapshot().used).toBe(1);
    expect(await second.throttle.attempt([accountKey("ana@example.com")])).toMatchObject({ ok: true });
    await second.index.record(APP, verdict("p1", "s1"));
    expect((await second.index.get(APP, "p1"))?.level).toBe("poor");
    expect(await first.cache.get("k")).toBeUndefined();
    const report = await first.client.getPeerReport(APP, SIM.peers.lossBurst);
    expect(report.participant.peerId).toBe(SIM.peers.lossBurst);

    // One warning per instance for the whole outage, however many calls failed.
    const outages = warn.mock.calls.filter((c) => String(c[1]).includes("shared store unreachable"));
    expect(outages).toHaveLength(2);
    expect(b.state()).toMatchObject({ configured: true, connected: false });
    expect(b.state().lastError).toBeTruthy();

    await server.restart();
    await eventually(() => a.healthy() && b.healthy(), 15_000);
    expect(b.state()).toEqual({ configured: true, connected: true, lastError: expect.any(String) });
    // The same clients, sharing again: what one writes the other reads.
    await first.cache.set("k", { v: 3 }, { ttlMs: 60_000, sizeBytes: 10 });
    expect(await second.cache.get("k")).toEqual({ v: 3 });
    expect(await first.budget.acquire()).toEqual({ ok: true });
    expect((await second.budget.read()).used).toBe(1);
    expect(warn.mock.calls.filter((c) => String(c[1]).includes("shared store unreachable"))).toHaveLength(2);
  });

  it("a Redis that hangs costs one timeout a second, not one per call, and is used again when it answers", async () => {
    const a = await connect();
    const cache = instance(a).cache;
    const pid = server.pid()!;
    process.kill(pid, "SIGSTOP");
    try {
      const started = Date.now();
      for (let i = 0; i < 10; i++) expect(await cache.get(`k${i}`)).toBeUndefined();
      await cache.set("k", { v: 1 }, { ttlMs: 60_000, sizeBytes: 10 });
      // The first call waits out its timeout (2 s for a cached value); the rest do not wait.
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(a.state().connected).toBe(false);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await eventually(async () => {
      await cache.get("probe");
      return a.healthy();
    }, 15_000);
    await cache.set("k", { v: 2 }, { ttlMs: 60_000, sizeBytes: 10 });
    expect(await a.run((c) => c.get("outage:cache:k"))).toBe(JSON.stringify({ v: 2 }));
  });

  it("starts without Redis: calls use memory until it comes up, then Redis", async () => {
    await server.kill();
    const c = createRedisConnection({ url: server.url, prefix: "late:" });
    open.push(c);
    const budget = createSharedBudget(c, { name: "deployment", limit: 5, windowMs: 60_000 });
    const started = Date.now();
    expect(await budget.acquire()).toEqual({ ok: true });
    // Never waits long for a Redis that is not there.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(c.state().connected).toBe(false);
    await server.restart();
    await eventually(() => c.healthy(), 15_000);
    expect(await budget.acquire()).toEqual({ ok: true });
    expect((await budget.read()).used).toBe(1);
  });
});

describe("a memory budget, for comparison", () => {
  it("lets two instances each spend the whole limit: why the budget is shared", async () => {
    const one = createMemoryBudget({ limit: 150, windowMs: 300_000 });
    const two = createMemoryBudget({ limit: 150, windowMs: 300_000 });
    const claims = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 ? one : two).acquire()));
    expect(claims.filter((c) => c.ok)).toHaveLength(300);
  });
});
