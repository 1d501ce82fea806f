import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "../config";
import { sharedRedis, storeState } from "./redis";

/** The process's connection, as /api/ready and every store's factory see it. */

const SLOT = Symbol.for("realtimekit-inspector.redis");
const slots = globalThis as unknown as Record<symbol, unknown>;

afterEach(async () => {
  const made = slots[SLOT];
  if (made) await (made as { close(): Promise<void> }).close();
  delete slots[SLOT];
  vi.unstubAllEnvs();
  resetConfig();
});

describe("the process's shared store", () => {
  it("is none without REDIS_URL: in memory as before, and /api/ready says it is not configured", () => {
    vi.stubEnv("REDIS_URL", "");
    resetConfig();
    expect(sharedRedis()).toBeNull();
    expect(storeState()).toEqual({ configured: false, connected: false, lastError: null });
  });

  it("is one connection per process with REDIS_URL, reported not connected while Redis does not answer", async () => {
    // Nothing listens on port 1.
    vi.stubEnv("REDIS_URL", "redis://default:s3cret@127.0.0.1:1");
    resetConfig();
    const redis = sharedRedis();
    expect(redis).not.toBeNull();
    expect(sharedRedis()).toBe(redis);
    await expect(redis!.run((c) => c.ping())).rejects.toThrow();
    expect(storeState()).toMatchObject({ configured: true, connected: false });
    expect(storeState().lastError).toBeTruthy();
    expect(storeState().lastError).not.toContain("s3cret");
  });

  it("makes no connection during `next build`", () => {
    vi.stubEnv("REDIS_URL", "redis://127.0.0.1:1");
    vi.stubEnv("NEXT_PHASE", "phase-production-build");
    resetConfig();
    expect(sharedRedis()).toBeNull();
  });
});
