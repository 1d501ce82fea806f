import { describe, expect, it } from "vitest";
import { createMemoryBudget } from "./rate-budget";
import { createScanShare, ScanShareExceeded, scanShareLimit, withScanShare } from "./scan-share";
import { UpstreamError } from "./realtimekit/errors";
import { createMemoryUserShareStore, UserShareExceeded, withUserShare } from "./user-share";

/** The checks' share of the upstream budget, and how the client's budget spends it. */

const WINDOW_MS = 60_000;

function setup(opts: { scanning: boolean }) {
  let now = 1_000_000;
  const state = { scanning: opts.scanning };
  const budget = createMemoryBudget({ limit: 40, windowMs: WINDOW_MS, now: () => now });
  const store = createMemoryUserShareStore();
  // 25 % of 40: 10 requests per user; 50 %: 20 for checks.
  const userShare = withUserShare(budget, {
    limit: 40,
    windowMs: WINDOW_MS,
    sharePct: 25,
    user: () => "ana",
    store,
    now: () => now,
  });
  const scan = createScanShare({ limit: 40, windowMs: WINDOW_MS, sharePct: 50, now: () => now });
  const spend = withScanShare({ budget, userShare, scan: () => scan, isScan: () => state.scanning });
  const userSent = async () => (await store.recent("ana", now - WINDOW_MS)).count;
  return { budget, scan, spend, state, userSent, tick: (ms: number) => (now += ms) };
}

describe("the checks' share", () => {
  it("is the configured part of the deployment's limit, at least one request", () => {
    expect(scanShareLimit(1200, 50)).toBe(600);
    expect(scanShareLimit(40, 50)).toBe(20);
    expect(scanShareLimit(45, 50)).toBe(22);
    expect(scanShareLimit(3, 10)).toBe(1);
    expect(scanShareLimit(1200, 100)).toBe(1200);
  });

  it("counts in a sliding window and says when the next request is free", async () => {
    const t = setup({ scanning: true });
    expect(await t.scan.state()).toEqual({ limit: 20, windowMs: WINDOW_MS, used: 0, retryAfterS: null });
    for (let i = 0; i < 20; i++) {
      await t.scan.check();
      expect(await t.scan.acquire()).toEqual({ ok: true });
      t.tick(1_000);
    }
    expect(await t.scan.state()).toEqual({ limit: 20, windowMs: WINDOW_MS, used: 20, retryAfterS: 40 });
    const refusal = await t.scan.check().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ScanShareExceeded);
    expect(refusal).toBeInstanceOf(UpstreamError);
    expect(refusal).toMatchObject({ kind: "budget", retryAfterS: 40, isRateLimited: true });
    expect((refusal as Error).message).toBe(
      "Waiting for the checks' share of the upstream budget (20 requests per 60 s)",
    );
    t.tick(40_000);
    expect(await t.scan.state()).toMatchObject({ used: 19, retryAfterS: null });
  });
});

describe("the client's budget with the checks' share", () => {
  it("charges a check's request to the checks' share and the deployment, never to the user", async () => {
    const t = setup({ scanning: true });
    for (let i = 0; i < 20; i++) {
      await t.spend.check();
      expect(await t.spend.budget.acquire()).toEqual({ ok: true });
    }
    expect(await t.userSent()).toBe(0);
    expect(t.budget.snapshot().used).toBe(20);
    // Past the share: refused as the checks', with when to ask again, and nothing more sent.
    await expect(t.spend.check()).rejects.toBeInstanceOf(ScanShareExceeded);
    await expect(t.spend.budget.acquire()).rejects.toMatchObject({ retryAfterS: 60 });
    expect(t.budget.snapshot().used).toBe(20);

    // The same user's pages still have their whole share meanwhile.
    t.state.scanning = false;
    for (let i = 0; i < 10; i++) {
      await t.spend.check();
      expect(await t.spend.budget.acquire()).toEqual({ ok: true });
    }
    expect(await t.userSent()).toBe(10);
    await expect(t.spend.check()).rejects.toBeInstanceOf(UserShareExceeded);
    expect((await t.scan.state()).used).toBe(20);
  });

  it("still refuses a check the deployment's budget has no room for, with the budget's own refusal", async () => {
    const t = setup({ scanning: false });
    // Others spent the whole deployment budget (40) without the checks' share.
    for (let i = 0; i < 40; i++) await t.budget.acquire();
    t.state.scanning = true;
    expect(await t.spend.budget.acquire()).toEqual({ ok: false, retryAfterMs: WINDOW_MS });
  });
});
