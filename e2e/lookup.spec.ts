import { expect, test } from "@playwright/test";
import { SIM } from "./env";

const APP = SIM.apps.prod.id;
const lookupUrl = (id: string) => `/apps/${APP}/lookup?${new URLSearchParams({ id })}`;

test("a session id lands on the session", async ({ page }) => {
  await page.goto(lookupUrl(SIM.sessions.healthy));
  await expect(page).toHaveURL(`/apps/${APP}/sessions/${SIM.sessions.healthy}`);
});

test("a peer id lands on the peer", async ({ page }) => {
  await page.goto(lookupUrl(SIM.peers.turnTcp.toUpperCase()));
  await expect(page).toHaveURL(`/apps/${APP}/peers/${SIM.peers.turnTcp}`);
});

test("a meeting id lands on that meeting's sessions", async ({ page }) => {
  await page.goto(lookupUrl(SIM.meetings.weeklySync));
  await expect(page).toHaveURL(new RegExp(`/apps/${APP}/sessions\\?meeting=${SIM.meetings.weeklySync}`));
  await expect(page.locator(`tr[data-session-id="${SIM.sessions.healthy}"]`)).toBeVisible();
});

test("a custom participant id lands on the peer", async ({ page }) => {
  await page.goto(lookupUrl(SIM.customParticipantIds.lossBurst));
  await expect(page).toHaveURL(`/apps/${APP}/peers/${SIM.peers.lossBurst}`);
});

test("the shell's lookup box uses it", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions`);
  await page.getByRole("searchbox", { name: /Look up/ }).fill(SIM.sessions.problem);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page).toHaveURL(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
});

test("nothing found says what was tried", async ({ page }) => {
  await page.goto(lookupUrl("no-such-customer-id"));
  const none = page.getByTestId("lookup-none");
  await expect(none).toContainText("Nothing in prod-video matches");
  await expect(none).toContainText(/as custom participant id in the 20 most recent sessions \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\): not found/);
  // Listing those sessions is a step of the search, not a reading of the id that "found" something.
  await expect(none.getByRole("listitem")).toHaveCount(1);
  await page.goto(lookupUrl("00000000-0000-4000-8000-000000000000"));
  await expect(page.getByTestId("lookup-none")).toContainText("as session id: not found");
  await expect(page.getByTestId("lookup-none")).toContainText("as peer id: not found");
  await expect(page.getByTestId("lookup-none")).toContainText("as meeting id: not found");
});
