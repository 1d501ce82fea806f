import { describe, expect, it, vi } from "vitest";
import { report } from "@/lib/report/test-builders";

/** The peer report API asks the client for only the sections requested, and describes only those. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const PEER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const asked = vi.hoisted(() => [] as unknown[]);

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    getPeerReport: async (_app: string, _peer: string, opts: unknown) => {
      asked.push(opts);
      return report({
        sections: { device: "missing", network: "missing", events: "missing", precall: "missing", quality: "present" },
      });
    },
  }),
}));

const { GET } = await import("./route");

describe("GET /api/apps/{appId}/peers/{peerId}?sections=", () => {
  it("passes the sections to the client, so it can ask the upstream for just those", async () => {
    const res = await GET(new Request(`http://app.test/api/apps/${APP}/peers/${PEER}?sections=quality`), {
      params: Promise.resolve({ appId: APP, peerId: PEER }),
    });
    expect(res.status).toBe(200);
    expect(asked.at(-1)).toMatchObject({ sections: ["quality"] });
    const body = (await res.json()) as { completeness: { sections: Record<string, string> }; device?: unknown };
    // Sections not asked for were not fetched: the answer does not call them missing.
    expect(body.completeness.sections).toEqual({ quality: "present" });
    expect(body.device).toBeUndefined();
  });
});
