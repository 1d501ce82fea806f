import { beforeEach, describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/server/realtimekit/errors";

/** The health API spends the shared upstream budget: only a session's own participants may be checked. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const MEMBER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const STRANGER = "1b7e4d20-5c3a-4f86-9e0d-7a2c5b8f1e34";

const upstream = vi.hoisted(() => ({ reports: [] as string[], lists: 0 }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    listAllParticipants: async () => {
      upstream.lists++;
      return { participants: [{ peerId: MEMBER }], skipped: 0 };
    },
    getPeerReport: async (_app: string, peerId: string) => {
      upstream.reports.push(peerId);
      throw new UpstreamError({ kind: "http", status: 404, path: "/peer-report", message: "Not found in RealtimeKit" });
    },
  }),
}));

const { GET } = await import("./route");

const ask = (peers: string[]) =>
  GET(new Request(`http://app.test/api/apps/${APP}/sessions/${SESSION}/health?peers=${peers.join(",")}`), {
    params: Promise.resolve({ appId: APP, sessionId: SESSION }),
  });

beforeEach(() => {
  upstream.reports = [];
  upstream.lists = 0;
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
});
