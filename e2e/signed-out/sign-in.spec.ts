import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ALLOWED_DOMAIN, OIDC_NAME, SIM, USERS } from "../env";
import { injectFault, setOidcEmail, signInWithPassword, upstreamRequests } from "../helpers";

test.describe("sign-in", () => {
  test("a built-in account signs in and sees the shell with the simulator's apps", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2F$/);
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
    await expect(page.getByRole("link", { name: SIM.apps.prod.name })).toBeVisible();
    await expect(page.getByRole("link", { name: SIM.apps.staging.name })).toBeVisible();
    await expect(page.getByText(USERS.ops.email)).toBeVisible();
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/login");
    await signInWithPassword(page, USERS.ops.email, "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
    // Only the password was wrong, or mistyped: the e-mail stays, the cursor waits for the password.
    await expect(page.getByLabel("Email")).toHaveValue(USERS.ops.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Password")).toBeFocused();
  });

  test("repeated failures lock the account for a while", async ({ page }) => {
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      // Wait for each attempt's answer: the message from the previous one is already on screen.
      const answered = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login",
      );
      await signInWithPassword(page, USERS.locked.email, `wrong-${i}`);
      await answered;
      await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
    }
    // Even the right password is refused while locked.
    await signInWithPassword(page, USERS.locked.email, USERS.locked.password);
    await expect(page.getByTestId("login-error")).toContainText("Too many failed attempts");
  });

  test("a deep link with a query string survives sign-in", async ({ page }) => {
    const target = `/apps/${SIM.apps.prod.id}/sessions?status=live&search=stand%20up&page=1`;
    await page.goto(target);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await expect(page).toHaveURL((url) => url.pathname === target.split("?")[0]);
    // Same parameters and values (Next.js may re-encode a space as + rather than %20).
    const back = new URL(page.url());
    expect([...back.searchParams]).toEqual([...new URL(target, back).searchParams]);
  });

  for (const hostile of ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example"]) {
    test(`a hostile callbackUrl (${hostile}) is ignored`, async ({ page }) => {
      await page.goto(`/login?callbackUrl=${encodeURIComponent(hostile)}`);
      await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
      await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
      expect(new URL(page.url()).host).toBe("127.0.0.1:3100");
    });
  }

  test("sign-out ends the session", async ({ page }) => {
    await page.goto("/login");
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a request still in flight at sign-out does not sign the user back in", async ({ page }) => {
    await page.goto("/login");
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
    // A slow API call, sent with the session cookie, that answers only after sign-out.
    const slowId = randomUUID();
    await injectFault({ kind: "latency", path: slowId, latencyMs: 3000, times: 1 });
    const inFlight = page
      .context()
      .request.get(`/api/apps/${SIM.apps.prod.id}/sessions/${slowId}`)
      .then((res) => ({ status: res.status(), at: Date.now() }));
    await expect.poll(async () => (await upstreamRequests()).some((r) => r.path.includes(slowId))).toBe(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    const signedOutAt = Date.now();
    const answered = await inFlight;
    // The upstream is held past the request's deadline, so the app answers 504 at that deadline.
    expect(answered.status).toBe(504);
    // Only a test of the race if the slow answer really came after sign-out.
    expect(answered.at).toBeGreaterThan(signedOutAt);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("SSO through a real OpenID Connect provider signs an allowed user in", async ({ page }) => {
    await setOidcEmail(`alice@${ALLOWED_DOMAIN}`);
    await page.goto(`/apps/${SIM.apps.prod.id}/sessions?status=ended`);
    await page.getByRole("button", { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(page).toHaveURL(`/apps/${SIM.apps.prod.id}/sessions?status=ended`);
    await page.goto("/");
    await expect(page.getByText(`alice@${ALLOWED_DOMAIN}`)).toBeVisible();
  });

  test("SSO refuses an email outside the allow-list", async ({ page }) => {
    await setOidcEmail("mallory@evil.test");
    await page.goto("/login");
    await page.getByRole("button", { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(page.getByTestId("login-error")).toContainText("not allowed to use this deployment");
    // Auth.js's error redirect comes back to the address the browser used, not Next.js's localhost.
    expect(new URL(page.url()).host).toBe("127.0.0.1:3100");
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
});
