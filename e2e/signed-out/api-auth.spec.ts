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
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /^\/icon\.svg/);
});
