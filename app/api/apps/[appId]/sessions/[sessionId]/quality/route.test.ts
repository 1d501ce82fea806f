import { beforeAll, describe, expect, it, vi } from "vitest";
import { findings } from "@/lib/report/findings";
import { bump, report, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import { buildVerdict } from "@/lib/report/verdict";
import { qualityIndex } from "@/lib/server/quality-index";
import { withDemoEnv } from "@/lib/test/demo-env";
import type { SessionQualityResponse } from "@/lib/validations/session-quality";

/** The session quality API reads the quality index only: no report, no session, no participant list. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const OTHER_SESSION = "5e2d8a14-7c3b-4f90-8a6e-1d9c4b7f2e58";
const POOR = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const GOOD = "1b7e4d20-5c3a-4f86-9e0d-7a2c5b8f1e34";
const ELSEWHERE = "2c9a5e31-6d4b-4a97-8f1e-3b8d6c0a7f45";

const state = vi.hoisted(() => ({ signedIn: true, upstream: [] as string[] }));

vi.mock("@/auth", () => ({ auth: async () => (state.signedIn ? { user: { email: "ops@example.com" } } : null) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async (appId: string) => appId !== "other-app" }));
// Any use of the upstream client is counted: this API must make none.
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () =>
    new Proxy(
      {},
      {
        get: (_t, method) => {
          state.upstream.push(String(method));
          return async () => {
            throw new Error(`upstream ${String(method)} called`);
          };
        },
      },
    ),
}));

const { GET } = await import("./route");

withDemoEnv();

const ask = (appId: string, sessionId: string, query = "") =>
  GET(new Request(`http://app.test/api/apps/${appId}/sessions/${sessionId}/quality${query}`), {
    params: Promise.resolve({ appId, sessionId }),
  });

function verdict(peerId: string, sessionId: string, lossPct: number) {
  const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, lossPct) } })] });
  r.participant.sessionId = sessionId;
  return buildVerdict(r, findings(r, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS, { live: false, now: Date.now(), peerId });
}

beforeAll(async () => {
  await qualityIndex().record(APP, verdict(GOOD, SESSION, 0));
  await qualityIndex().record(APP, verdict(POOR, SESSION, 25));
  await qualityIndex().record(APP, verdict(ELSEWHERE, OTHER_SESSION, 25));
});

describe("GET /api/apps/{appId}/sessions/{sessionId}/quality", () => {
  it("answers every checked participant, worst first, and the heatmap, with no upstream call", async () => {
    state.upstream = [];
    const res = await ask(APP, SESSION);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = (await res.json()) as SessionQualityResponse;
    expect(body.results.map((r) => [r.peerId, r.level])).toEqual([
      [POOR, "poor"],
      [GOOD, "good"],
    ]);
    expect(body.results[0]).toMatchObject({ reason: expect.any(String), more: expect.any(Number) });
    expect(body.heatmap?.rows.map((r) => r.peerId)).toEqual([POOR, GOOD]);
    expect(body.heatmap?.share.poor.some((n) => n === 1)).toBe(true);
    expect(state.upstream).toEqual([]);
  });

  it("answers an unchecked session with no results and no heatmap", async () => {
    const res = await ask(APP, "7f3b9c52-8e1a-4d6b-9c2f-4a0e5d8b3c16");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results: [], heatmap: null });
  });

  it.each([
    ["app id", "bad app!", SESSION, "", "appId"],
    ["session id", APP, "not-a-uuid", "", "sessionId"],
    ["query", APP, SESSION, "?peers=x", "peers"],
  ])("refuses a bad %s with a 400 naming the field", async (_what, appId, sessionId, query, field) => {
    state.upstream = [];
    const res = await ask(appId, sessionId, query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(field);
    expect(state.upstream).toEqual([]);
  });

  it("asks for sign-in, and for an app this deployment shows", async () => {
    state.signedIn = false;
    expect((await ask(APP, SESSION)).status).toBe(401);
    state.signedIn = true;
    expect((await ask("other-app", SESSION)).status).toBe(403);
  });
});
