import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

// route() loads the sign-in machinery (for other routes' sign-in check), which needs Next.js.
vi.mock("@/auth", () => ({ auth: async () => null }));
import { DEMO_UPSTREAM, resetConfig } from "@/lib/server/config";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import { describeRedis, startRedis, type TestRedis } from "@/lib/test/redis";
import { GET } from "./route";

/** /api/ready against the simulator over real HTTP, and a REDIS_URL nobody answers at. */

const sim = withSimulatedUpstream();
const slots = globalThis as Record<symbol, unknown>;
const fresh = () => {
  resetConfig();
  for (const name of ["readiness", "upstream", "redis"]) delete slots[Symbol.for(`realtimekit-inspector.${name}`)];
};
const ask = async () => {
  const res = await GET(new Request("http://127.0.0.1/api/ready"), {});
  return { status: res.status, text: await res.text() };
};
const apps = async () => (await sim.upstreamPaths()).filter((p) => p.endsWith("/apps")).length;

afterEach(async () => {
  await fetch(`${sim.origin()}/__sim/faults`, { method: "DELETE" });
  const redis = slots[Symbol.for("realtimekit-inspector.redis")] as { close?: () => Promise<void> } | undefined;
  await redis?.close?.();
  // Empty counts as unset; unstubbing all would take the demo configuration too.
  vi.stubEnv("REDIS_URL", "");
  fresh();
});

describe("GET /api/ready against RealtimeKit", () => {
  it("is ready with the token accepted, and asks RealtimeKit once for many probes", async () => {
    fresh();
    const before = await apps();
    const first = await ask();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ status: "ready", checks: { upstream: { ok: true } } });
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
    expect((await apps()) - before).toBe(1);
  });

  it("answers 503 naming the upstream when RealtimeKit refuses the token, without repeating it", async () => {
    fresh();
    await fetch(`${sim.origin()}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "status", status: 401 }),
    });
    const r = await ask();
    expect(r.status).toBe(503);
    expect(JSON.parse(r.text)).toMatchObject({ failing: ["upstream"], checks: { upstream: { error: "http 401" } } });
    expect(r.text).not.toContain(DEMO_UPSTREAM.token);
  });

  it("answers 503 naming the store when REDIS_URL is set and nothing answers there", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    vi.stubEnv("REDIS_URL", `redis://:hunter2-password@127.0.0.1:${port}`);
    fresh();
    const r = await ask();
    expect(r.status).toBe(503);
    expect(JSON.parse(r.text)).toMatchObject({
      failing: ["store"],
      checks: { store: { ok: false, configured: true, connected: false } },
    });
    expect(r.text).not.toMatch(/hunter2|127\.0\.0\.1/);
  });
});

describeRedis("GET /api/ready with a real redis-server", () => {
  it("is ready while Redis answers, names the store once it is killed, ready again once it is back", async () => {
    const redis: TestRedis = await startRedis();
    try {
      vi.stubEnv("REDIS_URL", redis.url);
      fresh();
      const up = await ask();
      expect(up.status).toBe(200);
      expect(JSON.parse(up.text).checks.store).toEqual({ ok: true, configured: true, connected: true });

      await redis.kill();
      const down = await ask();
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text)).toMatchObject({ failing: ["store"] });

      await redis.restart();
      await expect.poll(async () => (await ask()).status, { timeout: 10_000, interval: 200 }).toBe(200);
    } finally {
      await redis.stop();
    }
  });
});
