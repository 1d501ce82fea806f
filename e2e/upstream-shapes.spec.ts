import { expect, test } from "@playwright/test";
import { SIM, SIM_ORIGIN } from "./env";
import { clearFaults, injectFault, upstreamRequestCount } from "./helpers";

/** What the upstream schema allows, and what a failing upstream does, on the pages and the API. */

const APP = SIM.apps.prod.id;

test.afterEach(clearFaults);

/** The upstream requests made since the simulator's count was `before`. */
async function requestsSince(before: number): Promise<{ path: string; query: Record<string, string>; status: number }[]> {
  const res = await fetch(`${SIM_ORIGIN}/__sim/requests`);
  const { count, requests } = (await res.json()) as { count: number; requests: { path: string; query: Record<string, string>; status: number }[] };
  return count > before ? requests.slice(-(count - before)) : [];
}

test("the session page shows a session whose participants list holds rows without ids, and says how many were left out", async ({ page, request }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.edge}`);
  await expect(page.getByRole("heading", { name: "Partner onboarding call" })).toBeVisible();
  await expect(page.getByText("Could not load this session")).toHaveCount(0);
  await expect(page.getByTestId("skipped-participants")).toContainText("2 participant rows could not be shown");
  await expect(page.getByTestId("participants-table").locator(`tr[data-peer-id="${SIM.peers.edgeUntypedPair}"]`)).toBeVisible();

  const people = await (await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.edge}/participants?perPage=100`)).json();
  expect(people.skipped).toBe(2);
  expect(people.items.map((p: { peerId: string }) => p.peerId)).toContain(SIM.peers.edgeNoId);
});

test("a peer report without participant, or without its id, is the report of the peer asked for", async ({ request }) => {
  for (const peer of [SIM.peers.edgeNoParticipant, SIM.peers.edgeNoId]) {
    const res = await request.get(`/api/apps/${APP}/peers/${peer}`);
    expect(res.status(), peer).toBe(200);
    expect((await res.json()).participant.peerId).toBe(peer);
  }
});

test("the health check takes only the session's own participants, and asks the upstream nothing for others", async ({ request }) => {
  const stranger = SIM.peers.webinarAttendee; // a real peer, of another session
  // Let the session's participant list be read (and cached) first, so what follows counts only reports.
  const ok = await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.healthy}/health?peers=${SIM.peers.healthy}`);
  expect(ok.status()).toBe(200);
  const before = await upstreamRequestCount();
  const res = await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.healthy}/health?peers=${SIM.peers.healthy},${stranger}`);
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("bad_request");
  expect(body.error.message).toContain("peers");
  expect(body.error.message).toContain(stranger);
  expect((await requestsSince(before)).filter((r) => r.path.includes(stranger))).toEqual([]);
});

test("an app page still renders while the upstream apps list fails", async ({ page }) => {
  await injectFault({ kind: "status", status: 500, path: "/realtime/kit/apps" });
  const before = await upstreamRequestCount();
  await page.goto(`/apps/${APP}/sessions`);
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expect(page.getByText("This page could not be shown")).toHaveCount(0);
  // The list is cached for 5 minutes, so only a cold cache reaches the failing upstream; when it
  // did, the switcher must say the list could not be loaded.
  const listFailed = (await requestsSince(before)).some((r) => r.path.endsWith("/realtime/kit/apps") && r.status === 500);
  if (listFailed) await expect(page.getByTestId("app-list-failed")).toBeVisible();
});
