import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { toErrorResponse } from "@/lib/server/api-errors";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { currentRequestScope, runInRequestScope } from "@/lib/server/request-scope";
import { upstreamError } from "@/lib/test/upstream-error";
import { backoff, createTransport, MAX_STRING_CHARS, retryAfterFrom, type TransportConfig } from "./http";

const TOKEN = "secret-token-never-shown";
const schema = z.looseObject({ data: z.looseObject({ id: z.string() }) });

type Reply =
  | { status: number; body: string | ReadableStream<Uint8Array> | null; headers?: Record<string, string> }
  | "hang"
  | Error;

function setup(replies: Reply[], overrides: Partial<TransportConfig> = {}) {
  const calls: { url: string; auth: string | null; redirect: RequestRedirect | undefined }[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  // Sleeping moves this clock, so waits that our own budget imposes elapse as they would.
  let clock = Date.parse("2026-08-10T14:00:00Z");
  const fetchImpl = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), auth: new Headers(init?.headers).get("authorization"), redirect: init?.redirect });
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
    timeoutMs: 30_000,
    maxRetries: 2,
    budget: createMemoryBudget({ limit: 100, windowMs: 60_000, now: () => clock }),
    log: (line) => logs.push(line),
    fetch: fetchImpl as unknown as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0,
    ...overrides,
  });
  return { transport, calls, sleeps, logs, advance: (ms: number) => (clock += ms) };
}

const ok = { status: 200, body: JSON.stringify({ success: true, data: { id: "s1" } }) };

