import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";
import { clearFaults, injectFault } from "./helpers";

test("home lists the deployment's apps with id and creation time", async ({ page }) => {
  await page.goto("/");
  const prod = page.getByRole("listitem").filter({ hasText: SIM.apps.prod.name });
  await expect(prod.getByText(SIM.apps.prod.id)).toBeVisible();
  await expect(prod.getByText(/Created \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/)).toBeVisible();
});

test("the app switcher moves to the chosen app and the lookup box appears there", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("searchbox")).toHaveCount(0);
  await page.getByRole("combobox", { name: "App" }).selectOption({ label: SIM.apps.staging.name });
  await expect(page).toHaveURL(`/apps/${SIM.apps.staging.id}/sessions`);
  await expect(page.getByRole("searchbox", { name: /Look up/ })).toBeVisible();
});

/** Console errors (a script blocked by the CSP is one) and uncaught exceptions on the page. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium reports the document's own 404 status, which is the point of these pages.
    if (/status of 404/.test(m.text()) && m.location().url === page.url()) return;
    errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test("an unknown address answers 404 with the console's header and no console errors", async ({ page }) => {
  const errors = collectErrors(page);
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: /RealtimeKit\s*Inspector/ })).toBeVisible();
  // Scripts ran under the CSP: the app switcher works.
  await page.getByRole("combobox", { name: "App" }).selectOption({ label: SIM.apps.staging.name });
  await expect(page).toHaveURL(`/apps/${SIM.apps.staging.id}/sessions`);
  expect(errors).toEqual([]);
});

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
for (const [what, path, testId, text] of [
  ["peer", `/apps/${SIM.apps.prod.id}/peers/${UNKNOWN}`, "peer-not-found", "No report for this participant"],
  ["session", `/apps/${SIM.apps.prod.id}/sessions/${UNKNOWN}`, "session-not-found", "No such session"],
  ["app", `/apps/${UNKNOWN}/sessions`, "app-not-found", "This app is not available here"],
] as const) {
  test(`an unknown ${what} answers 404 with a page that says so, in the console's shell`, async ({ page }) => {
    const errors = collectErrors(page);
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId(testId)).toContainText(text);
    await expect(page.getByTestId(testId)).toContainText(UNKNOWN);
    await expect(page.getByRole("link", { name: /RealtimeKit\s*Inspector/ })).toBeVisible();
    if (what !== "app") {
      await expect(page.getByRole("searchbox", { name: /Look up/ })).toBeVisible();
      await page.getByRole("link", { name: /look (this id|it) up/i }).click();
      await expect(page).toHaveURL(new RegExp(`/apps/${SIM.apps.prod.id}/lookup\\?id=${UNKNOWN}`));
    }
    expect(errors).toEqual([]);
  });
}

test("the peer page streams: its header and a skeleton at once, the report when it arrives", async ({ page }) => {
  const errors = collectErrors(page);
  // A 4-hour webinar attendee no other test opens (the session pages' health checks fetch whole
  // reports, from the first pages). The small section the page checks existence with is cached
  // (as after a lookup): the one upstream request left is the whole report's, and it waits.
  const list = await page.request.get(
    `/api/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.webinar}/participants?perPage=100&page=9`,
  );
  expect(list.ok()).toBe(true);
  const id = ((await list.json()) as { items: { peerId: string }[] }).items[37]!.peerId;
  expect((await page.request.get(`/api/apps/${SIM.apps.prod.id}/peers/${id}?sections=precall`)).ok()).toBe(true);
  // Held well within the request's 2 s deadline, so that the report is still pending when the
  // page streams its first part.
  await injectFault({ kind: "latency", latencyMs: 1_200, path: `/peer-report/${id}`, times: 1 });
  try {
    const res = await page.goto(`/apps/${SIM.apps.prod.id}/peers/${id}`, { waitUntil: "commit" });
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).not.toBeEmpty();
    await expect(page.getByTestId("findings")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("report-skeleton")).toHaveCount(0);
    // In the HTML as sent: the skeleton comes first, the report streams in after it.
    const html = await res!.text();
    const skeletonAt = html.indexOf('data-testid="report-skeleton"');
    expect(skeletonAt).toBeGreaterThan(-1);
    expect(skeletonAt).toBeLessThan(html.indexOf('data-testid="findings"'));
    expect(errors).toEqual([]);
  } finally {
    await clearFaults();
  }
});

test("a click on a link shows the pending bar at once, until the next page renders", async ({ page }) => {
  // A fresh id, so the lookup behind the link is not cached.
  const id = crypto.randomUUID();
  await page.goto(`/apps/${SIM.apps.prod.id}/peers/${id}`);
  const bar = page.getByTestId("nav-progress");
  await expect(bar).toHaveAttribute("data-pending", "false");
  await injectFault({ kind: "latency", latencyMs: 800 });
  try {
    await page.getByRole("link", { name: /look (this id|it) up/i }).click();
    await expect(bar).toHaveAttribute("data-pending", "true");
    await expect(page).toHaveURL(new RegExp(`/lookup\\?id=${id}`), { timeout: 15_000 });
    await expect(bar).toHaveAttribute("data-pending", "false");
    // Back to the page the click left from: nothing is pending there.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/peers/${id}$`));
    await expect(bar).toHaveAttribute("data-pending", "false");
  } finally {
    await clearFaults();
  }
});
