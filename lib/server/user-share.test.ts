import { describe, expect, it, vi } from "vitest";
import { describeUpstreamFailure } from "@/lib/realtimekit/upstream-failure";
import { toErrorResponse } from "./api-errors";
import { createMemoryBudget } from "./rate-budget";
import { UpstreamError } from "./realtimekit/errors";
import { currentRequestScope, requestUserKey, runInRequestScope } from "./request-scope";
import {
  createMemoryUserShareStore,
  UserShareExceeded,
  withUserShare,
  type UserShare,
  type UserShareStore,
} from "./user-share";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createSharedUserShareStore } from "./store/shared-user-share";

const signedIn = vi.hoisted(() => ({ email: "Ana@Example.com" }));
vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: signedIn.email } }) }));
vi.mock("./apps", () => ({ isAppAllowed: async () => true }));
const { requireSession } = await import("./api");

/** One user's share of the upstream budget: the default 25 % of 1,200 requests per 5 minutes. */

const WINDOW_MS = 300_000;

function setup(sharePct = 25, limit = 1200) {
  let clock = 1_000_000;
  let who: string | undefined = "ana@example.com";
  const budget = createMemoryBudget({ limit, windowMs: WINDOW_MS, now: () => clock });
  const shared = withUserShare(budget, { limit, windowMs: WINDOW_MS, sharePct, user: () => who, now: () => clock });
  return {
    budget,
    shared,
    as: (user: string | undefined) => (who = user),
    advance: (ms: number) => (clock += ms),
  };
}

/** Checks the share, then sends through the budget, as the client does for each upstream request. */
async function send(shared: UserShare) {
  await shared.check();
  return shared.budget.acquire();
}

async function spend(shared: UserShare, n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await send(shared)).ok) ok++;
  return ok;
}

