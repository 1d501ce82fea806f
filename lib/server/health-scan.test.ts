import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SIM } from "@/simulator/scenarios";
import { startTestSimulator, type TestSimulator } from "@/simulator/testing";
import type { LoggedRequest } from "@/simulator/request-log";
import { withDemoEnv } from "@/lib/test/demo-env";
import type { HealthResult } from "@/lib/validations/health";
import type { HealthResponse } from "@/lib/validations/session-quality";
import { realtimeKit } from "./realtimekit/client";
import { currentRequestScope, runInRequestScope } from "./request-scope";
import { UserShareExceeded } from "./user-share";

/**
 * A scan of the 1,000-person webinar as the session page drives it (batches of 25 through the health
 * API, waiting when told to), against the simulator over real HTTP with a fake clock: the checks'
 * share of the budget is never exceeded in any window, the rest resume once it frees, and the user
 * who asks is charged nothing for it (docs/quality-index.md, "Checking many participants").
 */

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

const APP = SIM.apps.prod.id;
const WEBINAR = SIM.sessions.webinar;
// 40 requests per 60 s for the deployment: 20 for checks (50 %), 10 for each user (25 %).
const WINDOW_MS = 60_000;
const SHARE = 20;
const USER_SHARE = 10;
const BATCH = 25;
// Enough windows to show the pacing; all 1,000 would take minutes of report parsing.
const PEERS = 60;

let sim: TestSimulator;
withDemoEnv();
beforeAll(async () => {
  // Only Date is faked: sockets and the simulator's own timers run for real.
  vi.useFakeTimers({ toFake: ["Date"] });
  sim = await startTestSimulator({ now: () => Date.now() });
  vi.stubEnv("CLOUDFLARE_API_BASE_URL", sim.url);
  vi.stubEnv("REALTIMEKIT_RATE_LIMIT", "40");
  vi.stubEnv("REALTIMEKIT_RATE_WINDOW_S", String(WINDOW_MS / 1000));
  vi.stubEnv("REALTIMEKIT_USER_SHARE_PCT", "25");
  vi.stubEnv("INSPECTOR_SCAN_SHARE_PCT", "50");
});
afterAll(async () => {
  await sim?.close();
  vi.useRealTimers();
});