describe("transport", () => {
  it("sends the bearer token and builds the account path and query", async () => {
    const { transport, calls } = setup([ok]);
    const res = await transport.get("/app1/sessions", schema, { page_no: 2, search: undefined, status: "LIVE" });
    expect(res.data.data.id).toBe("s1");
    expect(calls[0]?.auth).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.url).toBe(
      "https://upstream.test/client/v4/accounts/0123456789abcdef0123456789abcdef" +
        "/realtime/kit/app1/sessions?page_no=2&status=LIVE",
    );
  });

  it("retries a 429 after the Retry-After it was given, then succeeds", async () => {
    const { transport, calls, sleeps } = setup([
      {
        status: 429,
        body: JSON.stringify({
          success: false,
          errors: [{ code: 971, message: "More than 1200 requests per 300 seconds reached" }],
        }),
        headers: { "retry-after": "2" },
      },
      ok,
    ]);
    await transport.get("/x", schema);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it("backs off exponentially on 5xx and gives up after the bounded retries", async () => {
    const { transport, calls, sleeps } = setup([
      { status: 503, body: JSON.stringify({ success: false, error: { code: 503, message: "down" } }) },
    ]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(err).toMatchObject({
      kind: "http",
      status: 503,
      upstreamCode: 503,
      detail: "down",
      message: "RealtimeKit failed (HTTP 503)",
      path: "/x",
    });
  });

  it("does not retry a 4xx other than 408/409/429", async () => {
    const { transport, calls } = setup([
      { status: 404, body: JSON.stringify({ success: false, error: { code: 404, message: "No session found" } }) },
    ]);
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

  it("reports network failures with a fixed message, the detail going to the log only", async () => {
    const { transport, logs } = setup([
      new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") }),
    ]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("network");
    expect(err.message).toBe("Could not reach RealtimeKit");
    expect(err.detail).toContain("ECONNREFUSED");
    expect(logs.join("\n")).toContain("ECONNREFUSED 127.0.0.1:9");
    const api = await toErrorResponse(err).text();
    expect(api).not.toContain("127.0.0.1");
    expect(api).not.toContain("ECONNREFUSED");
  });

  it("turns malformed and truncated bodies into invalid-body errors", async () => {
    const truncated = await upstreamError(
      setup([{ status: 200, body: '{"success":true,"data":{"id":"s' }]).transport.get("/x", schema),
    );
    expect(truncated).toMatchObject({ kind: "invalid-body" });
    expect(truncated.message).toMatch(/not valid JSON/);
    const wrongShape = await upstreamError(
      setup([{ status: 200, body: '{"success":true,"data":{"name":1}}' }]).transport.get("/x", schema),
    );
    expect(wrongShape.message).toBe(
      "RealtimeKit sent a payload this app cannot read (data.id: missing (expected string))",
    );
  });

  it("reads all three upstream error shapes", async () => {
    const bare = await upstreamError(
      setup([{ status: 401, body: '{"message":"Unauthorized"}' }]).transport.get("/x", schema),
    );
    expect(bare).toMatchObject({ status: 401, detail: "Unauthorized" });
    const gateway = await upstreamError(
      setup([
        {
          status: 404,
          body:
            '{"success":false,"errors":[{"code":7003,"message":"No route for the URI"}],' +
            '"messages":[],"result":null}',
        },
      ]).transport.get("/x", schema),
    );
    expect(gateway).toMatchObject({
      status: 404,
      upstreamCode: 7003,
      detail: "No route for the URI",
      message: "Not found in RealtimeKit",
    });
    const html = await upstreamError(
      setup([{ status: 502, body: "<html>bad gateway</html>" }], { maxRetries: 0 }).transport.get("/x", schema),
    );
    expect(html).toMatchObject({
      status: 502,
      message: "RealtimeKit failed (HTTP 502)",
      bodySnippet: "<html>bad gateway</html>",
    });
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
      budget,
      log: () => {},
      fetch: (async () =>
        new Response(body, { status: 429, headers: { "retry-after": "90" } })) as unknown as typeof fetch,
    });
    await upstreamError(transport.get("/a", schema));
    expect(budget.snapshot().blockedUntil).toBeGreaterThan(Date.now() + 80_000);
    expect((await upstreamError(transport.get("/b", schema))).kind).toBe("budget");
  });
});

describe("one deadline per inbound request", () => {
  it("answers a hanging upstream within the deadline, without retrying past it", async () => {
    const { transport, calls } = setup(["hang"], { timeoutMs: 100, now: Date.now });
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe("RealtimeKit did not answer within 0.1 s");
    // One attempt took the whole deadline: no second one (which used to double the wait).
    expect(calls).toHaveLength(1);
  });

  it("shares one deadline between all the upstream calls of a request", async () => {
    const { transport, calls, advance } = setup([ok]);
    await runInRequestScope(async () => {
      await transport.get("/first", schema);
      advance(30_001);
      const err = await upstreamError(transport.get("/second", schema));
      expect(err.kind).toBe("timeout");
    });
    expect(calls).toHaveLength(1);
    // Another request, or a call outside any request, has its own.
    await runInRequestScope(() => transport.get("/third", schema));
    await transport.get("/fourth", schema);
    expect(calls).toHaveLength(3);
  });

  it("stops retrying when the next wait would end past the deadline", async () => {
    const { transport, calls, sleeps } = setup([{ status: 503, body: "{}" }], { timeoutMs: 1_200 });
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.status).toBe(503);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });
});

describe("redirects are not followed", () => {
  it("treats a 3xx as a failure and never asks fetch to follow it", async () => {
    const { transport, calls } = setup([
      { status: 302, body: null, headers: { location: "https://elsewhere.test/data" } },
    ]);
    const err = await upstreamError(transport.get("/x", schema));
    expect(err).toMatchObject({ kind: "redirect", status: 302 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.redirect).toBe("manual");
    expect(toErrorResponse(err).status).toBe(502);
  });
});

describe("size caps", () => {
  it("stops reading a body at the cap and names the limit", async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const { transport, logs } = setup([{ status: 200, body: endless }], { maxBodyBytes: 1024 * 1024 });
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.kind).toBe("too-large");
    expect(err.message).toBe(
      "RealtimeKit sent more than 1 MB, the limit this deployment accepts (REALTIMEKIT_MAX_BODY_MB)",
    );
    expect(pulls).toBeLessThan(40);
    expect(logs[0]).toMatch(/too-large/);
    const res = toErrorResponse(err);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: { code: "upstream_too_large", message: err.message } });
  });

  it("refuses a declared length above the cap without reading it", async () => {
    const { transport } = setup([{ status: 200, body: "x".repeat(2048), headers: { "content-length": "2048" } }], {
      maxBodyBytes: 1024,
    });
    expect((await upstreamError(transport.get("/x", schema))).kind).toBe("too-large");
  });

  it("cuts strings longer than the limit while parsing, with an ellipsis", async () => {
    const long = "n".repeat(50_000);
    const body = JSON.stringify({
      success: true,
      data: { id: "s1", name: long, tags: [long, "short"], nested: { deep: [{ ua: long }] } },
    });
    const { transport, logs } = setup([{ status: 200, body }]);
    const { data } = await transport.get("/x", schema);
    const d = data.data as unknown as { name: string; tags: string[]; nested: { deep: { ua: string }[] } };
    expect(d.name).toHaveLength(MAX_STRING_CHARS);
    expect(d.name.endsWith("…")).toBe(true);
    expect(d.tags[0]).toHaveLength(MAX_STRING_CHARS);
    expect(d.tags[1]).toBe("short");
    expect(d.nested.deep[0]?.ua).toHaveLength(MAX_STRING_CHARS);
    expect(logs).toEqual([`[realtimekit] GET /x: 3 string(s) longer than ${MAX_STRING_CHARS} characters were cut`]);
  });
});

describe("Retry-After is capped at the upstream's 5-minute window", () => {
  it("caps the header however it is written", () => {
    const now = Date.parse("2026-08-10T14:00:00Z");
    expect(retryAfterFrom(new Headers({ "retry-after": "999999" }), now)).toBe(300_000);
    expect(retryAfterFrom(new Headers({ "retry-after-ms": "999999999" }), now)).toBe(300_000);
    expect(retryAfterFrom(new Headers({ "retry-after": "Fri, 01 Jan 2100 00:00:00 GMT" }), now)).toBe(300_000);
  });

  it("holds every caller off for at most 5 minutes after a 429 asking for 11 days", async () => {
    const budget = createMemoryBudget({ limit: 100, windowMs: 60_000 });
    const { transport } = setup([{ status: 429, body: "{}", headers: { "retry-after": "999999" } }], {
      budget,
      now: Date.now,
    });
    const err = await upstreamError(transport.get("/x", schema));
    expect(err.retryAfterS).toBe(300);
    expect(budget.snapshot().blockedUntil).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(toErrorResponse(err).headers.get("retry-after")).toBe("300");
  });
});

