import { afterAll, describe, expect, it, vi } from "vitest";

// route() loads the sign-in machinery (for other routes' sign-in check), which needs Next.js.
vi.mock("@/auth", () => ({ auth: async () => null }));
import { withDemoEnv } from "@/lib/test/demo-env";
import { DEMO_UPSTREAM } from "@/lib/server/config";
import { upstreamBudget } from "@/lib/server/realtimekit/client";
import { GET } from "./route";

withDemoEnv();
afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("realtimekit-inspector.upstream")];
});

describe("GET /api/health", () => {
  it("stays 200 while the upstream holds us off, and says until when (at most 5 minutes)", async () => {
    let res = await GET(new Request("http://127.0.0.1/api/health"), {});
    let body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      configured: true,
      upstream: { blockedUntil: null, limit: 1200, windowS: 300 },
    });

    // What a 429 with Retry-After: 999999 does to the shared budget.
    const before = Date.now();
    upstreamBudget().observe(0, 999_999);
    const after = Date.now();
    res = await GET(new Request("http://127.0.0.1/api/health"), {});
    body = await res.json();
    expect(res.status).toBe(200);
    expect(body.status).toBe("ok");
    // Capped at the documented 5-minute window from when the 429 arrived.
    const until = Date.parse(body.upstream.blockedUntil);
    expect(until).toBeGreaterThanOrEqual(before + 300_000);
    expect(until).toBeLessThanOrEqual(after + 300_000);
    expect(JSON.stringify(body)).not.toContain(DEMO_UPSTREAM.token);
    expect(JSON.stringify(body)).not.toMatch(/secret/i);
  });
});
