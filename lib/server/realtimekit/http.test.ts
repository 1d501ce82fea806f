import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { upstreamError } from "@/lib/test/upstream-error";
import { backoff, createTransport, retryAfterFrom, type TransportConfig } from "./http";

const TOKEN = "secret-token-never-shown";
const schema = z.looseObject({ data: z.looseObject({ id: z.string() }) });

type Reply = { status: number; body: string; headers?: Record<string, string> } | "hang" | Error;

function setup(replies: Reply[], overrides: Partial<TransportConfig> = {}) {
  const calls: { url: string; auth: string | null }[] = [];
  const sleeps: number[] = [];
  // Sleeping moves this clock, so waits that our own budget imposes elapse as they would.
  let clock = Date.parse("2026-08-10T14:00:00Z");
  const fetchImpl = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    }
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  });
  const transport = createTransport({
    baseUrl: "https://upstream.test/client/v4",
    accountId: "0123456789abcdef0123456789abcdef",
    token: TOKEN,
    timeoutMs: 50,
    maxRetries: 2,
    maxElapsedMs: 30_000,
    budget: createMemoryBudget({ limit: 100, windowMs: 60_000, now: () => clock }),
    fetch: fetchImpl as unknown as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0,
    ...overrides,
  });
  return { transport, calls, sleeps };
}

const ok = { status: 200, body: JSON.stringify({ success: true, data: { id: "s1" } }) };


