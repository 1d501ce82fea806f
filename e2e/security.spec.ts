import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { AxeBuilder } from "@axe-core/playwright";
import { SIM, UPSTREAM_TOKEN } from "./env";

const APP = SIM.apps.prod.id;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test("the upstream API token appears in no static asset", () => {
  const files = filesUnder(".next/static");
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(readFileSync(f, "utf8").includes(UPSTREAM_TOKEN), f).toBe(false);
});

test("the upstream API token appears in no page and no API response", async ({ page, request }) => {
  for (const path of ["/", "/login", `/apps/${APP}/sessions`]) {
    const res = await page.goto(path);
    expect((await res?.text()) ?? "", path).not.toContain(UPSTREAM_TOKEN);
  }
  const api = [
    "/api/health",
    "/api/apps",
    `/api/apps/${APP}/sessions`,
    `/api/apps/${APP}/sessions/${SIM.sessions.healthy}`,
    `/api/apps/${APP}/sessions/${SIM.sessions.healthy}/participants`,
    `/api/apps/${APP}/peers/${SIM.peers.healthy}`,
    `/api/apps/${APP}/peers/${SIM.peers.healthy}/export?format=json`,
    `/api/apps/${APP}/sessions/00000000-0000-4000-8000-000000000000`,
  ];
  for (const path of api) {
    const res = await request.get(path);
    expect(await res.text(), path).not.toContain(UPSTREAM_TOKEN);
    expect(JSON.stringify(res.headers()), path).not.toContain(UPSTREAM_TOKEN);
  }
});

test("pages carry a nonce-based CSP that forbids framing, and the other security headers", async ({ page }) => {
  const res = await page.goto("/");
  const h = res!.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  // Scripts still run under the policy: the app switcher is interactive.
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.reload();
  await expect(page.getByRole("combobox", { name: "App" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("HSTS is sent behind HTTPS", async ({ request }) => {
  const res = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(res.headers()["strict-transport-security"]).toContain("max-age=");
});

test("home and login have no serious accessibility violations", async ({ page }) => {
  await page.goto("/");
  const home = await new AxeBuilder({ page }).analyze();
  expect(home.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("a peer's page, charts drawn, has no serious accessibility violations", async ({ page }) => {
  await page.goto(`/apps/${SIM.apps.prod.id}/peers/${SIM.peers.lossBurst}`);
  await expect(page.getByTestId("chart-mos").locator("canvas")).toBeVisible({ timeout: 30_000 });
  const peer = await new AxeBuilder({ page }).analyze();
  expect(peer.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("the sessions list and a session's page have no serious accessibility violations", async ({ page }) => {
  for (const path of [
    `/apps/${SIM.apps.prod.id}/sessions`,
    `/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.problem}`,
  ]) {
    await page.goto(path);
    await expect(page.locator("table.data").first()).toBeVisible({ timeout: 30_000 });
    const result = await new AxeBuilder({ page }).analyze();
    expect(
      result.violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
      path,
    ).toEqual([]);
  }
});

// Raw requests with a short timeout: a stall must fail the test, not wait for the server's 408.
const FAST = { timeout: 5_000, maxRedirects: 0 };

test("a malformed %-escape in the path is a fast 400 from the API and a 404 page, with the security headers", async ({
  request,
}) => {
  for (const path of [`/api/apps/%ZZ/sessions`, `/api/apps/${APP}/peers/%`]) {
    const res = await request.get(path, FAST);
    expect(res.status(), path).toBe(400);
    expect(await res.json(), path).toEqual({
      error: { code: "bad_request", message: expect.stringContaining("malformed") },
    });
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
  }
  for (const path of ["/apps/%", "/apps/%ZZ/sessions", `/apps/${APP}/peers/%E0%A4%A`]) {
    const res = await request.get(path, FAST);
    expect(res.status(), path).toBe(404);
    expect(await res.text(), path).toContain("Page not found");
    expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});

test("a signed-in address over the length limit is a fast 400 from the API and a 404 page", async ({ request }) => {
  const long = "x".repeat(9_000);
  const api = await request.get(`/api/apps/${APP}/sessions?search=${long}`, FAST);
  expect(api.status()).toBe(400);
  expect(await api.json()).toEqual({ error: { code: "bad_request", message: expect.stringContaining("longer than") } });
  const page = await request.get(`/apps/${APP}/sessions?search=${long}`, FAST);
  expect(page.status()).toBe(404);
  expect(page.headers()["x-content-type-options"]).toBe("nosniff");
  // Links of an honest length still work.
  const ok = await request.get(`/api/apps/${APP}/sessions?search=${"x".repeat(100)}`, FAST);
  expect(ok.status()).toBe(200);
});
