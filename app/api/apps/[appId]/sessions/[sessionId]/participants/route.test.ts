import { beforeEach, describe, expect, it, vi } from "vitest";

/** `for=check` puts the list on the checks' share; any other value is a 400 that asks the upstream nothing. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";

const upstream = vi.hoisted(() => ({ scan: [] as (boolean | undefined)[] }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", async () => {
  const { currentRequestScope } = await import("@/lib/server/request-scope");
  return {
    realtimeKit: () => ({
      listParticipants: async () => {
        upstream.scan.push(currentRequestScope().scan);
        return { items: [], hasMore: false };
      },
    }),
  };
});

const { GET } = await import("./route");

const ask = (query: string) =>
  GET(new Request(`http://app.test/api/apps/${APP}/sessions/${SESSION}/participants${query}`), {
    params: Promise.resolve({ appId: APP, sessionId: SESSION }),
  });

beforeEach(() => {
  upstream.scan = [];
});

describe("GET /api/apps/{appId}/sessions/{sessionId}/participants?for=", () => {
  it("charges a check's list to the checks' share, and the page's to the user", async () => {
    expect((await ask("")).status).toBe(200);
    expect((await ask("?for=check")).status).toBe(200);
    expect(upstream.scan).toEqual([undefined, true]);
  });

  it("refuses any other value with a 400 naming the field", async () => {
    const res = await ask("?for=scan");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual(
      expect.objectContaining({ code: "bad_request", message: 'for: must be "check" when given' }),
    );
    expect(upstream.scan).toEqual([]);
  });
});