describe("per-user share of the upstream budget", () => {
  it("stops one user at 25 % of the window's budget, leaving the rest for everyone else", async () => {
    const t = setup();
    expect(await spend(t.shared, 300)).toBe(300);
    const err = await send(t.shared).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserShareExceeded);
    expect((err as UserShareExceeded).retryAfterS).toBe(300);
    // The refused request never reached the budget: 900 remain for the others.
    expect(t.budget.snapshot().used).toBe(300);
    t.as("bo@example.com");
    expect(await spend(t.shared, 10)).toBe(10);
  });

  it("gives the share back as the window slides", async () => {
    const t = setup();
    await spend(t.shared, 300);
    t.advance(WINDOW_MS + 1);
    expect((await send(t.shared)).ok).toBe(true);
  });

  it("counts only requests the budget let through", async () => {
    const t = setup(75, 4); // 3 each
    t.as("bo@example.com");
    await spend(t.shared, 2);
    t.advance(1_000);
    t.as("ana@example.com");
    await spend(t.shared, 2);
    // The budget is spent: Ana's third is refused by it, not by her share…
    expect(await send(t.shared)).toMatchObject({ ok: false });
    // …so once Bo's requests leave the window (hers not yet), she still has one left.
    t.advance(WINDOW_MS - 500);
    expect((await send(t.shared)).ok).toBe(true);
  });

  it("work outside a signed-in request (a page render) is held only by the budget", async () => {
    const t = setup(25, 8);
    t.as(undefined);
    expect(await spend(t.shared, 8)).toBe(8);
  });

  it("100 % turns the per-user share off", async () => {
    const t = setup(100, 8);
    expect(await spend(t.shared, 8)).toBe(8);
  });

  it("the JSON API answers it with 429, a Retry-After and a message that says whose share ran out", async () => {
    const res = toErrorResponse(new UserShareExceeded(300, WINDOW_MS, 42_000));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("user_rate_limited");
    expect(body.error.message).toMatch(/your share .*300 per 300 s/);
  });

  it("is told who is asking by the JSON API's sign-in check, per request", async () => {
    const budget = createMemoryBudget({ limit: 4, windowMs: WINDOW_MS });
    const shared = withUserShare(budget, {
      limit: 4,
      windowMs: WINDOW_MS,
      sharePct: 50,
      user: () => currentRequestScope().userKey,
    });
    const asUser = (email: string) =>
      runInRequestScope(async () => {
        signedIn.email = email;
        await requireSession();
        return send(shared);
      });
    expect((await asUser("Ana@Example.com")).ok).toBe(true);
    expect((await asUser("ana@example.com")).ok).toBe(true);
    await expect(asUser("ana@example.com")).rejects.toBeInstanceOf(UserShareExceeded);
    expect((await asUser("bo@example.com")).ok).toBe(true);
  });

  it("holds a page render to the signed-in user's share too, learning who it is from Auth.js", async () => {
    // No route scope: what a server component sees. The API's sign-in check never ran.
    signedIn.email = "Ana@Example.com";
    expect(await requestUserKey()).toBe("ana@example.com");
    const budget = createMemoryBudget({ limit: 4, windowMs: WINDOW_MS });
    const shared = withUserShare(budget, { limit: 4, windowMs: WINDOW_MS, sharePct: 50, user: requestUserKey });
    expect(await spend(shared, 2)).toBe(2);
    await expect(send(shared)).rejects.toBeInstanceOf(UserShareExceeded);
    expect(budget.snapshot().used).toBe(2);
  });

  it("a spent share is an upstream failure of its own kind, so pages show it as a notice, not a crash", () => {
    const err = new UserShareExceeded(300, WINDOW_MS, 42_000);
    // Pages report every UpstreamError with UpstreamErrorNotice and rethrow anything else.
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.isRateLimited).toBe(true);
    const view = describeUpstreamFailure(err);
    expect(view.status).toBe(429);
    expect(view.message).toMatch(/your share .*300 per 300 s.*try again in 42 s/);
    expect(view.hint).toMatch(/per person/);
  });

  it("counts in a swappable store of plain data, so instances sharing one store share each user's count", async () => {
    const store = createMemoryUserShareStore();
    const calls: unknown[][] = [];
    const spy = {
      recent: (...a: Parameters<typeof store.recent>) => (calls.push(["recent", ...a]), store.recent(...a)),
      record: (...a: Parameters<typeof store.record>) => (calls.push(["record", ...a]), store.record(...a)),
    };
    const instance = () =>
      withUserShare(createMemoryBudget({ limit: 4, windowMs: WINDOW_MS }), {
        limit: 4,
        windowMs: WINDOW_MS,
        sharePct: 50,
        user: () => "ana@example.com",
        store: spy,
      });
    const a = instance();
    const b = instance();
    expect(await spend(a, 1)).toBe(1);
    expect(await spend(b, 1)).toBe(1);
    await expect(send(a)).rejects.toBeInstanceOf(UserShareExceeded);
    expect(calls.every((c) => c.slice(1).every((x) => typeof x === "string" || typeof x === "number"))).toBe(true);
  });
});

const redis = redisForTests();
// The same contract for the in-memory store and the shared one (docs/shared-store.md).
const stores: (readonly [string, () => Promise<UserShareStore>])[] = [
  ["memory", async () => createMemoryUserShareStore()],
  ...(redisAvailable
    ? [["redis", async () => createSharedUserShareStore(await redis.connect(), createMemoryUserShareStore())] as const]
    : []),
];

describe.each(stores)("%s user share store", (_, createStore) => {
  it("counts each user's requests inside the window, and when the oldest was sent", async () => {
    const store = await createStore();
    expect(await store.recent("ana@example.com", 0)).toEqual({ count: 0, oldestMs: null });
    await store.record("ana@example.com", 1_000, WINDOW_MS);
    await store.record("ana@example.com", 1_000, WINDOW_MS);
    await store.record("ana@example.com", 2_500, WINDOW_MS);
    await store.record("bo@example.com", 3_000, WINDOW_MS);
    expect(await store.recent("ana@example.com", 0)).toEqual({ count: 3, oldestMs: 1_000 });
    // What was sent at or before `since` no longer counts.
    expect(await store.recent("ana@example.com", 1_000)).toEqual({ count: 1, oldestMs: 2_500 });
    expect(await store.recent("bo@example.com", 0)).toEqual({ count: 1, oldestMs: 3_000 });
  });

  it("forgets what aged out of the window as it records", async () => {
    const store = await createStore();
    await store.record("ana@example.com", 1_000, 10_000);
    await store.record("ana@example.com", 12_000, 10_000);
    expect(await store.recent("ana@example.com", 0)).toEqual({ count: 1, oldestMs: 12_000 });
  });
});
