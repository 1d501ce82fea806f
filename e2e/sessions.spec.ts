import { expect, test } from "@playwright/test";
import { SIM } from "./env";
import { clearFaults, injectFault } from "./helpers";

const LIST = `/apps/${SIM.apps.prod.id}/sessions`;

test.afterEach(clearFaults);

test("filters change the URL and the results", async ({ page }) => {
  await page.goto(LIST);
  const table = page.getByTestId("sessions-table");
  await expect(table.locator("tbody tr")).toHaveCount(20);
  await page.getByRole("combobox", { name: "Status" }).selectOption("live");
  await expect(page).toHaveURL(/status=live/);
  await expect(table.locator(`tr[data-session-id="${SIM.sessions.live}"]`)).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(await table.getByTestId("live-badge").count());

  await page.getByRole("combobox", { name: "Status" }).selectOption("");
  await page.getByRole("searchbox", { name: "Search title, meeting id or session id" }).fill("Weekly sync");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/search=Weekly\+sync/);
  await expect(table.locator(`tr[data-session-id="${SIM.sessions.healthy}"]`)).toBeVisible();
  await expect(table.locator("tbody tr td:first-child").filter({ hasNotText: "Weekly sync" })).toHaveCount(0);
});

test("a pasted URL restores the view, and paging says where you are", async ({ page }) => {
  await page.goto(`${LIST}?status=ended&sort=-minutes&page=2`);
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("ended");
  await expect(page.getByRole("combobox", { name: "Sort" })).toHaveValue("-minutes");
  await expect(page.getByTestId("paging-summary")).toHaveText(/^21–40 of \d{2,3} sessions$/);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=3/);
  await expect(page.getByTestId("paging-summary")).toHaveText(/^41–60 of/);
});

test("quick time picks set an absolute, shareable range", async ({ page }) => {
  await page.goto(LIST);
  await page.getByRole("button", { name: "24 h" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}T/);
  const from = new URL(page.url()).searchParams.get("from")!;
  // Whole minutes, so the from field reads like every other time on screen.
  expect(from).toMatch(/:00\.000Z$/);
  expect(Math.abs(Date.now() - 86_400_000 - Date.parse(from))).toBeLessThan(120_000);
});

test("the time pick in force is marked, 'Any time' included", async ({ page }) => {
  const picks = ["Last hour", "24 h", "7 days", "30 days", "Any time"];
  const pressed = async () => {
    const out: string[] = [];
    for (const name of picks)
      if ((await page.getByRole("button", { name, exact: true }).getAttribute("aria-pressed")) === "true")
        out.push(name);
    return out;
  };
  await page.goto(LIST);
  const anyTime = page.getByRole("button", { name: "Any time" });
  await expect(anyTime).toHaveAttribute("aria-pressed", "true");
  // In force, not unavailable.
  await expect(anyTime).toBeEnabled();
  expect(await pressed()).toEqual(["Any time"]);

  await page.getByRole("button", { name: "24 h" }).click();
  await expect(page.getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
  expect(await pressed()).toEqual(["24 h"]);
  // Visibly marked: the pressed pick is drawn unlike the others.
  const look = (name: string) =>
    page
      .getByRole("button", { name, exact: true })
      .evaluate((b) => `${getComputedStyle(b).backgroundColor} ${getComputedStyle(b).borderColor}`);
  expect(await look("24 h")).not.toBe(await look("7 days"));

  // A shared link made with a pick is recognised by its length; an arbitrary range marks nothing.
  await page.goto(`${LIST}?from=${new Date(Date.now() - 7 * 86_400_000 - 600_000).toISOString()}`);
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await page.goto(
    `${LIST}?from=${new Date(Date.now() - 3 * 86_400_000).toISOString()}` +
      `&to=${new Date(Date.now() - 86_400_000).toISOString()}`,
  );
  await expect(page.getByRole("combobox", { name: "Status" })).toBeVisible();
  await expect(anyTime).toHaveAttribute("aria-pressed", "false");
  expect(await pressed()).toEqual([]);
});

test.describe("a reader in Madrid with an en-US browser", () => {
  test.use({ timezoneId: "Europe/Madrid", locale: "en-US" });

  test("from/to read and take ISO 24-hour UTC, with the local time beside", async ({ page }) => {
    await page.goto(`${LIST}?from=2026-11-29T13:54:00.000Z&to=2026-11-29T15:05:30.000Z`);
    const from = page.getByRole("textbox", { name: "From (UTC)" });
    await expect(from).toHaveValue("2026-11-29 13:54");
    await expect(page.getByRole("textbox", { name: "To (UTC)" })).toHaveValue("2026-11-29 15:05:30");
    await expect(page.getByTestId("from-local")).toHaveText("(2026-11-29 14:54 GMT+1)");

    // Typed from the keyboard and applied with Enter; the URL keeps ISO instants.
    await from.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("2026-11-28 09:05");
    await expect(page.getByTestId("from-local")).toHaveText("(2026-11-28 10:05 GMT+1)");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/from=2026-11-28T09%3A05%3A00\.000Z/);
    // The untouched field keeps its exact instant.
    await expect(page).toHaveURL(/to=2026-11-29T15%3A05%3A30\.000Z/);

    // A locale form is refused with the expected shape, not misread.
    await from.fill("11/29/2026, 01:54 PM");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("filter-problems")).toContainText(
      "from: must be a UTC time written YYYY-MM-DD HH:MM",
    );
    await expect(page).toHaveURL(/from=2026-11-28T09%3A05/);
  });
});

test("bad values in a link fall back with a notice, never an error page", async ({ page }) => {
  const res = await page.goto(`${LIST}?status=running&page=abc&from=yesterday`);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId("filter-notice")).toContainText("status");
  await expect(page.getByTestId("sessions-table")).toBeVisible();
});

test("live sessions refresh on their own", async ({ page }) => {
  await page.goto(`${LIST}?status=live`);
  await expect(page.getByTestId("live-badge").first()).toBeVisible();
  // The first render came from the server; SWR polls the API while something is live.
  const refresh = await page.waitForRequest((r) => r.url().includes("/api/apps/") && r.url().includes("status=live"), {
    timeout: 15_000,
  });
  expect(refresh.method()).toBe("GET");
});

test("an upstream failure shows the error state and keeps the filters and results", async ({ page }) => {
  await page.goto(`${LIST}?search=sync`);
  const rows = page.getByTestId("sessions-table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  await injectFault({ kind: "status", status: 500, path: "/sessions" });
  await page.getByRole("combobox", { name: "Status" }).selectOption("ended");
  await expect(page.getByTestId("sessions-error")).toContainText("RealtimeKit failed");
  await expect(page).toHaveURL(/search=sync&.*status=ended|status=ended.*search=sync/);
  await expect(page.getByRole("searchbox", { name: "Search title, meeting id or session id" })).toHaveValue("sync");
  await expect(rows.first()).toBeVisible();
});

test("rows are reachable and openable from the keyboard", async ({ page }) => {
  await page.goto(`${LIST}?search=Weekly%20sync`);
  const first = page.getByTestId("sessions-table").locator("tbody tr").first();
  await first.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
});

test("a filter typed wrong is refused with the reason, not silently dropped", async ({ page }) => {
  await page.goto(LIST);
  await page.getByRole("textbox", { name: "Meeting id" }).fill("not-a-meeting");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("filter-problems")).toContainText("meeting");
  await expect(page).not.toHaveURL(/meeting=/);
});
