import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";
import { clearFaults, injectFault, upstreamRequests } from "./helpers";

const APP = SIM.apps.prod.id;
const LIST = `/apps/${APP}/sessions`;
// The support call's meeting, five sessions a page: four small ended ones (the problem call first)
// and one of 11 people, too big to be checked automatically.
const SUPPORT_VIEW = `${LIST}?search=${SIM.meetings.supportCall}&perPage=5`;

test.afterEach(clearFaults);

const quality = (page: Page, sessionId: string) =>
  page.getByTestId("sessions-table").locator(`tr[data-session-id="${sessionId}"]`).getByTestId("session-quality");

/** Upstream requests the list's checks make (participant lists and reports), since `before`. */
async function checkRequestsSince(before: number): Promise<string[]> {
  return (await upstreamRequests())
    .slice(before)
    .map((r) => r.path)
    .filter((p) => p.includes("/participants") || p.includes("peer-report"));
}

test("a view checks its small ended sessions by itself, and a second view asks the upstream nothing", async ({
  page,
}) => {
  await page.goto(SUPPORT_VIEW);
  const checks = page.getByTestId("list-checks");
  await expect(checks).toHaveAttribute("data-auto", "done", { timeout: 30_000 });
  // The loss-burst call stands out without anyone opening it.
  await expect(quality(page, SIM.sessions.problem)).toHaveText("2 poor · 1 degraded of 4");
  await expect(quality(page, SIM.sessions.problem)).toHaveAttribute("data-level", "poor");
  // Other specs may have opened some of these calls already: how many this view checked depends on
  // the order specs ran in; that every small one ends up with a quality does not (the rows below).
  await expect(page.getByTestId("list-checks-status")).toContainText(/Checked [1-4] small sessions? automatically/);
  await expect(page.getByTestId("list-checks-status")).toContainText("of the 40 RealtimeKit requests a view may spend");
  const rows = page.getByTestId("sessions-table").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  // Four rows carry a quality; the big session waits for the button.
  await expect(rows.getByTestId("session-quality").and(page.locator('[data-level="none"]'))).toHaveCount(1);

  // Everything small is in the index now: the same view again checks nothing upstream.
  const before = (await upstreamRequests()).length;
  await page.reload();
  await expect(checks).toHaveAttribute("data-auto", "done");
  await expect(quality(page, SIM.sessions.problem)).toHaveText("2 poor · 1 degraded of 4");
  await page.waitForTimeout(1_000);
  expect(await checkRequestsSince(before)).toEqual([]);
});

test("'Check this page' checks the rest with progress, and the rows fill in as it goes", async ({ page }) => {
  await page.goto(SUPPORT_VIEW);
  const checks = page.getByTestId("list-checks");
  await expect(checks).toHaveAttribute("data-auto", "done", { timeout: 30_000 });
  const unchecked = page.getByTestId("sessions-table").locator('tbody tr:has([data-level="none"])');
  await expect(unchecked).toHaveCount(1);
  const bigId = await unchecked.getAttribute("data-session-id");

  // Slow reports, so the progress can be read.
  await injectFault({ kind: "latency", latencyMs: 100, path: "peer-report" });
  const button = page.getByRole("button", { name: "Check this page" });
  await button.click();
  await expect(page.getByTestId("list-checks-status")).toContainText(/Checking 1 of \d+ sessions?…/);
  await expect(checks).toHaveAttribute("data-checks", "done", { timeout: 30_000 });
  await expect(page.getByTestId("list-checks-status")).toContainText(/Checked \d+ of \d+ sessions? on this page/);
  await expect(quality(page, bigId!)).not.toHaveText("not checked");
  await expect(unchecked).toHaveCount(0);
});

test("the poor filter is in the URL: it lists the problem call and not the healthy one", async ({ page }) => {
  // The healthy call gets checked by a view of its own (6 people, ended).
  await page.goto(`${LIST}?search=${SIM.sessions.healthy}`);
  await expect(page.getByTestId("list-checks")).toHaveAttribute("data-auto", "done", { timeout: 30_000 });
  await expect(quality(page, SIM.sessions.healthy)).not.toHaveText("not checked");
  await expect(quality(page, SIM.sessions.healthy)).not.toHaveAttribute("data-level", "poor");
  // And the problem call, if the tests above did not run first.
  await page.goto(`${LIST}?search=${SIM.sessions.problem}`);
  await expect(quality(page, SIM.sessions.problem)).toHaveText("2 poor · 1 degraded of 4", { timeout: 30_000 });

  await page.goto(`${LIST}?quality=poor`);
  const filter = page.getByRole("checkbox", { name: "Only sessions with poor participants (among those checked)" });
  await expect(filter).toBeChecked();
  await expect(page.getByTestId("quality-walk")).toContainText(/Searched all \d+ sessions matching the filters/);
  const table = page.getByTestId("sessions-table");
  await expect(table.locator(`tr[data-session-id="${SIM.sessions.problem}"]`)).toBeVisible();
  await expect(table.locator(`tr[data-session-id="${SIM.sessions.healthy}"]`)).toHaveCount(0);
  await expect(table.locator('tbody tr [data-testid="session-quality"]:not([data-level="poor"])')).toHaveCount(0);

  // Off again from the keyboard: the URL drops it.
  await filter.focus();
  await page.keyboard.press("Space");
  await expect(page).not.toHaveURL(/quality=/);
  await expect(page.getByTestId("quality-walk")).toHaveCount(0);

  // A bad value in a link is reset with a notice, as other filters are.
  const res = await page.goto(`${LIST}?quality=bad`);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("filter-notice")).toContainText("quality");
  await expect(page.getByTestId("sessions-table")).toBeVisible();
});

test("the sessions list shows the quality of a checked call, and says so of one nobody checked", async ({ page }) => {
  // The session page checks a small call's participants by itself, and the index keeps the verdicts.
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByTestId("participants-table").getByTestId("health-badge")).toHaveCount(4, {
    timeout: 20_000,
  });
  // The list's counts are the ones the session page's "Who had a bad call?" gives.
  await expect(page.getByTestId("health-summary")).toHaveText("4 of 4 checked: 2 poor, 1 degraded, 1 good.");

  await page.goto(`${LIST}?search=${SIM.meetings.supportCall}`);
  await expect(page.getByTestId("list-checks")).toHaveAttribute("data-auto", "done", { timeout: 30_000 });
  const table = page.getByTestId("sessions-table");
  await expect(quality(page, SIM.sessions.problem)).toHaveText("2 poor · 1 degraded of 4");
  await expect(quality(page, SIM.sessions.problem)).toHaveAttribute("data-level", "poor");
  // The meeting's bigger calls are checked by nobody, automatically or not.
  await expect(table.locator('tbody tr:has([data-level="none"])').first()).toContainText("not checked");
  await expect(table.getByRole("columnheader", { name: "Call quality" })).toBeVisible();
});
