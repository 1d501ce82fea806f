import { describe, expect, it, vi } from "vitest";
import { toErrorResponse } from "./api-errors";
import { createMemoryBudget } from "./rate-budget";
import { currentRequestScope, runInRequestScope } from "./request-scope";
import { UserShareExceeded, withUserShare } from "./user-share";

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

async function spend(shared: ReturnType<typeof setup>["shared"], n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await shared.acquire()).ok) ok++;
  return ok;
}

describe("per-user share of the upstream budget", () => {
  it("stops one user at 25 % of the window's budget, leaving the rest for everyone else", async () => {
    const t = setup();
    expect(await spend(t.shared, 300)).toBe(300);
    const err = await t.shared.acquire().then(
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
    expect((await t.shared.acquire()).ok).toBe(true);
  });

  it("counts only requests the budget let through", async () => {
    const t = setup(75, 4); // 3 each
    t.as("bo@example.com");
    await spend(t.shared, 2);
    t.advance(1_000);
    t.as("ana@example.com");
    await spend(t.shared, 2);
    // The budget is spent: Ana's third is refused by it, not by her share…
    expect(await t.shared.acquire()).toMatchObject({ ok: false });
    // …so once Bo's requests leave the window (hers not yet), she still has one left.
    t.advance(WINDOW_MS - 500);
    expect((await t.shared.acquire()).ok).toBe(true);
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
    const shared = withUserShare(budget, { limit: 4, windowMs: WINDOW_MS, sharePct: 50, user: () => currentRequestScope().userKey });
    const asUser = (email: string) =>
      runInRequestScope(async () => {
        signedIn.email = email;
        await requireSession();
        return shared.acquire();
      });
    expect((await asUser("Ana@Example.com")).ok).toBe(true);
    expect((await asUser("ana@example.com")).ok).toBe(true);
    await expect(asUser("ana@example.com")).rejects.toBeInstanceOf(UserShareExceeded);
    expect((await asUser("bo@example.com")).ok).toBe(true);
  });
});
