import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryRevocationStore, sessionRevocations, type RevocationStore } from "@/lib/server/auth/revocation";
import { resetConfig } from "@/lib/server/config";
import { describeRedis, startRedis, type TestRedis } from "@/lib/test/redis";
import { endSessions } from "./end-sessions";

const NOW = Date.parse("2026-12-01T09:30:00Z");
const noPause = async () => {};

/** A stand-in for a shared store: the memory one, flagged shared, failing its first `failures` writes. */
function sharedStore(failures = 0): RevocationStore & { writes: number } {
  const inner = createMemoryRevocationStore(() => NOW);
  const store = {
    ...inner,
    shared: true,
    writes: 0,
    async setNotBefore(at: number) {
      store.writes++;
      if (store.writes <= failures) throw new Error("store unreachable");
      await inner.setNotBefore(at);
    },
  };
  return store;
}

describe("npm run end-sessions", () => {
  it("sets the shared store's not-before to now", async () => {
    const store = sharedStore();
    const result = await endSessions(store, () => NOW, noPause);
    expect(result).toEqual({ ok: true, message: expect.stringContaining("2026-12-01T09:30:00.000Z") });
    expect(await store.notBefore()).toBe(NOW);
  });

  it("retries a store that fails for a moment, and says so when it never takes the change", async () => {
    const flaky = sharedStore(2);
    expect((await endSessions(flaky, () => NOW, noPause)).ok).toBe(true);
    expect(await flaky.notBefore()).toBe(NOW);

    const down = sharedStore(99);
    const result = await endSessions(down, () => NOW, noPause);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("store unreachable") });
    expect(down.writes).toBe(3);
    expect(await down.notBefore()).toBeNull();
  });

  it("without a shared store, changes nothing and names the variable to set instead", async () => {
    const local = createMemoryRevocationStore(() => NOW);
    const result = await endSessions(local, () => NOW, noPause);
    expect(result.ok).toBe(false);
    expect(result.message).toContain("AUTH_SESSIONS_NOT_BEFORE=2026-12-01T09:30:00.000Z");
    expect(result.message).toContain("AUTH_SECRET");
    expect(await local.notBefore()).toBeNull();
  });
});

/** `npm run end-sessions` as an operator runs it, in a process of its own. */
function runCommand(env: Record<string, string>) {
  const { REDIS_URL: _unset, ...rest } = process.env;
  const res = spawnSync("npm", ["run", "--silent", "end-sessions"], {
    env: { ...rest, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Closes and forgets the process's store and its connection, as a fresh server process would start. */
async function freshProcess() {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  for (const name of ["redis", "session-revocations"]) {
    const key = Symbol.for(`realtimekit-inspector.${name}`);
    const value = slots[key] as { close?: () => Promise<void> } | false | undefined;
    if (value && typeof value.close === "function") await value.close();
    delete slots[key];
  }
  resetConfig();
}

describe("the end-sessions command", () => {
  it("without REDIS_URL, exits 1 and prints the AUTH_SESSIONS_NOT_BEFORE line to set", () => {
    const { status, stderr } = runCommand({});
    expect(status).toBe(1);
    expect(stderr).toMatch(/AUTH_SESSIONS_NOT_BEFORE=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/);
  });
});

describeRedis("the end-sessions command with a shared store", () => {
  let redis: TestRedis;
  const saved = process.env.REDIS_URL;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
    await freshProcess();
  });

  it("sets the not-before time every server process reads", async () => {
    const before = Date.now();
    const { status, stdout } = runCommand({ REDIS_URL: redis.url });
    expect(status, stdout).toBe(0);
    expect(stdout).toContain("ended on every instance");

    // A server process of the deployment, started afresh, sees it.
    process.env.REDIS_URL = redis.url;
    await freshProcess();
    const store = sessionRevocations();
    expect(store.shared).toBe(true);
    const at = await store.notBefore();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  }, 60_000);

  it("exits 1 without changing anything when the store is down", async () => {
    await redis.kill();
    const { status, stderr } = runCommand({ REDIS_URL: redis.url });
    expect(status).toBe(1);
    expect(stderr).toContain("no session was ended");
    await redis.restart();
  }, 60_000);
});
