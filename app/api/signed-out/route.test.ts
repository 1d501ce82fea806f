import { describe, expect, it, vi } from "vitest";

vi.mock("@/auth", () => ({ auth: async () => null }));
const { POST } = await import("./route");

describe("POST /api/signed-out", () => {
  it("tells the browser to clear its cache, and says nothing else", async () => {
    const res = await POST(new Request("http://app.test/api/signed-out", { method: "POST" }), undefined);
    expect(res.status).toBe(204);
    expect(res.headers.get("clear-site-data")).toBe('"cache"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("");
  });
});
