import { expect, test } from "@playwright/test";
import { SIM, USERS } from "./env";
import { signInWithPassword } from "./helpers";

/**
 * The peer API's stored answers (docs/architecture.md, "Stored answers"): an ETag on each, a 304
 * with no body to a client that has them, the browser revalidating the chart data of a returning
 * peer page instead of downloading it again, and the signed-out page clearing the browser's cache.
 */

const APP = SIM.apps.prod.id;
const PEER = SIM.peers.lossBurst;
const quality = `/api/apps/${APP}/peers/${PEER}?sections=quality`;

test("the peer API answers a repeat with 304 and no body when the client still has it", async ({ request }) => {
  const first = await request.get(quality);
  expect(first.status()).toBe(200);
  const etag = first.headers()["etag"];
  expect(etag).toMatch(/^"[\w-]{32}"$/);
  expect(first.headers()["cache-control"]).toBe("private, no-cache");
  // Compressed once (by Next.js), so it reads as JSON.
  expect(first.headers()["content-encoding"]).toBe("gzip");
  expect(((await first.json()) as { participant: { peerId: string } }).participant.peerId).toBe(PEER);

  const again = await request.get(quality, { headers: { "if-none-match": etag! } });
  expect(again.status()).toBe(304);
  expect((await again.body()).byteLength).toBe(0);
  expect(again.headers()["etag"]).toBe(etag);
});

test("a returning peer page revalidates its chart data instead of downloading it again", async ({ page }) => {
  const chartData = (url: string) => url.includes(`/peers/${PEER}?sections=quality`);
  // Listening before the page loads: the page preloads its chart data as it streams in.
  const answered = page.waitForResponse((r) => chartData(r.url()) && r.status() === 200);
  await page.goto(`/apps/${APP}/peers/${PEER}`);
  const first = await answered;
  const etag = await first.headerValue("etag");
  expect(etag).toBeTruthy();
  await expect(page.locator(".chart-figure").first()).toBeVisible();

  const revalidated = page.waitForRequest((r) => chartData(r.url()));
  await page.reload();
  const request = await revalidated;
  // The browser kept the answer and asks whether it is still current.
  expect((await request.allHeaders())["if-none-match"]).toBe(etag);
  await expect(page.locator(".chart-figure").first()).toBeVisible();
});

test("signing out clears what the browser kept: the next visit downloads the chart data anew", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const chartData = (url: string) => url.includes(`/peers/${PEER}?sections=quality`);
  const signIn = async () => {
    await page.goto("/login");
    await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  };
  await signIn();
  const answered = page.waitForResponse((r) => chartData(r.url()) && r.status() === 200);
  await page.goto(`/apps/${APP}/peers/${PEER}`);
  await answered;

  const cleared = page.waitForResponse((r) => r.url().endsWith("/api/signed-out"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  const answer = await cleared;
  expect(answer.status()).toBe(204);
  expect((await answer.allHeaders())["clear-site-data"]).toBe('"cache"');

  await signIn();
  const asked = page.waitForRequest((r) => chartData(r.url()));
  await page.goto(`/apps/${APP}/peers/${PEER}`);
  // Nothing kept to revalidate: the browser asks as if for the first time.
  expect((await (await asked).allHeaders())["if-none-match"]).toBeUndefined();
  await context.close();
});
