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
  await expect(none).toContainText(
    new RegExp(
      "as custom participant id or display name among the participants of the 20 most recent sessions " +
        String.raw`\(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\): not found`,
    ),
  );
  // Listing those sessions is a step of the search, not a reading of the id that "found" something.
  await expect(none.getByRole("listitem")).toHaveCount(1);
  await page.goto(lookupUrl("00000000-0000-4000-8000-000000000000"));
  await expect(page.getByTestId("lookup-none")).toContainText("as session id: not found");
  await expect(page.getByTestId("lookup-none")).toContainText("as peer id: not found");
  await expect(page.getByTestId("lookup-none")).toContainText("as meeting id: not found");
});

test("a pasted link of this console opens its page here, whatever host it names", async ({ page }) => {
  const from = "2026-11-29T13:54:00.000Z";
  const to = "2026-11-29T14:00:00.000Z";
  await page.goto(
    lookupUrl(`https://inspector.example.com/apps/${APP}/peers/${SIM.peers.turnTcp}?from=${from}&to=${to}`),
  );
  await expect(page).toHaveURL(
    (url) => url.host === "127.0.0.1:3100" && url.pathname === `/apps/${APP}/peers/${SIM.peers.turnTcp}`,
  );
  const q = new URL(page.url()).searchParams;
  expect([q.get("from"), q.get("to")]).toEqual([from, to]);

  // From the shell's box too, as it would be pasted from a ticket.
  await page.goto(`/apps/${APP}/sessions`);
  await page
    .getByRole("searchbox", { name: /Look up/ })
    .fill(`http://localhost:3000/apps/${APP}/sessions/${SIM.sessions.healthy}`);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page).toHaveURL(`/apps/${APP}/sessions/${SIM.sessions.healthy}`);
});

test("a link to another app, or to no page of one, is refused with the reason", async ({ page }) => {
  await page.goto(
    lookupUrl(`https://inspector.example.com/apps/${SIM.apps.staging.id}/sessions/${SIM.sessions.healthy}`),
  );
  await expect(page.getByTestId("lookup-link")).toContainText("That link does not lead to a page of prod-video");
  await expect(page.getByTestId("lookup-link")).toContainText("it leads to another app");
  await page.goto(
    lookupUrl(`https://inspector.example.com/api/apps/${APP}/peers/${SIM.peers.turnTcp}/export?format=csv`),
  );
  await expect(page.getByTestId("lookup-link")).toContainText("it does not lead to a page of an app");
  expect(new URL(page.url()).pathname).toBe(`/apps/${APP}/lookup`);
});

test("a display name lists the participants who had it, and says what was searched", async ({ page }) => {
  await page.goto(lookupUrl("dana whitfield"));
  const matches = page.getByTestId("lookup-matches");
  await expect(matches).toContainText("One participant matches");
  await expect(page.getByTestId("lookup-scope")).toHaveText(
    new RegExp(
      "^Searched the participants of the 20 most recent sessions " +
        String.raw`\(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\) by custom participant id and display name\.$`,
    ),
  );
  await expect(matches.getByRole("listitem")).toHaveCount(1);
  await expect(matches.getByRole("listitem")).toContainText(SIM.customParticipantIds.lossBurst);
  await expect(matches.getByRole("link", { name: "Customer support call" })).toHaveAttribute(
    "href",
    `/apps/${APP}/sessions/${SIM.sessions.problem}`,
  );
  await matches.getByRole("link", { name: "Dana Whitfield" }).click();
  await expect(page).toHaveURL(`/apps/${APP}/peers/${SIM.peers.lossBurst}`);

  // A surname shared by several people across the recent sessions: one entry each.
  await page.goto(lookupUrl("Rossi"));
  await expect(page.getByTestId("lookup-matches").getByRole("listitem").first()).toContainText("Rossi");
  expect(await page.getByTestId("lookup-matches").getByRole("listitem").count()).toBeGreaterThan(1);
});

test("hostile text is shown as text, never run or followed", async ({ page }) => {
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const hostile = `<img src=x onerror="alert(1)">`;
  await page.goto(lookupUrl(hostile));
  const none = page.getByTestId("lookup-none");
  await expect(none).toContainText(`Nothing in prod-video matches ${hostile}`);
  await expect(none.locator("img")).toHaveCount(0);
  await page.goto(lookupUrl("javascript:alert(1)//apps/x"));
  await expect(page.getByTestId("lookup-none")).toBeVisible();
  expect(dialogs).toBe(0);
  expect(new URL(page.url()).host).toBe("127.0.0.1:3100");
});
