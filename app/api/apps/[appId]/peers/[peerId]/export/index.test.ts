import { describe, expect, it, vi } from "vitest";
import { bump, report, track } from "@/lib/report/test-builders";
import { qualityIndex } from "@/lib/server/quality-index";

/** An export reads the whole report: the quality index keeps the verdict, with no call of its own. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const PEER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const asked = vi.hoisted(() => ({ reports: 0 }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    getPeerReport: async () => {
      asked.reports++;
      return report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
    },
  }),
}));

const { GET } = await import("./route");

describe("GET …/export and the quality index", () => {
  it("records the participant's verdict as live (it cannot tell whether the session ended), CSV or JSON", async () => {
    expect(await qualityIndex().get(APP, PEER)).toBeUndefined();
    const res = await GET(new Request(`http://app.test/api/apps/${APP}/peers/${PEER}/export?format=csv`), {
      params: Promise.resolve({ appId: APP, peerId: PEER }),
    });
    expect(res.status).toBe(200);
    expect(asked.reports).toBe(1);
    expect(await qualityIndex().get(APP, PEER)).toMatchObject({ peerId: PEER, level: "poor", live: true });
  });
});
