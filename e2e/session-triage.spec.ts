import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";

const APP = SIM.apps.prod.id;
const WEBINAR = `/apps/${APP}/sessions/${SIM.sessions.webinar}`;

/** How many participants the progress bar says are checked. */
async function checkedCount(page: Page): Promise<number> {
  return Number(await page.getByTestId("scan-progress").getAttribute("value"));
}

/** "Worst call quality first": poor, degraded, unknown, not checked, good. */
const RANK: Record<string, number> = { poor: 0, degraded: 1, unknown: 2, unchecked: 3, good: 4 };

test("the webinar is triaged from its page: section first, scan with progress, worst first, reload resumes", async ({
  page,
}) => {
  // A batch of 25 four-hour reports takes seconds on two cores.
  test.setTimeout(180_000);
  const asked: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/health?")) asked.push(r.url());
  });
  await page.goto(WEBINAR);

  // "Who had a bad call?" comes before the lanes and the table.
  const h2 = page.getByRole("heading", { level: 2 });
  await expect(h2.first()).toHaveText("Who had a bad call?");
  await expect(h2.nth(1)).toHaveText("Who was in the call, when");

  // A big session is not checked unasked: a button with the time at the checks' share.
  const button = page.getByTestId("scan-button");
  await expect(button).toHaveText(/^Check (all 1,0\d\d|the other [\d,]+) participants$/);
  await expect(page.getByTestId("scan-estimate")).toContainText("at the checks' share of the upstream budget");
  expect(asked).toEqual([]);
  const before = await checkedCount(page);

  await button.click();
  await expect(button).toHaveText("Pause");
  await expect(async () => expect(await checkedCount(page)).toBeGreaterThanOrEqual(before + 25)).toPass({
    timeout: 90_000,
  });
  await expect(page.getByTestId("scan-status")).toContainText(/[\d,]+ of 1,0\d\d checked/);
  expect(asked.length).toBeGreaterThan(0);
  // Batches of the API's size, one at a time.
  for (const url of asked) expect(new URL(url).searchParams.get("peers")!.split(",").length).toBeLessThanOrEqual(25);

  // What is known so far, worst first, in the table too.
  await page.getByRole("combobox", { name: "Sort participants" }).selectOption("quality");
  await expect(page).toHaveURL(/sort=quality/);
  const rows = page.getByTestId("participants-table").locator("tbody tr");
  await expect(rows.first().getByTestId("health-badge")).toBeVisible();
  const levels = await rows.evaluateAll((trs) =>
    trs.map((tr) => tr.querySelector('[data-testid="health-badge"]')?.getAttribute("data-level") ?? "unchecked"),
  );
  const ranks = levels.map((l) => RANK[l]!);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

  // A reload mid-scan keeps what is known (read from the index) and carries on from there.
  const known = await checkedCount(page);
  await page.reload();
  await expect(async () => expect(await checkedCount(page)).toBeGreaterThanOrEqual(known)).toPass({
    timeout: 15_000,
  });
  await expect(button).toHaveText("Pause");
  // The heatmap of those checked, from the index.
  await expect(page.getByTestId("quality-heatmap")).toBeVisible();
  await expect(async () => expect(await checkedCount(page)).toBeGreaterThan(known)).toPass({ timeout: 90_000 });

  // Paused, it says so and offers to resume; nothing more is asked.
  await button.click();
  await expect(button).toHaveText("Resume");
  await expect(page.getByTestId("scan-status")).toContainText("paused");
  const paused = asked.length;
  await page.waitForTimeout(1_000);
  expect(asked.length).toBe(paused);
});

test("the table sorts and filters by quality and role from the URL; values it cannot read are named", async ({
  page,
}) => {
  await page.goto(`${WEBINAR}?sort=quality&quality=poor,degraded&preset=webinar_viewer`);
  await expect(page.getByRole("combobox", { name: "Sort participants" })).toHaveValue("quality");
  await expect(page.getByRole("combobox", { name: "Filter by call quality" })).toHaveValue("poor,degraded");
  await expect(page.getByRole("combobox", { name: "Filter by role" })).toHaveValue("webinar_viewer");
  await expect(page.getByTestId("view-notice")).toHaveCount(0);

  await page.goto(`${WEBINAR}?preset=webinar_presenter`);
  const table = page.getByTestId("participants-table");
  await expect(table.getByRole("link", { name: "Elena Rossi" })).toBeVisible();
  for (const cell of await table.locator('td[data-label="Preset"]').all())
    await expect(cell).toHaveText("webinar_presenter");

  // Only participants nobody checked yet, chosen from the page; the link carries it.
  await page.getByRole("combobox", { name: "Filter by call quality" }).selectOption("unchecked");
  await expect(page).toHaveURL(/quality=unchecked/);
  await expect(page).toHaveURL(/preset=webinar_presenter/);

  await page.goto(`${WEBINAR}?quality=awful&preset=nobody`);
  const notice = page.getByTestId("view-notice");
  await expect(notice).toContainText("quality: must be a comma list of poor, degraded, unknown, unchecked, good");
  await expect(notice).toContainText("preset: is not a role in this session (webinar_presenter, webinar_viewer)");
  await expect(table.locator("tbody tr")).toHaveCount(50);
});

test("a big session draws its most relevant lanes, and all of the page's on request", async ({ page }) => {
  await page.goto(WEBINAR);
  await expect(page.getByTestId("lanes-note")).toContainText("most relevant");
  const timeline = page.getByTestId("participant-timeline");
  await expect(timeline.locator('canvas[aria-label="Timeline of 15 participants"]')).toHaveCount(1);
  const toggle = page.getByRole("button", { name: "Show all 50 lanes on this page" });
  await toggle.click();
  await expect(page).toHaveURL(/lanes=all/);
  await expect(timeline.locator('canvas[aria-label="Timeline of 50 participants"]')).toHaveCount(1);
  await page.getByRole("button", { name: "Show the most relevant lanes only" }).click();
  await expect(timeline.locator('canvas[aria-label="Timeline of 15 participants"]')).toHaveCount(1);

  // A small session draws every lane, with no toggle.
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByRole("button", { name: /Show all \d+ lanes/ })).toHaveCount(0);
});
