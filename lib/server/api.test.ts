import { describe, expect, it, vi } from "vitest";
import { route } from "./api";
import { currentRequestScope, type RequestScope } from "./request-scope";

// The sign-in machinery is not under test here (and needs the Next.js runtime).
vi.mock("@/auth", () => ({ auth: async () => null }));

describe("route()", () => {
  it("gives each request one scope, shared by everything its handler awaits", async () => {
    const seen: RequestScope[][] = [];
    const handler = route(async () => {
      const mine: RequestScope[] = [currentRequestScope()];
      await new Promise((r) => setTimeout(r, 5));
      mine.push(currentRequestScope());
      await Promise.all([1, 2].map(async () => mine.push(currentRequestScope())));
      seen.push(mine);
      return new Response("ok");
    });
    await Promise.all([handler(new Request("http://x/a"), {}), handler(new Request("http://x/b"), {})]);
    expect(seen).toHaveLength(2);
    for (const scopes of seen) expect(new Set(scopes).size).toBe(1);
    expect(seen[0]?.[0]).not.toBe(seen[1]?.[0]);
  });
});

describe("route()'s request line", () => {
  async function capture(run: () => Promise<unknown>) {
    const { log } = await import("./log");
    const lines: Record<string, unknown>[] = [];
    const spies = (["info", "debug"] as const).map((level) =>
      vi.spyOn(log, level).mockImplementation(((fields: Record<string, unknown>, msg: string) => {
        lines.push({ level, msg, ...fields });
      }) as never),
    );
    try {
      await run();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return lines;
  }

  it("logs route pattern, method, status, duration, upstream counters and the request id it echoes", async () => {
    const { countUpstream } = await import("./request-scope");
    const handler = route(async () => {
      countUpstream("miss");
      countUpstream("call").budgetLeft = 1187;
      countUpstream("call");
      countUpstream("hit");
      await new Promise((r) => setTimeout(r, 20));
      return Response.json({ ok: true }, { status: 201 });
    });
    let res: Response | undefined;
    const lines = await capture(async () => {
      res = await handler(
        new Request("http://x/api/apps/app-1/peers/peer%201?from=secret-query", {
          method: "POST",
          headers: { "x-request-id": "lb-abc.123_X" },
        }),
        { params: Promise.resolve({ appId: "app-1", peerId: "peer 1" }) },
      );
    });
    expect(res?.headers.get("x-request-id")).toBe("lb-abc.123_X");
    expect(lines).toHaveLength(1);
    const line = lines[0] as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      requestId: "lb-abc.123_X",
      method: "POST",
      route: "/api/apps/[appId]/peers/[peerId]",
      path: "/api/apps/app-1/peers/peer%201",
      status: 201,
      upstreamCalls: 2,
      cacheHits: 1,
      cacheMisses: 1,
      budgetLeft: 1187,
    });
    expect(line.durationMs).toBeGreaterThanOrEqual(15);
    // The query string can carry names and search terms: never in the line.
    expect(JSON.stringify(line)).not.toContain("secret-query");
  });

  it("makes a new request id when there is none or the incoming one is not a plain token", async () => {
    const handler = route(async () => new Response("ok"));
    for (const incoming of [undefined, "a b", "x".repeat(65), "<script>", "id\u00e9"]) {
      const lines = await capture(async () => {
        const headers: Record<string, string> = incoming === undefined ? {} : { "x-request-id": incoming };
        const res = await handler(new Request("http://x/api/thing", { headers }), {});
        const id = res.headers.get("x-request-id");
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(id).not.toBe(incoming);
      });
      expect(lines[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("logs a failure's status, with zero counters when nothing was asked upstream", async () => {
    const { ApiError } = await import("./api-errors");
    const handler = route(async () => {
      throw new ApiError(403, "forbidden", "no");
    });
    let status = 0;
    const lines = await capture(async () => {
      status = (await handler(new Request("http://x/api/apps/a1"), { params: Promise.resolve({ appId: "a1" }) }))
        .status;
    });
    expect(status).toBe(403);
    expect(lines[0]).toMatchObject({ status: 403, route: "/api/apps/[appId]", upstreamCalls: 0, cacheHits: 0 });
  });

  it("writes probes that answer 2xx at debug level, failing ones at info", async () => {
    let status = 200;
    const handler = route(async () => new Response(null, { status }), { probe: true });
    let lines = await capture(() => handler(new Request("http://x/api/ready"), {}));
    expect(lines[0]?.level).toBe("debug");
    status = 503;
    lines = await capture(() => handler(new Request("http://x/api/ready"), {}));
    expect(lines[0]?.level).toBe("info");
  });

  it("adds the request id to a response whose headers cannot be changed", async () => {
    const frozen = await fetch("data:text/plain,hello");
    const handler = route(async () => frozen);
    const lines = await capture(async () => {
      const res = await handler(new Request("http://x/api/x", { headers: { "x-request-id": "r-1" } }), {});
      expect(res.headers.get("x-request-id")).toBe("r-1");
      expect(await res.text()).toBe("hello");
    });
    expect(lines).toHaveLength(1);
  });
});

describe("routePattern", () => {
  it("names each parameter's segment, catch-alls included, and leaves the rest", async () => {
    const { routePattern } = await import("./api");
    expect(routePattern("/api/apps/a/sessions/s/health", { appId: "a", sessionId: "s" })).toBe(
      "/api/apps/[appId]/sessions/[sessionId]/health",
    );
    expect(routePattern("/api/apps/same/peers/same", { appId: "same", peerId: "same" })).toBe(
      "/api/apps/[appId]/peers/[peerId]",
    );
    expect(routePattern("/api/auth/callback/oidc", { nextauth: ["callback", "oidc"] })).toBe("/api/auth/[...nextauth]");
    expect(routePattern("/api/health", {})).toBe("/api/health");
  });
});
