import { readFileSync } from "node:fs";
import { expect, test, type Response } from "@playwright/test";
import { APP_URL, SIM, UPSTREAM_TOKEN, USERS } from "./env";
import { clearFaults, injectFault } from "./helpers";

/**
 * Logs and probes (README.md, "Logs and probes"): every answer carries a request id, each request
 * leaves one JSON line, and nothing in the app server's log (its stdout and stderr, kept in
 * .reports/app.log by playwright.config.ts) is a token, a cookie or personal data.
 */

const APP = SIM.apps.prod.id;
const LOG_FILE = ".reports/app.log";

test.afterEach(clearFaults);

function logLines(): Record<string, unknown>[] {
  return readFileSync(LOG_FILE, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function waitForLine(match: (line: Record<string, unknown>) => boolean) {
  await expect.poll(() => logLines().some(match), { timeout: 5_000 }).toBe(true);
  return logLines().find(match) as Record<string, unknown>;
}

test("every page and API answer has a request id, the same one as its log line", async ({ page, request }) => {
  const seen: Response[] = [];
  page.on("response", (res) => {
    const url = new URL(res.url());
    // Static files skip the proxy (its matcher), as they skip the sign-in gate: no request id there.
    const isStatic = url.pathname.startsWith("/_next/") || /^\/(favicon\.ico|icon\.svg)$/.test(url.pathname);
    if (url.origin === APP_URL && !isStatic) seen.push(res);
  });
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto(`/apps/${APP}/peers/${SIM.peers.lossBurst}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(seen.some((r) => new URL(r.url()).pathname.startsWith("/api/"))).toBe(true);
  for (const res of seen) expect(res.headers()["x-request-id"], res.url()).toMatch(/^[A-Za-z0-9._-]{1,64}$/);

  for (const path of ["/api/health", "/api/ready", `/api/apps/${APP}/sessions`, "/login", "/no-such-page"]) {
    const res = await request.get(path);
    expect(res.headers()["x-request-id"], path).toBeTruthy();
  }

  // An id the load balancer chose comes back, and names the request's line.
  // A query the API reads (an unknown one is a 400), which the line must leave out.
  const res = await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.healthy}?breakoutRooms=true`, {
    headers: { "x-request-id": "e2e-trace-0001" },
  });
  expect(res.headers()["x-request-id"]).toBe("e2e-trace-0001");
  const line = await waitForLine((l) => l.requestId === "e2e-trace-0001");
  expect(line).toMatchObject({
    msg: "request",
    method: "GET",
    route: "/api/apps/[appId]/sessions/[sessionId]",
    status: 200,
  });
  for (const field of ["durationMs", "upstreamCalls", "cacheHits", "cacheMisses", "budgetLeft"]) {
    expect(typeof line[field], field).toBe("number");
  }
  expect(JSON.stringify(line)).not.toContain("breakoutRooms");

  // Anything else is replaced, not repeated.
  const odd = await request.get("/api/health", { headers: { "x-request-id": "<b>not an id</b>" } });
  expect(odd.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("signed out: redirects and 401s carry a request id and leave a line", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await context.request.get(`/api/apps/${APP}/sessions`, { headers: { "x-request-id": "e2e-401" } });
  expect(res.status()).toBe(401);
  expect(res.headers()["x-request-id"]).toBe("e2e-401");
  await waitForLine((l) => l.requestId === "e2e-401" && l.status === 401);
  const ready = await context.request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", failing: [] });
  await context.close();
});

test("a page's render line says what it took from RealtimeKit", async ({ page }) => {
  const response = await page.goto(`/apps/${APP}/sessions/${SIM.sessions.healthy}?view=e2e-render`);
  const id = response?.headers()["x-request-id"];
  expect(id).toBeTruthy();
  await waitForLine((l) => l.requestId === id && l.msg === "page requested");
  const rendered = await waitForLine((l) => l.requestId === id && l.msg === "page rendered");
  expect(typeof rendered.upstreamCalls).toBe("number");
  expect(typeof rendered.cacheHits).toBe("number");
});

test("an upstream failure is logged without the token", async ({ request }) => {
  // A session nobody else asks for, so no other request can take the fault.
  const id = "5e55e2e0-0b5e-4a11-8000-0000000e2e50";
  await injectFault({ kind: "status", status: 500, path: `/sessions/${id}`, times: 3 });
  const res = await request.get(`/api/apps/${APP}/sessions/${id}`, {
    headers: { "x-request-id": "e2e-upstream-500" },
  });
  expect(res.status()).toBeGreaterThanOrEqual(500);
  await waitForLine((l) => l.requestId === "e2e-upstream-500");
});

test("the app's log holds no token, cookie, e-mail address or IP address", async ({ context }) => {
  const cookies = await context.cookies();
  const session = cookies.find((c) => /authjs\.session-token/.test(c.name));
  expect(session?.value.length).toBeGreaterThan(20);
  const text = readFileSync(LOG_FILE, "utf8");
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain(UPSTREAM_TOKEN);
  expect(text).not.toContain(session!.value);
  // Its first 40 characters too: a cookie split into chunks, or cut in a message.
  expect(text).not.toContain(session!.value.slice(0, 40));

  const lines = readFileSync(LOG_FILE, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"));
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines) {
    // Audit lines say who looked (e-mail): the one exception, and only for the e-mail.
    if (!line.includes('"audit":true')) {
      expect(line).not.toContain(USERS.ops.email);
      expect(line).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    }
    expect(line).not.toMatch(/(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.]|\/\d)/);
    expect(line).not.toContain("::ffff:");
  }
});
