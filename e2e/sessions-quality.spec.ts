import { expect, test } from "@playwright/test";
import { SIM } from "./env";

const APP = SIM.apps.prod.id;

test("the sessions list shows the quality of a checked call, and says so of one nobody checked", async ({ page }) => {
  // The session page checks a small call's participants by itself, and the index keeps the verdicts.
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByTestId("participants-table").getByTestId("health-badge")).toHaveCount(4, {
    timeout: 20_000,
  });
  // The list's counts are the ones the session page's "Who had a bad call?" gives.
  await expect(page.getByTestId("health-summary")).toHaveText("4 of 4 checked: 2 poor, 1 degraded, 1 good.");

  // The support call's meeting has another call, never opened by any test.
  await page.goto(`/apps/${APP}/sessions?search=${SIM.meetings.supportCall}`);
  const table = page.getByTestId("sessions-table");
  const problem = table.locator(`tr[data-session-id="${SIM.sessions.problem}"]`);
  const quality = problem.locator('td[data-label="Call quality"]').getByTestId("session-quality");
  await expect(quality).toHaveText("2 poor · 1 degraded of 4");
  await expect(quality).toHaveAttribute("data-level", "poor");
  const other = table.locator(`tbody tr:not([data-session-id="${SIM.sessions.problem}"])`).first();
  await expect(other.getByTestId("session-quality")).toHaveText("not checked");
  await expect(table.getByRole("columnheader", { name: "Call quality" })).toBeVisible();
});