describe("what users are told, and what the log keeps", () => {
  const echo = `GET /x HTTP/1.1\nauthorization: Bearer ${TOKEN}`;
  it.each<[string, Reply]>([
    [
      "an error message",
      {
        status: 400,
        body: JSON.stringify({ success: false, error: { code: 400, message: `Invalid request: ${echo}` } }),
      },
    ],
    [
      "a gateway error list",
      { status: 500, body: JSON.stringify({ success: false, errors: [{ code: 10000, message: echo }] }) },
    ],
    ["an HTML page", { status: 502, body: `<html><pre>${echo}</pre></html>` }],
    ["a 200 that is not JSON", { status: 200, body: `echo: ${echo}` }],
    ["a redirect", { status: 307, body: null, headers: { location: `https://elsewhere.test/?token=${TOKEN}` } }],
  ])("an upstream echoing the token in %s: the API JSON and the log line do not contain it", async (_, reply) => {
    const { transport, logs } = setup([reply], { maxRetries: 0 });
    const err = await upstreamError(transport.get("/x", schema));
    const api = await toErrorResponse(err).text();
    expect(api).not.toContain(TOKEN);
    expect(api).not.toContain("authorization");
    expect(err.message).not.toContain(TOKEN);
    expect(logs).toHaveLength(1);
    expect(logs[0]).not.toContain(TOKEN);
    // The detail is still there for the operator, with the token replaced.
    expect(logs[0]).toContain("[redacted]");
  });

  it("redacts anything that looks like a bearer credential, not only the configured token", async () => {
    const { transport, logs } = setup(
      [{ status: 500, body: JSON.stringify({ message: "seen: Authorization: Bearer another-token-123" }) }],
      { maxRetries: 0 },
    );
    await upstreamError(transport.get("/x", schema));
    expect(logs[0]).toContain("upstream said: seen: Authorization: Bearer [redacted]");
  });

  it("names the field path of an unreadable payload without repeating what the upstream sent", async () => {
    const withStats = z.looseObject({
      data: z.looseObject({ id: z.string(), stats: z.record(z.string(), z.number()) }),
    });
    const body = JSON.stringify({
      success: true,
      data: { id: { echoed: TOKEN }, stats: { [`key with ${TOKEN}`]: "not a number" } },
    });
    const { transport, logs } = setup([{ status: 200, body }]);
    const err = await upstreamError(transport.get("/x", withStats));
    expect(err.message).toBe(
      "RealtimeKit sent a payload this app cannot read (data.id: expected string; data.stats.[key]: expected number)",
    );
    const api = (await toErrorResponse(err).json()) as { error: { message: string } };
    expect(api.error.message).toBe(err.message);
    expect(logs[0]).toContain("data.id");
    expect(logs[0]).not.toContain(TOKEN);
  });
});

describe("the request line's counters", () => {
  it("counts every attempt sent, retries included, and what the budget has left after", async () => {
    const { transport } = setup([{ status: 503, body: "{}" }, ok]);
    const counters = await runInRequestScope(async () => {
      await transport.get("/x", schema);
      await transport.get("/y", schema);
      return currentRequestScope().counters;
    });
    expect(counters).toEqual({ upstreamCalls: 3, cacheHits: 0, cacheMisses: 0, budgetLeft: 97 });
  });

  it("counts nothing for a call the budget refused", async () => {
    const { transport } = setup([ok], { budget: createMemoryBudget({ limit: 1, windowMs: 60_000 }) });
    const counters = await runInRequestScope(async () => {
      await transport.get("/x", schema);
      await upstreamError(transport.get("/y", schema));
      return currentRequestScope().counters;
    });
    expect(counters).toMatchObject({ upstreamCalls: 1, budgetLeft: 0 });
  });
});

describe("what a failure's log line may say of the body", () => {
  it("keeps an error page's text, but never the data of a 2xx body it could not read", async () => {
    const { transport, logs } = setup([
      { status: 200, body: '{"success":true,"data":{"participant":{"display_name":"Asha Verma","ip":"' },
    ]);
    await upstreamError(transport.get("/x", schema));
    expect(logs[0]).toMatch(/invalid-body/);
    expect(logs[0]).not.toContain("Asha");
    expect(logs[0]).toContain('body starts "{\\"xxxxxxx\\":xxxx');
    const bad = setup([{ status: 502, body: "<html>bad gateway</html>" }], { maxRetries: 0 });
    await upstreamError(bad.transport.get("/x", schema));
    expect(bad.logs[0]).toContain("<html>bad gateway</html>");
  });
});
