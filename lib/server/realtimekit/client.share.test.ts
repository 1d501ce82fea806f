import { describe, expect, it } from "vitest";
import { createMemoryCache } from "@/lib/server/cache";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { currentRequestScope, runInRequestScope } from "@/lib/server/request-scope";
import { UserShareExceeded, withUserShare } from "@/lib/server/user-share";
import { createRealtimeKitClient } from "./client";

/** The per-user share as the client applies it: refused in the asking user's request, never inside a shared call. */

const WINDOW_MS = 300_000;
const APPS = {
  success: true,
  data: [{ id: "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10", name: "prod-video" }],
  paging: { total_count: 1, start_offset: 0, end_offset: 0 },
};

function setup() {
  const sent: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  // Two users' share of 1 request each (25 % of 8); the budget itself has room to spare.
  const budget = createMemoryBudget({ limit: 8, windowMs: WINDOW_MS });
  const share = withUserShare(budget, {
    limit: 8,
    windowMs: WINDOW_MS,
    sharePct: 12.5,
    user: () => currentRequestScope().userKey,
  });
  const client = createRealtimeKitClient({
    config: {
      baseUrl: "http://upstream.test/client/v4",
      accountId: "0".repeat(32),
      token: "test-token-123456",
      timeoutMs: 5_000,
    },
    cache: createMemoryCache(1 << 20),
    budget: share.budget,
    userShare: share,
    transport: {
      // Held until released, so calls overlap as concurrent page views would.
      fetch: async (url) => {
        sent.push(new URL(String(url)).searchParams.get("search") ?? "");
        await gate;
        return new Response(JSON.stringify(APPS), { status: 200, headers: { "content-type": "application/json" } });
      },
    },
  });
  const as = <T>(user: string, fn: () => Promise<T>) =>
    runInRequestScope(() => {
      currentRequestScope().userKey = user;
      return fn();
    });
  return { client, sent, release, as, budget };
}

describe("the per-user share in the client", () => {
  it("refuses a user out of share before starting a call, so another user asking the same is not refused", async () => {
    const t = setup();
    t.release();
    await t.as("ana", () => t.client.listApps({ search: "earlier" })); // Ana's one request
    const ana = t.as("ana", () => t.client.listApps({ search: "same" }));
    const bo = t.as("bo", () => t.client.listApps({ search: "same" }));
    await expect(ana).rejects.toBeInstanceOf(UserShareExceeded);
    expect((await bo).items).toHaveLength(1);
    expect(t.sent).toEqual(["earlier", "same"]);
  });

  it("charges only the user who started a call: one who joins it, or reads the cache, pays nothing", async () => {
    const t = setup();
    const ana = t.as("ana", () => t.client.listApps({ search: "shared" }));
    const bo = t.as("bo", () => t.client.listApps({ search: "shared" }));
    t.release();
    await Promise.all([ana, bo]);
    expect(t.sent).toEqual(["shared"]);
    // Ana's share is spent, yet the cached answer still costs her nothing.
    expect((await t.as("ana", () => t.client.listApps({ search: "shared" }))).items).toHaveLength(1);
    await expect(t.as("ana", () => t.client.listApps({ search: "other" }))).rejects.toBeInstanceOf(UserShareExceeded);
    // Bo joined Ana's call, so his one request is still his.
    expect((await t.as("bo", () => t.client.listApps({ search: "other" }))).items).toHaveLength(1);
    expect(t.budget.snapshot().used).toBe(2);
  });
});
