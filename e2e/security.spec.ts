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
  for (const path of [`/apps/${SIM.apps.prod.id}/sessions`, `/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.problem}`]) {
    await page.goto(path);
    await expect(page.locator("table.data").first()).toBeVisible({ timeout: 30_000 });
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical"), path).toEqual([]);
  }
});
