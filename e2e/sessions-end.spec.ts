import { expect, test } from "@playwright/test";
import { SIM, USERS } from "./env";
import { signInWithPassword } from "./helpers";

/**
 * Sign-out ends the session itself, not only the browser's copy of its cookie (README.md, "Signing
 * out and ending sessions"): a cookie saved before signing out is refused afterwards. This spec signs
 * in on its own, so signing out cannot end the session the other specs share.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const PAGE = `/apps/${SIM.apps.prod.id}/sessions?status=live&page=1`;

test("a cookie saved before sign-out gets 401 from the API and is sent to /login by a page", async ({
  page,
  browser,
  playwright,
}) => {
  await page.goto("/login");
  await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const saved = await page.context().cookies();
  expect(saved.some((c) => c.name.endsWith("session-token"))).toBe(true);

  // The saved cookie works while the session lasts.
  const before = await playwright.request.newContext({ storageState: { cookies: saved, origins: [] } });
  expect((await before.get("/api/apps", { maxRedirects: 0 })).status()).toBe(200);
  await before.dispose();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);

  const replay = await playwright.request.newContext({ storageState: { cookies: saved, origins: [] } });
  const res = await replay.get("/api/apps", { maxRedirects: 0 });
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  await replay.dispose();

  const context = await browser.newContext({ storageState: { cookies: saved, origins: [] } });
  const replayed = await context.newPage();
  await replayed.goto(PAGE);
  await expect(replayed).toHaveURL((url) => url.pathname === "/login" && url.searchParams.get("callbackUrl") === PAGE);
  await expect(replayed.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  // The refused cookie is cleared on the way.
  expect((await context.cookies()).some((c) => c.name.endsWith("session-token"))).toBe(false);
  await context.close();
});

test("signing out ends only that session: another sign-in of the same user goes on", async ({ browser }) => {
  const signIn = async () => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto("/login");
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    return { context, page };
  };
  const first = await signIn();
  const second = await signIn();
  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/login\?signedOut=1$/);

  expect((await second.context.request.get("/api/apps", { maxRedirects: 0 })).status()).toBe(200);
  await second.page.goto(PAGE);
  await expect(second.page).toHaveURL((url) => url.pathname === PAGE.split("?")[0]);
  await first.context.close();
  await second.context.close();
});
