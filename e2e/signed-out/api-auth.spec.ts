import { expect, test } from "@playwright/test";
import { SIM } from "../env";

const APP = SIM.apps.prod.id;
const ROUTES = [
  "/api/apps",
  `/api/apps/${APP}/sessions`,
  `/api/apps/${APP}/sessions/${SIM.sessions.healthy}`,
  `/api/apps/${APP}/sessions/${SIM.sessions.healthy}/participants`,
  `/api/apps/${APP}/peers/${SIM.peers.healthy}`,
  `/api/apps/${APP}/peers/${SIM.peers.healthy}/export?format=csv`,
];

test("every JSON route answers 401 with the error envelope when signed out", async ({ request }) => {
  for (const route of ROUTES) {
    const res = await request.get(route, { maxRedirects: 0 });
    expect(res.status(), route).toBe(401);
    expect(await res.json(), route).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  }
});

test("the health check answers without sign-in and without secrets", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", configured: true });
  expect(JSON.stringify(body)).not.toMatch(/token|secret/i);
});

test("the tab icon is served to signed-out visitors too, and pages link it", async ({ request, page }) => {
  const icon = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  // Browsers ask for /favicon.ico whatever the page links: a 404 there is a console error.
  const ico = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(ico.status()).toBe(308);
  expect(ico.headers()["location"]).toBe("/icon.svg");
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /^\/icon\.svg/);
});

// Auth.js's routes sit outside the sign-in gate, but a malformed %-escape there reached Next.js's
// router all the same, which answered a bare 500 without the security headers.
test("a malformed %-escape under /api/auth is a fast 400 in the error envelope; Auth.js's routes still answer", async ({
  request,
}) => {
  const fast = { timeout: 5_000, maxRedirects: 0 };
  for (const path of ["/api/auth/%ZZ", "/api/auth/callback/%E0%A4%A", "/api/auth/signin/%", "/api/auth/%/csrf"]) {
    for (const res of [
      await request.get(path, fast),
      await request.post(path, { ...fast, form: { csrfToken: "x" } }),
    ]) {
      expect(res.status(), path).toBe(400);
      expect(await res.json(), path).toEqual({
        error: { code: "bad_request", message: expect.stringContaining("malformed") },
      });
      expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
    }
  }
  const csrf = await request.get("/api/auth/csrf", fast);
  expect(csrf.status()).toBe(200);
  expect(await csrf.json()).toEqual({ csrfToken: expect.any(String) });
  const providers = await request.get("/api/auth/providers", fast);
  expect(providers.status()).toBe(200);
  expect(Object.keys(await providers.json())).toContain("password");
  expect((await request.get("/api/auth/session", fast)).status()).toBe(200);
});
