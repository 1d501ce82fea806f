import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";
import { describeRedis, eventually, startRedis } from "@/lib/test/redis";
import { resetConfig } from "./config";
import { connectSharedStoreAtStartup } from "./startup";
import type { RedisConnection } from "./store/redis";

/** The process's connection as every store finds it (lib/server/store/redis.ts), or false for none. */
const SLOT = Symbol.for("realtimekit-inspector.redis");
const slots = globalThis as unknown as Record<symbol, RedisConnection | false | undefined>;

afterEach(async () => {
  const made = slots[SLOT];
  if (made) await made.close();
  delete slots[SLOT];
  vi.unstubAllEnvs();
  resetConfig();
});

/** A valid configuration (demo mode, one sign-in method), as start-up's check requires, and `vars`. */
function env(vars: Record<string, string>) {
  const valid = {
    DEMO_MODE: "true",
    AUTH_SECRET: "startup-test-secret-0123456789abcdef0123",
    AUTH_URL: "http://127.0.0.1:3000",
    AUTH_OIDC_ISSUER: "https://idp.example.com",
    AUTH_OIDC_ID: "inspector",
    AUTH_OIDC_SECRET: "oidc-client-secret-value",
  };
  for (const [k, v] of Object.entries({ ...valid, ...vars })) vi.stubEnv(k, v);
  resetConfig();
}

describe("the shared store at start-up", () => {
  it("makes no connection without REDIS_URL, nor during `next build`", () => {
    env({ REDIS_URL: "" });
    connectSharedStoreAtStartup();
    expect(slots[SLOT]).toBe(false);
    delete slots[SLOT];
    env({ REDIS_URL: "redis://127.0.0.1:1", NEXT_PHASE: "phase-production-build" });
    connectSharedStoreAtStartup();
    expect(slots[SLOT]).toBeUndefined();
  });

  it("neither waits for nor fails on a Redis that is down: the connection is made in the background", async () => {
    // Nothing listens on port 1.
    env({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(connectSharedStoreAtStartup()).toBeUndefined();
    const made = slots[SLOT];
    expect(made).toBeTruthy();
    await eventually(() => (made as RedisConnection).state().lastError !== null);
    expect((made as RedisConnection).state().connected).toBe(false);
  });
});

describeRedis("the shared store at start-up, with Redis", () => {
  it("is connected by the server's start (instrumentation's register), before any request asks", async () => {
    const server = await startRedis();
    try {
      env({ REDIS_URL: server.url, NEXT_RUNTIME: "nodejs" });
      await register();
      const made = slots[SLOT];
      expect(made, "register() started no connection").toBeTruthy();
      await eventually(() => (made as RedisConnection).healthy());
    } finally {
      const made = slots[SLOT];
      if (made) await made.close();
      delete slots[SLOT];
      await server.stop();
    }
  });

  it("leaves the edge runtime alone", async () => {
    const server = await startRedis();
    try {
      env({ REDIS_URL: server.url, NEXT_RUNTIME: "edge" });
      await register();
      expect(slots[SLOT]).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