describe("transport", () => {
  it("sends the bearer token and builds the account path and query", async () => {
    const { transport, calls } = setup([ok]);
    const res = await transport.get("/app1/sessions", schema, { page_no: 2, search: undefined, status: "LIVE" });
    expect(res.data.data.id).toBe("s1");
    expect(calls[0]?.auth).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.url).toBe("https://upstream.test/client/v4/accounts/0123456789abcdef0123456789abcdef/realtime/kit/app1/sessions?page_no=2&status=LIVE");
  });

  it("retries a 429 after the Retry-After it was given, then succeeds", async () => {
    const { transport, calls, sleeps } = setup([
      { status: 429, body: JSON.stringify({ success: false, errors: [{ code: 971, message: "More than 1200 requests per 300 seconds reached" }] }), headers: { "retry-after": "2" } },
      ok,
    ]);
    await transport.get("/x", schema);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it("backs off exponentially on 5xx and gives up after the bounded retries", async () => {
    const { transport, calls, sleeps } = setup([{ status: 503, body: JSON.stringify({ success: false, error: { code: 503, message: "down" } }) }]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(err).toMatchObject({ kind: "http", status: 503, upstreamCode: 503, message: "down", path: "/x" });
  });

  it("does not retry a 4xx other than 408/409/429", async () => {
    const { transport, calls } = setup([{ status: 404, body: JSON.stringify({ success: false, error: { code: 404, message: "No session found" } }) }]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(calls).toHaveLength(1);
    expect(err.isNotFound).toBe(true);
  });

  it("gives up at once when Retry-After is beyond the total deadline", async () => {
    const { transport, calls, sleeps } = setup([{ status: 429, body: "{}", headers: { "retry-after": "120" } }]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(err.retryAfterS).toBe(120);
    expect(err.isRateLimited).toBe(true);
  });

  it("honours x-should-retry from the server", async () => {
    const { transport, calls } = setup([{ status: 400, body: "{}", headers: { "x-should-retry": "true" } }, ok]);
    await transport.get("/x", schema);
    expect(calls).toHaveLength(2);
  });

  it("times out a hanging request and retries it", async () => {
    const { transport, calls } = setup(["hang"]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("timeout");
    expect(calls).toHaveLength(3);
  });

  it("reports network failures without the URL's secrets", async () => {
    const { transport } = setup([new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") })]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("network");
    expect(err.message).toContain("ECONNREFUSED");
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(TOKEN);
  });

  it("turns malformed and truncated bodies into invalid-body errors", async () => {
    const truncated = await upstreamError(setup([{ status: 200, body: '{"success":true,"data":{"id":"s' }]).transport.get("/x", schema));
    expect(truncated).toMatchObject({ kind: "invalid-body" });
    expect(truncated.message).toMatch(/not valid JSON/);
    const wrongShape = await upstreamError(setup([{ status: 200, body: '{"success":true,"data":{"name":1}}' }]).transport.get("/x", schema));
    expect(wrongShape.message).toMatch(/data\.id/);
  });

  it("reads all three upstream error shapes", async () => {
    const bare = await upstreamError(setup([{ status: 401, body: '{"message":"Unauthorized"}' }]).transport.get("/x", schema));
    expect(bare).toMatchObject({ status: 401, message: "Unauthorized" });
    const gateway = await upstreamError(setup([{ status: 404, body: '{"success":false,"errors":[{"code":7003,"message":"No route for the URI"}],"messages":[],"result":null}' }]).transport.get("/x", schema));
    expect(gateway).toMatchObject({ status: 404, upstreamCode: 7003, message: "No route for the URI" });
    const html = await upstreamError(setup([{ status: 502, body: "<html>bad gateway</html>" }], { maxRetries: 0 }).transport.get("/x", schema));
    expect(html).toMatchObject({ status: 502, message: "RealtimeKit answered HTTP 502", bodySnippet: "<html>bad gateway</html>" });
  });

  it("refuses to call when the rate budget is spent, without touching the network", async () => {
    const budget = createMemoryBudget({ limit: 1, windowMs: 60_000 });
    const { transport, calls } = setup([ok], { budget });
    await transport.get("/x", schema);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err).toMatchObject({ kind: "budget" });
    expect(err.retryAfterS).toBeGreaterThan(0);
    expect(calls).toHaveLength(1);
  });

  it("stops sending when the upstream's Ratelimit header says nothing is left", async () => {
    const { transport, calls } = setup([{ ...ok, headers: { ratelimit: '"default";r=0;t=30' } }]);
    await transport.get("/x", schema);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("budget");
    expect(err.retryAfterS).toBe(30);
    expect(calls).toHaveLength(1);
  });
});

describe("retry timing helpers", () => {
  it("reads retry-after-ms, seconds and HTTP dates", () => {
    expect(retryAfterFrom(new Headers({ "retry-after-ms": "150" }), 0)).toBe(150);
    expect(retryAfterFrom(new Headers({ "retry-after": "3" }), 0)).toBe(3000);
    const now = Date.parse("2026-08-10T14:00:00Z");
    expect(retryAfterFrom(new Headers({ "retry-after": "Mon, 10 Aug 2026 14:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterFrom(new Headers(), 0)).toBeUndefined();
  });

  it("backs off 0.5 s doubling to 8 s with at most 25 % jitter", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoff(a, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoff(1, () => 1)).toBe(375);
  });
});

describe("a 429 holds off every caller", () => {
  it("blocks other requests for the Retry-After the upstream gave", async () => {
    const budget = createMemoryBudget({ limit: 100, windowMs: 60_000 });
    const body = JSON.stringify({ success: false, errors: [{ code: 971, message: "More than 1200 requests" }] });
    const transport = createTransport({
      baseUrl: "https://upstream.test/client/v4",
      accountId: "0123456789abcdef0123456789abcdef",
      token: "t",
      timeoutMs: 1000,
      maxRetries: 0,
      maxElapsedMs: 1000,
      budget,
      fetch: (async () => new Response(body, { status: 429, headers: { "retry-after": "90" } })) as unknown as typeof fetch,
    });
    await upstreamError(transport.get("/a", schema));
    expect(budget.snapshot().blockedUntil).toBeGreaterThan(Date.now() + 80_000);
    expect((await upstreamError(transport.get("/b", schema))).kind).toBe("budget");
  });
});
