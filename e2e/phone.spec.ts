import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";

const APP = SIM.apps.prod.id;
const WIDTH = 390;

test.use({ viewport: { width: WIDTH, height: 800 } });

/** Tables that matter on a phone fit its width: no sideways scrolling to find the verdict. */
async function fits(page: Page, testId: string) {
  const table = page.getByTestId(testId);
  await expect(table).toBeVisible();
  const { scroll, client } = await table.evaluate((t) => {
    const wrap = t.closest(".table-wrap") as HTMLElement;
    return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
  });
  expect(scroll).toBeLessThanOrEqual(client + 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
}

async function withinWidth(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(WIDTH);
}

test("the sessions list fits a phone, status on screen", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions`);
  await fits(page, "sessions-table");
  await withinWidth(page, '[data-testid="sessions-table"] td[data-label="Status"]');
});

test("a session's participants and a peer's pre-call test fit a phone", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await fits(page, "participants-table");
  await expect(page.locator(`tr[data-peer-id="${SIM.peers.lossBurst}"]`).getByTestId("health-badge")).toBeVisible({
    timeout: 20_000,
  });
  await withinWidth(page, `tr[data-peer-id="${SIM.peers.lossBurst}"] td[data-label="Call quality"]`);
  await page.goto(`/apps/${APP}/peers/${SIM.peers.lossBurst}`);
  await fits(page, "precall");
  await withinWidth(page, '[data-testid="precall"] td[data-label="During the call"]');
});
