import { beforeEach, describe, expect, it, vi } from "vitest";
import { report } from "@/lib/report/test-builders";

/** The peer report API asks the client for only the sections requested, and describes only those. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const PEER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const asked = vi.hoisted(() => [] as unknown[]);

const admin = vi.hoisted(() => ({ is: false }));
vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com", admin: admin.is } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
const cache = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  upstreamCache: () => cache.current,
  realtimeKit: () => ({
    peerReportTtl: () => 60_000,
    getPeerReport: async (_app: string, _peer: string, opts: unknown) => {
      asked.push(opts);
      return report({
        sections: { device: "missing", network: "missing", events: "missing", precall: "missing", quality: "present" },
      });
    },
  }),
}));

const { GET } = await import("./route");
const { createMemoryCache } = await import("@/lib/server/cache");

beforeEach(() => {
  cache.current = createMemoryCache(64 * 1024 * 1024);
  asked.length = 0;
  admin.is = false;
});

function get(query: string, headers: Record<string, string> = {}) {
  return GET(new Request(`http://app.test/api/apps/${APP}/peers/${PEER}${query}`, { headers }), {
    params: Promise.resolve({ appId: APP, peerId: PEER }),
  });
}

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

describe("GET /api/apps/{appId}/peers/{peerId}: the stored answer", () => {
  it("answers a repeat from the bytes it kept, under one ETag, whatever the order of the sections", async () => {
    const first = await get("?sections=quality,device");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await get("?sections=device,quality");
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(await first.text());
    // The client was asked once: the repeat read no report, masked and serialised nothing.
    expect(asked).toHaveLength(1);
  });

  it("answers 304 with no body when the browser still has it, and the whole answer when it has another", async () => {
    const etag = (await get("?sections=quality")).headers.get("etag")!;
    const same = await get("?sections=quality", { "if-none-match": `W/"other", ${etag}` });
    expect(same.status).toBe(304);
    expect(same.headers.get("etag")).toBe(etag);
    expect(await same.text()).toBe("");
    const other = await get("?sections=quality", { "if-none-match": '"other"' });
    expect(other.status).toBe(200);
    expect((await other.json()) as object).toHaveProperty("completeness");
  });

  it("never lets a browser keep an admin's exact copy", async () => {
    admin.is = true;
    const res = await get("?sections=quality");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("etag")).toBeTruthy();
  });
});
