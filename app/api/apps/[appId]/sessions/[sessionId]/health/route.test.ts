import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { currentRequestScope } from "@/lib/server/request-scope";
import { scanShare } from "@/lib/server/scan-share";
import { withDemoEnv } from "@/lib/test/demo-env";
import type { HealthResponse } from "@/lib/validations/session-quality";

/** The health API spends the shared upstream budget: only a session's own participants may be checked. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
/** A session whose participant list the checks' share no longer covers. */
const SPENT = "3f9e1b7a-c2d4-4e58-8a16-5b0d7c9e2f43";
const MEMBER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const OTHERS = [
  "2b7d9f13-5c4e-4a86-b1d0-9e3f7a5c2b64",
  "f4a1c3e5-7b92-4d08-9c6e-0a2b4d6f8e13",
  "6d8e0a2c-4f1b-4e37-a5c9-8b7d3f1e0c52",
];
const STRANGER = "1b7e4d20-5c3a-4f86-9e0d-7a2c5b8f1e34";

const upstream = vi.hoisted(() => ({ reports: [] as string[], lists: 0, scanScopes: [] as boolean[] }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", async () => {
  const scope = await import("@/lib/server/request-scope");
  const share = await import("@/lib/server/scan-share");
  return {
    realtimeKit: () => ({
      listAllParticipants: async (_app: string, sessionId: string) => {
        if (sessionId === SPENT) throw new share.ScanShareExceeded(3, 60_000, 42_000);
        upstream.lists++;
        return { participants: [MEMBER, ...OTHERS].map((peerId) => ({ peerId })), skipped: 0 };
      },
      // As the real client's budget does (lib/server/realtimekit/client.ts): a check's request
      // claims a permit of the checks' share, refused once it is spent.
      getPeerReport: async (_app: string, peerId: string) => {
        const isScan = scope.currentRequestScope().scan === true;
        upstream.scanScopes.push(isScan);
        if (isScan) {
          const s = share.scanShare();
          const permit = await s.acquire();
          if (!permit.ok) throw new share.ScanShareExceeded(s.limit, s.windowMs, permit.retryAfterMs);
        }
        upstream.reports.push(peerId);
        throw new UpstreamError({
          kind: "http",
          status: 404,
          path: "/peer-report",
          message: "Not found in RealtimeKit",
        });
      },
      getSession: async () => ({ status: "ended", endedAt: "2020-01-01T00:00:00.000Z" }),
    }),
  };
});

withDemoEnv();
beforeAll(() => {
  // The checks' share: 50 % of 6 requests per 60 s.
  vi.stubEnv("REALTIMEKIT_RATE_LIMIT", "6");
  vi.stubEnv("REALTIMEKIT_RATE_WINDOW_S", "60");
  vi.stubEnv("INSPECTOR_SCAN_SHARE_PCT", "50");
});

const { GET } = await import("./route");

const ask = (peers: string[], sessionId = SESSION) =>
  GET(new Request(`http://app.test/api/apps/${APP}/sessions/${sessionId}/health?peers=${peers.join(",")}`), {
    params: Promise.resolve({ appId: APP, sessionId }),
  });

let tests = 0;
beforeEach(() => {
  upstream.reports = [];
  upstream.lists = 0;
  upstream.scanScopes = [];
  // A fresh window of the checks' share for each test.
  const hoursLater = Date.now() + ++tests * 3_600_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(hoursLater);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("GET /api/apps/{appId}/sessions/{sessionId}/health", () => {
  it("checks the session's own participants", async () => {
    const res = await ask([MEMBER]);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { peerId: string; level: string }[] };
    expect(results).toEqual([expect.objectContaining({ peerId: MEMBER, level: "unknown" })]);
    expect(upstream.reports).toEqual([MEMBER]);
  });

  it("refuses ids that are not the session's participants, naming the field, without fetching any report", async () => {
    const res = await ask([MEMBER, STRANGER]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("peers");
    expect(body.error.message).toContain(STRANGER);
    expect(upstream.reports).toEqual([]);
  });

  it("remembers who is in the session: checking known members again does not re-read the list", async () => {
    await ask([MEMBER]);
    const listsBefore = upstream.lists;
    await ask([MEMBER]);
    expect(upstream.lists).toBe(listsBefore);
  });

  it("spends the checks' share, says how much is left, and has the rest wait for it", async () => {
    const res = await ask([MEMBER, ...OTHERS]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthResponse;
    // Every report was asked for as a check's.
    expect(upstream.scanScopes.every(Boolean)).toBe(true);
    expect(upstream.reports).toHaveLength(3);
    expect(body.scan).toEqual({ limit: 3, windowMs: 60_000, used: 3, retryAfterS: 60 });
    const waiting = body.results.filter((r) => r.retryAfterS !== undefined);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ level: "unknown", retryAfterS: 60 });
    expect(waiting[0]?.reason).toMatch(/^Waiting for the checks' share of the upstream budget \(3 requests per 60 s\)/);

    // Once the window has passed, the one left is checked.
    vi.setSystemTime(Date.now() + 60_000);
    const again = (await (await ask([waiting[0]!.peerId])).json()) as HealthResponse;
    expect(again.results[0]).not.toHaveProperty("retryAfterS");
    expect(again.scan).toEqual({ limit: 3, windowMs: 60_000, used: 1, retryAfterS: null });
  });

  it("answers every participant as waiting when even the participant list is past the share", async () => {
    const res = await ask([MEMBER, STRANGER], SPENT);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthResponse;
    expect(body.results.map((r) => [r.peerId, r.level, r.retryAfterS])).toEqual([
      [MEMBER, "unknown", 42],
      [STRANGER, "unknown", 42],
    ]);
    expect(upstream.reports).toEqual([]);
  });

  it("charges nothing to the checks' share outside a check", async () => {
    await ask([MEMBER]);
    const before = await scanShare().state();
    // A page's own request (no scan mark) through the same client.
    const { realtimeKit } = await import("@/lib/server/realtimekit/client");
    await expect(realtimeKit().getPeerReport(APP, MEMBER)).rejects.toBeInstanceOf(UpstreamError);
    expect(currentRequestScope().scan).toBeUndefined();
    expect(await scanShare().state()).toEqual(before);
  });
});
