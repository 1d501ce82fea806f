import { describe, expect, it, vi } from "vitest";
import { SIM } from "@/simulator/scenarios";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import { checkCost, planAutoChecks } from "@/lib/sessions/list-checks";
import type { SessionWithQuality } from "@/lib/sessions/quality-summary";
import { FetchError } from "./fetcher";
import { checkSession, runAutoChecks, type CheckOutcome } from "./use-list-checks";

/**
 * One session's check from the sessions list, through the app's own participants and health routes
 * on the simulator over real HTTP: what it learns is what the index keeps, and what it costs stays
 * within what the list's budget counts for it.
 */

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

const APP = SIM.apps.prod.id;
const { upstreamPaths } = withSimulatedUpstream();

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

  it("spends the checks' share on its participant lists, not the user's", async () => {
    const { scanShare } = await import("@/lib/server/scan-share");
    const before = { scan: (await scanShare().state()).used, upstream: (await upstreamPaths()).length };
    const outcome = await checkSession(APP, { id: SIM.sessions.live }, { get, afford: () => false });
    expect(outcome).toMatchObject({ kind: "over-budget", listCalls: 1 });
    const sent = (await upstreamPaths()).length - before.upstream;
    expect(sent).toBe(1);
    expect((await scanShare().state()).used - before.scan).toBe(sent);
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

describe("runAutoChecks", () => {
  const session = (id: string, peak: number, hoursAgo: number) =>
    ({
      id,
      status: "ended",
      peakParticipants: peak,
      quality: null,
      startedAt: new Date(Date.parse("2026-11-30T12:00:00Z") - hoursAgo * 3_600_000).toISOString(),
    }) as SessionWithQuality;

  /** A check that spends what checkSession would: its list, then (if afforded) the rest. */
  const fakeCheck =
    (real: Record<string, number>, spentLog: number[]) =>
    async (s: SessionWithQuality, afford: (cost: number) => boolean): Promise<CheckOutcome> => {
      const n = real[s.id] ?? s.peakParticipants ?? 0;
      if (!afford(checkCost(n))) {
        spentLog.push(1);
        return { kind: "over-budget", listCalls: 1, participants: n, afforded: false };
      }
      spentLog.push(checkCost(n));
      return { kind: "done", quality: null, listCalls: 1, participants: n, afforded: true };
    };

  it("never spends past the budget, even when sessions turn out bigger than their peak", async () => {
    const rows = [session("a", 8, 1), session("b", 8, 2), session("c", 8, 3), session("d", 2, 4)];
    const plan = planAutoChecks(rows);
    expect(plan.picked.map((p) => p.session.id)).toEqual(["a", "b", "c", "d"]);
    const spent: number[] = [];
    // "b" had 40 people come and go though never more than 8 at once.
    const out = await runAutoChecks(
      plan.picked,
      { planned: 4, checked: 0, spent: 0, waiting: 0, stopped: null },
      { check: fakeCheck({ b: 40 }, spent), stop: () => false, progress: () => {}, landed: () => {} },
    );
    const total = spent.reduce((a, b) => a + b, 0);
    expect(out.spent).toBe(total);
    expect(total).toBeLessThanOrEqual(40);
    // a (11); b (43) no longer fits: its list only (1); c (11); d (5).
    expect(spent).toEqual([11, 1, 11, 5]);
    expect(out).toMatchObject({ checked: 3, waiting: 1, stopped: null });
  });

  it("stops at the first pause, and stops when the view goes away", async () => {
    const rows = [session("a", 2, 1), session("b", 2, 2), session("c", 2, 3)];
    const plan = planAutoChecks(rows);
    let calls = 0;
    const paused = await runAutoChecks(
      plan.picked,
      { planned: 3, checked: 0, spent: 0, waiting: 0, stopped: null },
      {
        check: async () => {
          calls++;
          return {
            kind: "paused",
            retryAfterS: 5,
            message: "spent",
            quality: null,
            listCalls: 1,
            participants: 2,
            afforded: true,
          };
        },
        stop: () => false,
        progress: () => {},
        landed: () => {},
      },
    );
    expect(calls).toBe(1);
    expect(paused).toMatchObject({ checked: 0, waiting: 3, stopped: "spent", spent: checkCost(2) });

    let gone = false;
    const spent: number[] = [];
    const left = await runAutoChecks(
      plan.picked,
      { planned: 3, checked: 0, spent: 0, waiting: 0, stopped: null },
      {
        check: fakeCheck({}, spent),
        stop: () => gone,
        progress: () => {
          gone = true;
        },
        landed: () => {},
      },
    );
    expect(spent).toHaveLength(1);
    expect(left).toMatchObject({ checked: 1, waiting: 2 });
  });
});
