import { describe, expect, it, vi } from "vitest";
import type { BudgetSnapshot } from "./rate-budget";
import { UpstreamError } from "./realtimekit/errors";
import { createReadiness, UPSTREAM_CHECK_TTL_MS, type ReadinessDeps, type StoreProbe } from "./readiness";

const BUDGET: BudgetSnapshot = {
  limit: 1200,
  windowMs: 300_000,
  used: 13,
  throttled: 0,
  blockedUntil: null,
  retryAfterMs: null,
};

function setup(over: Partial<ReadinessDeps> = {}) {
  let clock = 1_000_000;
  const calls = { upstream: 0 };
  const deps: ReadinessDeps = {
    problems: () => [],
    callUpstream: async () => {
      calls.upstream++;
    },
    budget: () => BUDGET,
    store: async () => null,
    now: () => clock,
    ...over,
  };
  return { check: createReadiness(deps), calls, tick: (ms: number) => (clock += ms) };
}

function store(connected: boolean, ping = vi.fn(async () => {})): StoreProbe {
  return { ping, state: () => ({ configured: true, connected, lastError: connected ? null : "ECONNREFUSED" }) };
}

describe("readiness", () => {
  it("is ready when every check passes, and reports the budget without secrets", async () => {
    const { check } = setup();
    const r = await check();
    expect(r).toMatchObject({
      ready: true,
      failing: [],
      checks: {
        config: { ok: true, problems: 0 },
        upstream: { ok: true },
        store: { ok: true, configured: false },
        budget: { ok: true, limit: 1200, windowS: 300, used: 13, left: 1187, blockedUntil: null },
      },
    });
  });

  it("names an invalid configuration (its count only: the problems go to the log)", async () => {
    const { check, calls } = setup({ problems: () => ["CLOUDFLARE_API_TOKEN is required", "AUTH_SECRET is short"] });
    const r = await check();
    expect(r.ready).toBe(false);
    expect(r.failing).toContain("config");
    expect(r.checks.config).toEqual({ ok: false, problems: 2 });
    expect(JSON.stringify(r)).not.toContain("CLOUDFLARE_API_TOKEN");
    // Nothing is asked of RealtimeKit without a configuration to ask with.
    expect(calls.upstream).toBe(0);
  });

  it("names the upstream when RealtimeKit refuses the token or cannot be reached", async () => {
    for (const err of [
      new UpstreamError({ kind: "http", status: 401, path: "/apps", detail: "Invalid token abc" }),
      new UpstreamError({ kind: "network", path: "/apps", detail: "connect ECONNREFUSED 10.1.2.3:443" }),
      new UpstreamError({ kind: "timeout", path: "/apps" }),
    ]) {
      const { check } = setup({
        callUpstream: async () => {
          throw err;
        },
      });
      const r = await check();
      expect(r.ready).toBe(false);
      expect(r.failing).toEqual(["upstream"]);
      expect(r.checks.upstream).toMatchObject({ ok: false, error: err.kind === "http" ? "http 401" : err.kind });
      expect(JSON.stringify(r)).not.toMatch(/Invalid token|10\.1\.2\.3/);
    }
  });

  it("asks RealtimeKit at most once per 30 s, however many probes come", async () => {
    const { check, calls, tick } = setup();
    await Promise.all([check(), check(), check()]);
    for (let i = 0; i < 10; i++) {
      tick(2_000);
      await check();
    }
    expect(calls.upstream).toBe(1);
    tick(UPSTREAM_CHECK_TTL_MS);
    await check();
    expect(calls.upstream).toBe(2);
  });

  it("keeps a failure for the same 30 s, and sees the recovery after it", async () => {
    let fail = true;
    const { check, tick } = setup({
      callUpstream: async () => {
        if (fail) throw new UpstreamError({ kind: "http", status: 503, path: "/apps" });
      },
    });
    expect((await check()).failing).toEqual(["upstream"]);
    fail = false;
    tick(1_000);
    expect((await check()).failing).toEqual(["upstream"]);
    tick(UPSTREAM_CHECK_TTL_MS);
    expect((await check()).ready).toBe(true);
  });

  it("does not count a spent budget or RealtimeKit's rate limiting as the upstream failing", async () => {
    let err: UpstreamError = new UpstreamError({ kind: "budget", path: "/apps", retryAfterS: 30 });
    const { check, tick } = setup({
      callUpstream: async () => {
        throw err;
      },
      budget: () => ({ ...BUDGET, used: 1200, retryAfterMs: 30_000, blockedUntil: 1_030_000 }),
    });
    let r = await check();
    expect(r.ready).toBe(true);
    expect(r.checks.upstream).toMatchObject({ ok: true, skipped: "budget" });
    expect(r.checks.budget).toMatchObject({ left: 0, blockedUntil: new Date(1_030_000).toISOString() });
    err = new UpstreamError({ kind: "http", status: 429, path: "/apps" });
    tick(1);
    r = await check();
    expect(r.checks.upstream).toMatchObject({ ok: true });
    expect(r.checks.upstream.skipped).toBeUndefined();
  });

  it("names the store when REDIS_URL is set and Redis does not answer; pings it each time", async () => {
    const ping = vi.fn(async () => {
      throw new Error("the shared store took over 250 ms");
    });
    const { check } = setup({ store: async () => store(false, ping) });
    const r = await check();
    expect(r.ready).toBe(false);
    expect(r.failing).toEqual(["store"]);
    expect(r.checks.store).toEqual({ ok: false, configured: true, connected: false });
    expect(JSON.stringify(r)).not.toContain("ECONNREFUSED");
    await check();
    expect(ping).toHaveBeenCalledTimes(2);
  });

  it("is ready with a reachable store", async () => {
    const { check } = setup({ store: async () => store(true) });
    const r = await check();
    expect(r.ready).toBe(true);
    expect(r.checks.store).toEqual({ ok: true, configured: true, connected: true });
  });

  it("names every failing check at once", async () => {
    const { check } = setup({
      callUpstream: async () => {
        throw new UpstreamError({ kind: "http", status: 403, path: "/apps" });
      },
      store: async () => store(false),
    });
    expect((await check()).failing).toEqual(["upstream", "store"]);
  });
});
