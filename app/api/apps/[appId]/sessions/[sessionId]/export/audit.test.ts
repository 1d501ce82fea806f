import { describe, expect, it, vi } from "vitest";
import { captureAudits } from "@/lib/test/audits";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import { SIM } from "@/simulator/scenarios";

/**
 * The session CSV and summary on the simulator over real HTTP: each download is audited, and neither
 * holds an address, a user agent or a city for anyone (they are built from verdicts, which keep none).
 */

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com", admin: false } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

withSimulatedUpstream();

const APP = SIM.apps.prod.id;
const SESSION = SIM.sessions.problem;
const audits = captureAudits();

async function download(format: "csv" | "summary", headers: Record<string, string> = {}) {
  const { GET } = await import("./route");
  const res = await GET(
    new Request(`http://app.test/api/apps/${APP}/sessions/${SESSION}/export?format=${format}`, { headers }),
    { params: Promise.resolve({ appId: APP, sessionId: SESSION }) },
  );
  expect(res.status).toBe(200);
  return res.text();
}

describe("GET /api/apps/{appId}/sessions/{sessionId}/export: audit", () => {
  it("writes one line for the CSV and one for the summary, saying which", async () => {
    // The participants checked first, so the files carry verdicts.
    const { realtimeKit } = await import("@/lib/server/realtimekit/client");
    const { checkPeers } = await import("@/lib/server/health");
    const { participants } = await realtimeKit().listAllParticipants(APP, SESSION);
    await checkPeers(
      APP,
      participants.map((p) => p.peerId),
      { sessionId: SESSION },
    );
    const files = [await download("csv", { "x-request-id": "session-csv-1" }), await download("summary")];
    expect(audits).toEqual([
      expect.objectContaining({
        audit: true,
        who: "ops@example.com",
        what: { kind: "session-export", appId: APP, sessionId: SESSION, format: "csv" },
        unmasked: false,
        requestId: "session-csv-1",
      }),
      expect.objectContaining({ what: { kind: "session-summary", appId: APP, sessionId: SESSION, format: "summary" } }),
    ]);
    for (const file of files) {
      // The link back to the page names this app's own host, not a participant.
      const text = file.replace(/https?:\/\/\S+/g, "");
      expect(text).not.toMatch(/(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])/);
      expect(text).not.toContain("Mozilla");
    }
  });
});
