import { expect, test } from "@playwright/test";
import { SIM, SIM_ORIGIN } from "./env";
import { clearFaults, injectFault, startAppServer, upstreamRequestCount } from "./helpers";

/** What the upstream schema allows, and what a failing upstream does, on the pages and the API. */

const APP = SIM.apps.prod.id;

test.afterEach(clearFaults);

/** The upstream requests made since the simulator's count was `before`. */
async function requestsSince(
  before: number,
): Promise<{ path: string; query: Record<string, string>; status: number }[]> {
  const res = await fetch(`${SIM_ORIGIN}/__sim/requests`);
  const { count, requests } = (await res.json()) as {
    count: number;
    requests: { path: string; query: Record<string, string>; status: number }[];
  };
  return count > before ? requests.slice(-(count - before)) : [];
}

test("the session page shows a session whose participant rows lack ids, and says how many were left out", async ({
  page,
  request,
}) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.edge}`);
  await expect(page.getByRole("heading", { name: "Partner onboarding call" })).toBeVisible();
  await expect(page.getByText("Could not load this session")).toHaveCount(0);
  await expect(page.getByTestId("skipped-participants")).toContainText("2 participant rows could not be shown");
  await expect(
    page.getByTestId("participants-table").locator(`tr[data-peer-id="${SIM.peers.edgeUntypedPair}"]`),
  ).toBeVisible();

  const people = await (
    await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.edge}/participants?perPage=100`)
  ).json();
  expect(people.skipped).toBe(2);
  expect(people.items.map((p: { peerId: string }) => p.peerId)).toContain(SIM.peers.edgeNoId);
});

test("a peer report without participant, or without its id, is the report of the peer asked for", async ({
  request,
}) => {
  for (const peer of [SIM.peers.edgeNoParticipant, SIM.peers.edgeNoId]) {
    const res = await request.get(`/api/apps/${APP}/peers/${peer}`);
    expect(res.status(), peer).toBe(200);
    expect((await res.json()).participant.peerId).toBe(peer);
  }
});

test("the health check takes only the session's own participants, and asks the upstream nothing for others", async ({
  request,
}) => {
  const stranger = SIM.peers.webinarAttendee; // a real peer, of another session
  // Let the session's participant list be read (and cached) first, so what follows counts only reports.
  const ok = await request.get(`/api/apps/${APP}/sessions/${SIM.sessions.healthy}/health?peers=${SIM.peers.healthy}`);
  expect(ok.status()).toBe(200);
  const before = await upstreamRequestCount();
  const res = await request.get(
    `/api/apps/${APP}/sessions/${SIM.sessions.healthy}/health?peers=${SIM.peers.healthy},${stranger}`,
  );
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("bad_request");
  expect(body.error.message).toContain("peers");
  expect(body.error.message).toContain(stranger);
  expect((await requestsSince(before)).filter((r) => r.path.includes(stranger))).toEqual([]);
});

/**
 * A `next start` of its own, on a port no other test uses, with a cold cache: the app server the
 * other tests share has long since cached the apps list (for minutes), so a fault there is mostly
 * never reached and a test on it could pass without the list failing at all.
 */
const freshServer = (env: Record<string, string>) => startAppServer(3107, env);

test("an allow-listed app's page renders on a fresh instance while the upstream apps list fails", async ({ page }) => {
  test.setTimeout(60_000);
  const server = await freshServer({ REALTIMEKIT_APP_IDS: APP });
  try {
    await injectFault({ kind: "status", status: 500, path: "/realtime/kit/apps" });
    const before = await upstreamRequestCount();
    // The session cookie is the shared server's: cookies are per host, not per port.
    await page.goto(`${server.url}/apps/${APP}/sessions`);
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await expect(page.getByText("This page could not be shown")).toHaveCount(0);
    await expect(page.getByTestId("app-list-failed")).toBeVisible();
    const listCalls = (await requestsSince(before)).filter((r) => r.path.endsWith("/realtime/kit/apps"));
    // It was asked, and failed (retries as the deadline allows), once for the whole render.
    expect(listCalls.length).toBeGreaterThan(0);
    expect(listCalls.every((r) => r.status === 500)).toBe(true);
    // The next view answers from the remembered failure instead of asking again.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    expect((await requestsSince(before)).filter((r) => r.path.endsWith("/realtime/kit/apps"))).toHaveLength(
      listCalls.length,
    );
  } finally {
    await page.goto("about:blank");
    await server.stop();
  }
});

test("a page render counts against the signed-in user's share, and a spent share is a notice, not a crash", async ({
  page,
}) => {
  test.setTimeout(60_000);
  // 1 % of 100: one upstream request per user per window.
  const server = await freshServer({ REALTIMEKIT_RATE_LIMIT: "100", REALTIMEKIT_USER_SHARE_PCT: "1" });
  try {
    await page.goto(`${server.url}/apps/${APP}/sessions`);
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    // A search not asked before needs the upstream: this user has nothing left for it.
    const res = await page.goto(`${server.url}/apps/${APP}/sessions?search=share-e2e-${Date.now()}`);
    expect(res?.status()).toBe(200);
    await expect(
      page.getByText(/You have used your share of this deployment's RealtimeKit requests/).first(),
    ).toBeVisible();
    await expect(page.getByText("This page could not be shown")).toHaveCount(0);
  } finally {
    await page.goto("about:blank");
    await server.stop();
  }
});
