import { describe, expect, it, vi } from "vitest";
import { SIM } from "@/simulator/scenarios";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import type { Page } from "@/lib/realtimekit/types";
import type { SessionListPage } from "@/lib/sessions/list-checks";
import type { SessionWithQuality } from "@/lib/sessions/quality-summary";

/** Each session of the list carries its quality from the index, on the simulator over real HTTP. */

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

const APP = SIM.apps.prod.id;
const { upstreamPaths } = withSimulatedUpstream();

async function list(query = ""): Promise<Page<SessionWithQuality>> {
  const { GET } = await import("./route");
  const res = await GET(new Request(`http://app.test/api/apps/${APP}/sessions${query}`), {
    params: Promise.resolve({ appId: APP }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Page<SessionWithQuality>;
}

describe("GET /api/apps/{appId}/sessions", () => {
  it("says not checked, then counts the checked participants by level without reading any report", async () => {
    const row = async () =>
      (await list(`?search=${SIM.sessions.problem}`)).items.find((s) => s.id === SIM.sessions.problem);
    expect((await row())?.quality).toBeNull();

    // What the session page's health check does for the problem call's participants.
    const { realtimeKit } = await import("@/lib/server/realtimekit/client");
    const { checkPeers } = await import("@/lib/server/health");
    const { participants } = await realtimeKit().listAllParticipants(APP, SIM.sessions.problem);
    const health = await checkPeers(
      APP,
      participants.map((p) => p.peerId),
      { sessionId: SIM.sessions.problem },
    );
    expect(health.map((h) => h.level).sort()).toEqual(["degraded", "good", "poor", "poor"]);

    const before = (await upstreamPaths()).length;
    const problem = await row();
    expect(problem?.quality).toEqual({ checked: 4, poor: 2, degraded: 1, good: 1, unknown: 0 });
    expect(problem?.peakParticipants).toBe(4);
    expect((await upstreamPaths()).slice(before).filter((p) => p.includes("peer-report"))).toEqual([]);

    // The meeting's other call, which nobody checked, as the browser test reads it.
    const meeting = await list(`?search=${SIM.meetings.supportCall}`);
    expect(meeting.items.length).toBeGreaterThan(1);
    for (const s of meeting.items) if (s.id !== SIM.sessions.problem) expect(s.quality).toBeNull();
  });
});

describe("GET /api/apps/{appId}/sessions?quality=poor", () => {
  it("lists only sessions with a poor participant among those checked, and says how far it searched", async () => {
    // The problem call was checked above (2 poor); check the healthy call too, so the filter has one to leave out.
    const { realtimeKit } = await import("@/lib/server/realtimekit/client");
    const { checkPeers } = await import("@/lib/server/health");
    const { participants } = await realtimeKit().listAllParticipants(APP, SIM.sessions.healthy);
    const health = await checkPeers(
      APP,
      participants.map((p) => p.peerId),
      { sessionId: SIM.sessions.healthy },
    );
    expect(health.some((h) => h.level === "poor")).toBe(false);
    expect((await list(`?search=${SIM.sessions.healthy}`)).items[0]?.quality?.checked).toBeGreaterThan(0);

    const poor = (await list("?quality=poor")) as SessionListPage;
    expect(poor.items.map((s) => s.id)).toContain(SIM.sessions.problem);
    expect(poor.items.map((s) => s.id)).not.toContain(SIM.sessions.healthy);
    expect(poor.items.every((s) => (s.quality?.poor ?? 0) > 0)).toBe(true);
    expect(poor.total).toBe(poor.items.length);
    // Every prod session matching the (no) other filters, read 100 at a time.
    expect(poor.walk).toEqual({ searched: expect.any(Number), capped: false });
    expect(poor.walk?.searched).toBeGreaterThan(100);

    // The other filters still apply.
    const ended = (await list(`?quality=poor&search=${SIM.meetings.weeklySync}`)) as SessionListPage;
    expect(ended.items).toEqual([]);
    expect(ended.total).toBe(0);
  });

  it("refuses another value with a 400 naming quality, before any upstream call", async () => {
    const before = (await upstreamPaths()).length;
    const { GET } = await import("./route");
    const res = await GET(new Request(`http://app.test/api/apps/${APP}/sessions?quality=bad`), {
      params: Promise.resolve({ appId: APP }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain("quality");
    expect((await upstreamPaths()).length).toBe(before);
  });
});
