// Every fault kind, the ways to set and clear them, and the request log tests count calls with.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIM } from "./scenarios";
import type { TestSimulator } from "./testing";
import { PROD, startTestSimulator } from "./testing";

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await fetch(`${sim.origin}/__sim/faults`, { method: "DELETE" });
  await fetch(`${sim.origin}/__sim/requests`, { method: "DELETE" });
});

async function inject(fault: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${sim.origin}/__sim/faults`, { method: "POST", body: JSON.stringify(fault) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function requests() {
  const res = await fetch(`${sim.origin}/__sim/requests`);
  return (await res.json()) as {
    count: number;
    requests: Array<{ method: string; path: string; query: Record<string, string>; status: number; at: string }>;
  };
}

const session = `${PROD}/sessions/${SIM.sessions.healthy}`;

describe("fault kinds", () => {
  it("latency delays, then answers normally", async () => {
    await inject({ kind: "latency", latencyMs: 250, times: 1 });
    const started = performance.now();
    const res = await sim.get(session);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(200);
    // `times: 1` is used up: the next request is not delayed.
    const listed = (await (await fetch(`${sim.origin}/__sim/faults`)).json()) as { faults: unknown[] };
    expect(listed.faults).toEqual([]);
  });

  it("status answers the given 5xx in the RealtimeKit error shape", async () => {
    await inject({ kind: "status", status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await sim.get(session);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ success: false, error: { code: 503, message: "Service Unavailable" } });
    }
    expect((await sim.get(session)).status).toBe(200);
  });

  it("rate-limit answers 429 with Retry-After and Cloudflare's code 971", async () => {
    await inject({ kind: "rate-limit", retryAfterS: 7, times: 1 });
    const res = await sim.get(session);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    const body = (await res.json()) as {
      success: boolean;
      errors: Array<{ code: number; message: string }>;
      result: null;
    };
    expect(body.success).toBe(false);
    expect(body.errors[0]?.code).toBe(971);
    expect(body.errors[0]?.message).toMatch(/^More than 1200 requests per 300 seconds reached/);
  });

  it("timeout holds the request until the client gives up", async () => {
    await inject({ kind: "timeout", times: 1 });
    await expect(sim.get(session, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await sim.get(session)).status).toBe(200);
  });

  it("malformed answers 200 with a body that is not JSON", async () => {
    await inject({ kind: "malformed", times: 1 });
    const res = await sim.get(session);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("truncated answers 200 with the real body cut off halfway", async () => {
    const full = await (await sim.get(session)).text();
    await inject({ kind: "truncated", times: 1 });
    const res = await sim.get(session);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(full.startsWith(text)).toBe(true);
    expect(text.length).toBe(Math.floor(full.length / 2));
    expect(() => JSON.parse(text)).toThrow();
  });

  it("reset destroys the connection", async () => {
    await inject({ kind: "reset", times: 1 });
    await expect(sim.get(session)).rejects.toThrow();
    expect((await sim.get(session)).status).toBe(200);
  });
});

describe("setting and clearing faults", () => {
  it("applies a fault without `times` until cleared, only where the path matches", async () => {
    await inject({ kind: "status", status: 500, path: "/participants" });
    for (let i = 0; i < 3; i++) expect((await sim.get(`${session}/participants`)).status).toBe(500);
    expect((await sim.get(session)).status).toBe(200);
    const listed = (await (await fetch(`${sim.origin}/__sim/faults`)).json()) as { faults: unknown[] };
    expect(listed.faults).toHaveLength(1);
    await fetch(`${sim.origin}/__sim/faults`, { method: "DELETE" });
    expect((await sim.get(`${session}/participants`)).status).toBe(200);
  });

  it("takes a one-off fault from request headers", async () => {
    const status = await sim.get(session, { headers: { "x-sim-fault": "status", "x-sim-status": "502" } });
    expect(status.status).toBe(502);
    const limited = await sim.get(session, { headers: { "x-sim-fault": "rate-limit", "x-sim-retry-after": "2" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await sim.get(session, { headers: { "x-sim-fault": "explode" } })).status).toBe(400);
    expect((await sim.get(session)).status).toBe(200);
  });

  it("rejects a fault it does not understand", async () => {
    for (const body of [
      '{"kind":"explode"}',
      "not json",
      '{"kind":"latency","latencyMs":-5}',
      '{"kind":"status","times":0}',
    ]) {
      const res = await fetch(`${sim.origin}/__sim/faults`, { method: "POST", body });
      expect(res.status, body).toBe(400);
    }
  });
});

describe("request log", () => {
  it("records API requests with path, query, status and time, newest last, and resets", async () => {
    await sim.get(`${PROD}/sessions?status=LIVE&per_page=5`);
    await sim.get(`${PROD}/sessions/not-a-uuid`);
    await inject({ kind: "reset", times: 1 });
    await sim.get(session).catch(() => undefined);
    const log = await requests();
    expect(log.count).toBe(3);
    expect(log.requests.map((r) => r.status)).toEqual([200, 400, 0]);
    expect(log.requests[0]).toMatchObject({ method: "GET", query: { status: "LIVE", per_page: "5" } });
    expect(log.requests[0]?.path).toMatch(/\/realtime\/kit\/[^/]+\/sessions$/);
    expect(Number.isNaN(Date.parse(log.requests[0]?.at ?? ""))).toBe(false);
    await fetch(`${sim.origin}/__sim/requests`, { method: "DELETE" });
    expect((await requests()).count).toBe(0);
  });

  it("stops promptly even while holding a timed-out request", async () => {
    const other = await startTestSimulator();
    await fetch(`${other.origin}/__sim/faults`, { method: "POST", body: '{"kind":"timeout"}' });
    const pending = other.get(session).catch(() => "dropped");
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("dropped");
  });
});
