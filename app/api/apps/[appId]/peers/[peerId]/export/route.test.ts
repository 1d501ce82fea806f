import { describe, expect, it, vi } from "vitest";
import { withDemoEnv } from "@/lib/test/demo-env";
import { SIM } from "@/simulator/scenarios";
import { GET } from "./route";

// Signed out: the query is validated before anyone is asked who is calling.
vi.mock("@/auth", () => ({ auth: async () => null }));

withDemoEnv();

const base = `http://127.0.0.1:3000/api/apps/${SIM.apps.prod.id}/peers/${SIM.peers.lossBurst}/export`;
const ctx = { params: Promise.resolve({ appId: SIM.apps.prod.id, peerId: SIM.peers.lossBurst }) };

describe("GET /api/apps/{appId}/peers/{peerId}/export", () => {
  it.each([
    ["format=csv&from=yesterday", "from: must be an ISO 8601 time"],
    ["to=14:05", "to: must be an ISO 8601 time"],
    ["from=2026-08-10T14:05:00Z&to=2026-08-10T14:00:00Z", "to: must be after from"],
    ["from=2026-08-10T14:05:00Z&to=2026-08-10T14:05:00Z", "to: must be after from"],
  ])("answers %s with a 400 saying %s, before sign-in or the upstream", async (query, says) => {
    const res = await GET(new Request(`${base}?${query}`), ctx);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(says);
  });

  it("takes a good window past validation (to the sign-in check)", async () => {
    const res = await GET(new Request(`${base}?format=csv&from=2026-08-10T14:00:00Z&to=2026-08-10T14:05:00Z`), ctx);
    expect(res.status).toBe(401);
  });
});
