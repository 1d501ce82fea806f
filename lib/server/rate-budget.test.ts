import { describe, expect, it } from "vitest";
import { createMemoryBudget, parseRateLimitHeader } from "./rate-budget";

describe("memory rate budget", () => {
  it("allows `limit` requests per sliding window, then says when the next is free", async () => {
    let now = 0;
    const throttles: number[] = [];
    const budget = createMemoryBudget({
      limit: 3,
      windowMs: 1000,
      now: () => now,
      onThrottle: (s) => throttles.push(s.used),
    });
    for (let i = 0; i < 3; i++) {
      expect(await budget.acquire()).toEqual({ ok: true });
      now += 100;
    }
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 700 });
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 700 });
    // Reported once per episode, counted every time.
    expect(throttles).toEqual([3]);
    expect(budget.snapshot()).toMatchObject({ used: 3, throttled: 2, limit: 3, retryAfterMs: 700 });
    now = 1000;
    expect(await budget.acquire()).toEqual({ ok: true });
  });

  it("holds off while the upstream says no requests remain", async () => {
    let now = 0;
    const budget = createMemoryBudget({ limit: 100, windowMs: 1000, now: () => now });
    budget.observe(0, 5);
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 5000 });
    expect(budget.snapshot().blockedUntil).toBe(5000);
    expect(budget.snapshot().retryAfterMs).toBe(5000);
    now = 5000;
    expect(await budget.acquire()).toEqual({ ok: true });
    expect(budget.snapshot().retryAfterMs).toBeNull();
  });

  it("holds off at most 5 minutes, whatever the upstream asks", async () => {
    let now = 0;
    const budget = createMemoryBudget({ limit: 100, windowMs: 1000, now: () => now });
    // A Retry-After or `t=` of 999999 s once blocked every call for 11.6 days.
    budget.observe(0, 999_999);
    expect(budget.snapshot().blockedUntil).toBe(300_000);
    expect(await budget.acquire()).toEqual({ ok: false, retryAfterMs: 300_000 });
    now = 300_000;
    expect(await budget.acquire()).toEqual({ ok: true });
  });

  it("parses Cloudflare's Ratelimit header", () => {
    expect(parseRateLimitHeader('"default";r=42;t=17')).toEqual({ remaining: 42, resetS: 17 });
    expect(parseRateLimitHeader("garbage")).toBeNull();
    expect(parseRateLimitHeader(null)).toBeNull();
  });
});
