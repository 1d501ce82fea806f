import { beforeEach, describe, expect, it, vi } from "vitest";

/** `breakoutRooms` is read like every other boolean flag of the API (boolFlag), with the same 400 for a bad value. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";

const upstream = vi.hoisted(() => ({ asked: [] as (boolean | undefined)[] }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    getSession: async (_app: string, id: string, opts: { includeBreakoutRooms?: boolean }) => {
      upstream.asked.push(opts.includeBreakoutRooms);
      return { id, breakoutRooms: [] };
    },
  }),
}));

const { GET } = await import("./route");

const ask = (query: string) =>
  GET(new Request(`http://app.test/api/apps/${APP}/sessions/${SESSION}${query}`), {
    params: Promise.resolve({ appId: APP, sessionId: SESSION }),
  });

beforeEach(() => {
  upstream.asked = [];
});

describe("GET /api/apps/{appId}/sessions/{sessionId}?breakoutRooms=", () => {
  it("asks for breakout rooms only when the flag is on, spelt as any boolean flag", async () => {
    for (const q of ["", "?breakoutRooms=false", "?breakoutRooms=0", "?breakoutRooms=true", "?breakoutRooms=1"]) {
      expect((await ask(q)).status).toBe(200);
    }
    expect(upstream.asked).toEqual([false, false, false, true, true]);
  });

  it("refuses any other value with a 400 naming the field, as before", async () => {
    for (const bad of ["yes", "TRUE", "on"]) {
      const res = await ask(`?breakoutRooms=${bad}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error).toEqual(
        expect.objectContaining({ code: "bad_request", message: "breakoutRooms: must be true or false" }),
      );
    }
    expect(upstream.asked).toEqual([]);
  });
});