async function upstreamLog(): Promise<LoggedRequest[]> {
  const res = await fetch(`${sim.origin}/__sim/requests`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

async function check(peers: string[]): Promise<HealthResponse> {
  const { GET } = await import("@/app/api/apps/[appId]/sessions/[sessionId]/health/route");
  const res = await GET(new Request(`http://app.test/api/apps/${APP}/sessions/${WEBINAR}/health?peers=${peers}`), {
    params: Promise.resolve({ appId: APP, sessionId: WEBINAR }),
  });
  const body = (await res.json()) as HealthResponse;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** A page's own request for the same signed-in user (not a check). */
function asUser<T>(fn: () => Promise<T>): Promise<T> {
  return runInRequestScope(() => {
    currentRequestScope().userKey = "ops@example.com";
    return fn();
  });
}

describe("checking the webinar within the checks' share", () => {
  it("never sends more than the share in any window, resumes after it, and charges the user nothing", async () => {
    // The participant ids, read behind the app's back so they cost no budget.
    const list = await sim.json<{ data: { participants: { id: string }[] } }>(
      `${APP}/sessions/${WEBINAR}/participants?per_page=100&page_no=1`,
    );
    const peers = list.body.data.participants.map((p) => p.id).slice(0, PEERS);
    expect(peers).toHaveLength(PEERS);
    await fetch(`${sim.origin}/__sim/requests`, { method: "DELETE" });

    const t0 = Date.now();
    const final = new Map<string, HealthResult>();
    const queue = [...peers];
    const waits: number[] = [];
    let rounds = 0;
    while (queue.length > 0) {
      rounds++;
      const batch = queue.splice(0, BATCH);
      const { results, scan } = await check(batch);
      expect(results.map((r) => r.peerId)).toEqual(batch);
      expect(scan).toMatchObject({ limit: SHARE, windowMs: WINDOW_MS });
      expect(scan.used).toBeLessThanOrEqual(SHARE);
      const waiting = results.filter((r) => r.retryAfterS !== undefined);
      results.filter((r) => r.retryAfterS === undefined).forEach((r) => final.set(r.peerId, r));
      if (rounds === 1) {
        // The participant list (10 pages) and the session came out of the share too.
        expect(waiting.length).toBeGreaterThan(0);
        expect(scan).toEqual({ limit: SHARE, windowMs: WINDOW_MS, used: SHARE, retryAfterS: 60 });

        // Meanwhile the same user's pages still have their whole share (10), however many checks
        // they asked for; past it, they are refused as before.
        const page = (search: string) => asUser(() => realtimeKit().listSessions(APP, { search }));
        for (let i = 0; i < USER_SHARE; i++) await page(`page-${i}`);
        await expect(page("one-more")).rejects.toBeInstanceOf(UserShareExceeded);
        // Pages did not spend the checks' share either.
        expect((await check(batch.slice(-1))).scan.used).toBe(SHARE);
      }
      for (const r of waiting) {
        expect(r).toMatchObject({ level: "unknown", retryAfterS: scan.retryAfterS });
        expect(r.reason).toMatch(/^Waiting for the checks' share of the upstream budget \(20 requests per 60 s\)/);
      }
      // The page puts them back first and waits as long as it is told.
      queue.unshift(...waiting.map((r) => r.peerId));
      if (waiting.length > 0) {
        expect(scan.retryAfterS).not.toBeNull();
        waits.push(scan.retryAfterS!);
        vi.setSystemTime(Date.now() + scan.retryAfterS! * 1000);
      }
    }

    // Everyone was checked in the end, each once.
    expect(final.size).toBe(PEERS);
    expect([...final.values()].every((r) => r.level !== "unknown" || !/Waiting/.test(r.reason ?? ""))).toBe(true);
    const log = await upstreamLog();
    const reports = log.filter((r) => r.path.includes("/peer-report/"));
    expect(new Set(reports.map((r) => r.path)).size).toBe(PEERS);
    expect(reports).toHaveLength(PEERS);

    // Per window of the fake clock: the checks' requests (everything but the pages' session lists)
    // never exceed the share.
    const checks = log.filter((r) => !r.path.endsWith(`/${APP}/sessions`));
    const perWindow = new Map<number, { all: number; reports: number }>();
    for (const r of checks) {
      const w = Math.floor((Date.parse(r.at) - t0) / WINDOW_MS);
      const n = perWindow.get(w) ?? { all: 0, reports: 0 };
      n.all++;
      if (r.path.includes("/peer-report/")) n.reports++;
      perWindow.set(w, n);
    }
    for (const n of perWindow.values()) {
      expect(n.reports).toBeLessThanOrEqual(SHARE);
      expect(n.all).toBeLessThanOrEqual(SHARE);
    }
    // The share was used in full while there was work: the scan took the minimum time the share
    // allows, (ceil(requests / share) - 1) windows after the first.
    expect([...perWindow.values()].filter((n) => n.all === SHARE).length).toBeGreaterThanOrEqual(2);
    expect(waits.every((s) => s === 60)).toBe(true);
    expect(Date.now() - t0).toBe((Math.ceil(checks.length / SHARE) - 1) * WINDOW_MS);

    // A second pass answers from the quality index: no upstream call, nothing spent.
    const before = (await upstreamLog()).length;
    for (let i = 0; i < PEERS; i += BATCH) {
      const { results } = await check(peers.slice(i, i + BATCH));
      expect(results.every((r) => r.retryAfterS === undefined)).toBe(true);
    }
    expect((await upstreamLog()).length).toBe(before);
  }, 180_000);
});
