import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SIM } from "@/simulator/scenarios";
import { startSimulator } from "@/simulator/server";
import { withDemoEnv } from "@/lib/test/demo-env";
import { checkCost } from "@/lib/sessions/list-checks";
import { FetchError } from "./fetcher";
import { checkSession } from "./use-list-checks";

/**
 * One session's check from the sessions list, through the app's own participants and health routes
 * on the simulator over real HTTP: what it learns is what the index keeps, and what it costs stays
 * within what the list's budget counts for it.
 */

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

const APP = SIM.apps.prod.id;
let sim: Awaited<ReturnType<typeof startSimulator>>;

withDemoEnv();
beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  vi.stubEnv("CLOUDFLARE_API_BASE_URL", sim.url);
});
afterAll(async () => {
  await sim?.close();
});

async function upstreamPaths(): Promise<string[]> {
  const res = await fetch(`${new URL(sim.url).origin}/__sim/requests`);
  return ((await res.json()) as { requests: { path: string }[] }).requests.map((r) => r.path);
}

/** The browser's fetcher, answered by the route handlers themselves. */
async function get<T>(url: string): Promise<T> {
  const u = new URL(url, "http://app.test");
  const m = u.pathname.match(/^\/api\/apps\/([^/]+)\/sessions\/([^/]+)\/(participants|health)$/);
  if (!m) throw new Error(`unexpected URL ${url}`);
  const mod =
    m[3] === "participants"
      ? await import("@/app/api/apps/[appId]/sessions/[sessionId]/participants/route")
      : await import("@/app/api/apps/[appId]/sessions/[sessionId]/health/route");
  const params = Promise.resolve({ appId: decodeURIComponent(m[1]!), sessionId: decodeURIComponent(m[2]!) });
  const res = await mod.GET(new Request(u), { params });
  const body = await res.json();
  if (!res.ok) throw new FetchError(body.error?.message ?? "failed", res.status, body.error?.code ?? null);
  return body as T;
}

async function indexed(sessionId: string) {
  const { qualityIndex } = await import("@/lib/server/quality-index");
  return (await qualityIndex().sessionSummaries(APP, [sessionId]))[0];
}

describe("checkSession", () => {
  it("learns the problem call's quality as the index keeps it, within the cost counted for it", async () => {
    const before = (await upstreamPaths()).length;
    const costs: number[] = [];
    const outcome = await checkSession(
      APP,
      { id: SIM.sessions.problem },
      { get, afford: (c) => (costs.push(c), true) },
    );
    const spent = (await upstreamPaths()).slice(before);
    expect(outcome).toMatchObject({ kind: "done", participants: 4, listCalls: 1, afforded: true });
    expect(outcome.kind === "done" && outcome.quality).toEqual({
      checked: 4,
      poor: 2,
      degraded: 1,
      good: 1,
      unknown: 0,
    });
    expect(outcome.kind === "done" && outcome.quality).toEqual(await indexed(SIM.sessions.problem));
    expect(costs).toEqual([checkCost(4)]);
    expect(spent.length).toBeLessThanOrEqual(checkCost(4));
    expect(spent.filter((p) => p.includes("peer-report"))).toHaveLength(4);

    // A second check of ended data asks the upstream nothing: the list is cached, the verdicts kept.
    const again = (await upstreamPaths()).length;
    expect((await checkSession(APP, { id: SIM.sessions.problem }, { get })).kind).toBe("done");
    expect((await upstreamPaths()).length).toBe(again);
  });

  it("counts a report without samples as the index does (pins the health check's reason)", async () => {
    const before = (await upstreamPaths()).length;
    const outcome = await checkSession(APP, { id: SIM.sessions.mobile }, { get });
    expect(outcome.kind).toBe("done");
    const quality = outcome.kind === "done" ? outcome.quality : null;
    expect(quality?.unknown).toBeGreaterThan(0);
    expect(quality).toEqual(await indexed(SIM.sessions.mobile));
    expect((await upstreamPaths()).length - before).toBeLessThanOrEqual(checkCost(outcome.participants ?? 0));
  });

  it("asks no health when the real size does not fit the budget left", async () => {
    const before = (await upstreamPaths()).length;
    const outcome = await checkSession(APP, { id: SIM.sessions.healthy }, { get, afford: () => false });
    expect(outcome).toMatchObject({ kind: "over-budget", afforded: false, listCalls: 1 });
    const spent = (await upstreamPaths()).slice(before);
    expect(spent.filter((p) => p.includes("peer-report"))).toEqual([]);
    expect(spent.length).toBeLessThanOrEqual(1);
    expect(await indexed(SIM.sessions.healthy)).toBeNull();
  });

  it("stops at the first result the checks' share left unchecked, keeping what was learned", async () => {
    const peers = Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const asked: string[] = [];
    const fake = async <T>(url: string): Promise<T> => {
      asked.push(url);
      if (url.includes("/participants"))
        return { items: peers.map((peerId) => ({ peerId })), hasMore: false } as unknown as T;
      const ids = new URL(url, "http://x").searchParams.get("peers")!.split(",");
      return {
        results: ids.map((peerId, i) =>
          i < 20
            ? { peerId, level: "poor", reason: "Loss" }
            : { peerId, level: "unknown", reason: "wait", retryAfterS: 12 },
        ),
        scan: { limit: 10, windowMs: 60_000, used: 10, retryAfterS: 15 },
      } as T;
    };
    const outcome = await checkSession(APP, { id: SIM.sessions.problem }, { get: fake });
    expect(outcome).toMatchObject({ kind: "paused", retryAfterS: 15 });
    expect(outcome.kind === "paused" && outcome.quality?.poor).toBe(20);
    // The second batch of five was never asked.
    expect(asked.filter((u) => u.includes("/health"))).toHaveLength(1);

    const limited = async <T>(url: string): Promise<T> => {
      if (url.includes("/participants")) return fake<T>(url);
      throw new FetchError("You have used your share", 429, "rate_limited");
    };
    expect(await checkSession(APP, { id: SIM.sessions.problem }, { get: limited })).toMatchObject({
      kind: "paused",
      message: "You have used your share",
    });
    const broken = async <T>(): Promise<T> => {
      throw new FetchError("RealtimeKit failed (HTTP 500)", 502, "upstream_error");
    };
    expect(await checkSession(APP, { id: SIM.sessions.problem }, { get: broken })).toMatchObject({
      kind: "failed",
      participants: null,
      afforded: false,
    });
  });
});
