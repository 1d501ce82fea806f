import { describe, expect, it, vi } from "vitest";

// route() loads the sign-in machinery (for other routes' sign-in check), which needs Next.js.
vi.mock("@/auth", () => ({ auth: async () => null }));
import type { Readiness } from "@/lib/server/readiness";

const state = vi.hoisted(() => ({ failing: [] as string[] }));
vi.mock("@/lib/server/readiness", () => ({
  readiness: async (): Promise<Partial<Readiness>> => ({
    ready: state.failing.length === 0,
    failing: state.failing as Readiness["failing"],
    checks: {} as Readiness["checks"],
  }),
}));

const { GET } = await import("./route");
const ask = () => GET(new Request("http://127.0.0.1/api/ready"), {});

describe("GET /api/ready", () => {
  it("answers 200 when ready, never cached, with a request id", async () => {
    state.failing = [];
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: "ready", failing: [] });
  });

  it.each([["config"], ["upstream"], ["store"]])("answers 503 naming a failing %s check", async (name) => {
    state.failing = [name];
    const res = await ask();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "not_ready", failing: [name] });
  });
});
