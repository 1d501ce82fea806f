import { beforeEach, describe, expect, it } from "vitest";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { withSimulator } from "@/lib/test/demo-env";
import { createMemoryCache, type ResponseCache } from "@/lib/server/cache";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { upstreamError } from "@/lib/test/upstream-error";
import { currentRequestScope, runInRequestScope } from "@/lib/server/request-scope";
import { createRealtimeKitClient, TTL, type ClientDeps } from "./client";

/** The client against the simulator over real HTTP: the same code path production takes. */

const sim = withSimulator();
const APP = SIM.apps.prod.id;

beforeEach(async () => {
  await fetch(`${sim.origin()}/__sim/faults`, { method: "DELETE" });
  await fetch(`${sim.origin()}/__sim/requests`, { method: "DELETE" });
});

async function upstreamCalls(): Promise<{ path: string; query: unknown }[]> {
  const res = await fetch(`${sim.origin()}/__sim/requests`);
  const body = (await res.json()) as { requests: { path: string; query: unknown }[] };
  return body.requests;
}

async function injectFault(fault: Record<string, unknown>) {
  const res = await fetch(`${sim.origin()}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.ok).toBe(true);
}

/** A cache that records the lifetime chosen for each key. */
function spyCache(): ResponseCache & { ttls: Map<string, number> } {
  const inner = createMemoryCache(64 * 1024 * 1024);
  const ttls = new Map<string, number>();
  return {
    ttls,
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    async set(k, v, o) {
      ttls.set(k, o.ttlMs);
      await inner.set(k, v, o);
    },
  };
}

function client(overrides: Partial<ClientDeps> = {}, sleeps: number[] = []) {
  // Sleeping moves this clock, so the hold-off a 429 puts on the budget elapses as it would.
  let clock = Date.now();
  return createRealtimeKitClient({
    now: () => clock,
    config: { baseUrl: sim.url(), accountId: SIM_DEFAULTS.accountId, token: SIM_DEFAULTS.token, timeoutMs: 2_000 },
    cache: createMemoryCache(64 * 1024 * 1024),
    budget: createMemoryBudget({ limit: 10_000, windowMs: 300_000, now: () => clock }),
    transport: {
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    },
    ...overrides,
  });
}

describe("operations", () => {
  it("lists every app", async () => {
    const apps = await client().listAllApps();
    expect(apps.map((a) => a.name).sort()).toEqual(["prod-video", "staging-video"]);
  });

  it("walks every page of sessions; offsets are 1-based and add up", async () => {
    const c = client();
    const first = await c.listSessions(APP, { perPage: 25 });
    expect(first.startOffset).toBe(1);
    expect(first.endOffset).toBe(25);
    const total = first.total!;
    expect(total).toBeGreaterThan(100);
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const p = await c.listSessions(APP, { perPage: 25, page });
      p.items.forEach((s) => ids.add(s.id));
      if (!p.hasMore) break;
    }
    expect(ids.size).toBe(total);
  });

  it("filters sessions by status and meeting, newest first", async () => {
    const c = client();
    const live = await c.listSessions(APP, { status: "LIVE" });
    expect(live.items.map((s) => s.id)).toContain(SIM.sessions.live);
    expect(live.items.every((s) => s.status === "live")).toBe(true);
    const byMeeting = await c.listSessions(APP, { meetingId: SIM.meetings.webinar });
    expect(byMeeting.items.map((s) => s.id)).toEqual([SIM.sessions.webinar]);
    const all = await c.listSessions(APP, { perPage: 50 });
    const starts = all.items.map((s) => s.startedAt!);
    expect([...starts].sort().reverse()).toEqual(starts);
  });

  it("gets a session: ended with a duration, live without one", async () => {
    const c = client();
    const ended = await c.getSession(APP, SIM.sessions.healthy);
    expect(ended).toMatchObject({ id: SIM.sessions.healthy, status: "ended", meetingId: SIM.meetings.weeklySync });
    expect(ended.durationS).toBeGreaterThan(60);
    const live = await c.getSession(APP, SIM.sessions.live);
    expect(live).toMatchObject({ status: "live", endedAt: null, durationS: null });
    expect(live.liveParticipants).toBeGreaterThan(0);
  });

  it("lists every participant of the 1,000-person webinar in a handful of calls", async () => {
    const c = client();
    const { participants: people, skipped } = await c.listAllParticipants(APP, SIM.sessions.webinar);
    expect(skipped).toBe(0);
    expect(people.length).toBeGreaterThanOrEqual(990);
    expect(new Set(people.map((p) => p.peerId)).size).toBe(people.length);
    const calls = (await upstreamCalls()).filter((r) => r.path.endsWith("/participants"));
    expect(calls.length).toBe(Math.ceil(people.length / 100));
  });

  it("gets participants with peer events and counts reconnects", async () => {
    const c = client();
    const { participants } = await c.listAllParticipants(APP, SIM.sessions.mobile, { includePeerEvents: true });
    const p = participants.find((x) => x.peerId === SIM.peers.reconnecting);
    expect(p?.peerEvents?.length).toBeGreaterThan(2);
    expect(p?.reconnects).toBe(2);
    const list = await c.listParticipants(APP, SIM.sessions.problem, { search: SIM.customParticipantIds.lossBurst });
    expect(list.items.map((x) => x.peerId)).toEqual([SIM.peers.lossBurst]);
  });

  it("answers not-found as an UpstreamError with the upstream's message", async () => {
    const err = await upstreamError(client().getSession(APP, "00000000-0000-4000-8000-000000000000"));
    expect(err.isNotFound).toBe(true);
    expect(err.detail).toMatch(/session/i);
  });
});

describe("peer reports of every scenario", () => {
  const c = () => client();
  const maxOf = (v: (number | null)[] | undefined) => Math.max(...(v ?? []).map((x) => x ?? -Infinity));

  it("healthy: full sections, clean numbers in ms and kbps", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.healthy);
    expect(Object.values(r.completeness.sections).every((s) => s === "present")).toBe(true);
    const audio = r.tracks.find((t) => t.key === "audio_producer")!;
    expect(maxOf(audio.metrics.lossPct)).toBeLessThan(2);
    expect(maxOf(audio.metrics.rttMs)).toBeLessThan(300);
    expect(maxOf(audio.metrics.bitrateKbps)).toBeGreaterThan(10);
    expect(audio.cumulative?.rttMs?.avg).toBeGreaterThan(1);
  });

  it("loss burst: upstream loss above 10 % for a stretch, MOS falling with it", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.lossBurst);
    const sent = r.tracks.filter((t) => t.direction === "send");
    expect(Math.max(...sent.map((t) => maxOf(t.metrics.lossPct)))).toBeGreaterThanOrEqual(10);
    const audio = r.tracks.find((t) => t.key === "audio_producer")!;
    expect(Math.min(...(audio.metrics.mos ?? []).map((x) => x ?? 5))).toBeLessThan(3);
  });

  it("TURN over TCP: a relayed candidate pair over tcp", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.turnTcp);
    expect(r.candidatePairs.some((p) => p.path === "relay" && p.local.protocol === "tcp")).toBe(true);
  });

  it("CPU-limited: the video sender reports cpu limitation and drops frame rate", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.cpuLimited);
    const video = r.tracks.find((t) => t.key === "video_producer")!;
    expect(video.qualityLimitation).toContain("cpu");
    expect(Math.min(...(video.metrics.fps ?? []).map((x) => x ?? 99))).toBeLessThan(10);
  });

  it("reconnecting: gaps in sampling and disconnect events", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.reconnecting);
    expect(r.tracks.some((t) => t.gaps.length > 0)).toBe(true);
    expect(r.events.some((e) => e.name === "disconnect")).toBe(true);
  });

  it("mobile on 4G", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.mobile4g);
    expect(r.device?.isMobile).toBe(true);
    expect(r.precall.some((p) => p.effectiveNetworkType === "4g")).toBe(true);
  });

  it("empty report: quality is empty, not missing, and nothing breaks", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.emptyReport);
    expect(r.tracks).toEqual([]);
    expect(r.completeness.sections.quality).toBe("empty");
  });

  it("live peer: samples reach up to now and the report is cached briefly", async () => {
    const cache = spyCache();
    const r = await client({ cache }).getPeerReport(APP, SIM.peers.livePeer);
    expect(r.participant.leftAt).toBeNull();
    expect(Date.now() - r.completeness.lastSampleAt!).toBeLessThan(60_000);
    expect([...cache.ttls.values()]).toEqual([TTL.live]);
  });

  it("webinar: four hours of samples", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.webinarHost);
    const longest = Math.max(...r.tracks.map((t) => t.t.length));
    expect(longest).toBeGreaterThan(1500);
    expect((r.completeness.lastSampleAt! - r.completeness.firstSampleAt!) / 3_600_000).toBeGreaterThan(3.5);
  });

  it("asks for only the sections a view needs: the documented single value for one filter", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.healthy, { sections: ["quality"] });
    expect(r.tracks.length).toBeGreaterThan(0);
    expect(r.completeness.sections.device).toBe("missing");
    const q = (await upstreamCalls()).at(-1)?.query as Record<string, string>;
    expect(q.filters).toBe("quality_stats");
  });

  it("asks for several filters in the older comma-list form", async () => {
    const r = await c().getPeerReport(APP, SIM.peers.healthy, { sections: ["device"] });
    expect(r.device?.browser).toBeTruthy();
    expect(r.completeness.sections.quality).toBe("missing");
    const q = (await upstreamCalls()).at(-1)?.query as Record<string, string>;
    expect(q.filters).toBe("device_info,events");
  });

  it("a cached whole report serves sections without calling; sections no filter covers ask for the whole", async () => {
    const cl = c();
    await cl.getPeerReport(APP, SIM.peers.healthy, { sections: ["network"] });
    expect(((await upstreamCalls()).at(-1)?.query as Record<string, string>).filters).toBeUndefined();
    const r = await cl.getPeerReport(APP, SIM.peers.healthy, { sections: ["quality"] });
    expect(r.device?.browser).toBeTruthy();
    expect((await upstreamCalls()).length).toBe(1);
  });

  it("falls back to the whole report, and stops sending that form, when the upstream refuses filters", async () => {
    await injectFault({ kind: "status", status: 400, times: 1 });
    const cl = c();
    const r = await cl.getPeerReport(APP, SIM.peers.healthy, { sections: ["quality"] });
    expect(r.device?.browser).toBeTruthy();
    await cl.getPeerReport(APP, SIM.peers.lossBurst, { sections: ["events"] });
    const filters = (await upstreamCalls()).map((x) => (x.query as Record<string, string>).filters);
    expect(filters).toEqual(["quality_stats", undefined, undefined]);
  });
});

describe("the edge session: payloads the schema allows", () => {
  it("lists its participants, skipping and counting the two rows without ids", async () => {
    const { participants, skipped } = await client().listAllParticipants(APP, SIM.sessions.edge, {
      includePeerEvents: true,
    });
    expect(skipped).toBe(2);
    expect(participants.map((p) => p.peerId)).toContain(SIM.peers.edgeUntypedPair);
  });

  it.each([
    ["without a participant", SIM.peers.edgeNoParticipant],
    ["whose participant has no id", SIM.peers.edgeNoId],
  ])("reads a peer report %s as the peer asked for", async (_, peerId) => {
    const r = await client().getPeerReport(APP, peerId, { includePeerEvents: true });
    expect(r.participant.peerId).toBe(peerId);
  });
});

describe("resilience", () => {
  it("retries a 429, waiting the Retry-After it was given", async () => {
    // Within the request's 2 s deadline; a longer wait gives up at once.
    await injectFault({ kind: "rate-limit", retryAfterS: 1, times: 1 });
    const sleeps: number[] = [];
    const s = await client({}, sleeps).getSession(APP, SIM.sessions.healthy);
    expect(s.id).toBe(SIM.sessions.healthy);
    expect(sleeps).toEqual([1000]);
    expect((await upstreamCalls()).length).toBe(2);
  });

  it("gives up after the bounded retries on a persistent 5xx", async () => {
    await injectFault({ kind: "status", status: 503 });
    const sleeps: number[] = [];
    const err = await upstreamError(client({}, sleeps).getSession(APP, SIM.sessions.healthy));
    expect(err).toMatchObject({ kind: "http", status: 503 });
    expect(sleeps).toHaveLength(2);
    expect((await upstreamCalls()).length).toBe(3);
  });

  it("times out a request the upstream never answers", async () => {
    await injectFault({ kind: "timeout" });
    const c = createRealtimeKitClient({
      config: { baseUrl: sim.url(), accountId: SIM_DEFAULTS.accountId, token: SIM_DEFAULTS.token, timeoutMs: 150 },
      cache: createMemoryCache(1024 * 1024),
      budget: createMemoryBudget({ limit: 100, windowMs: 60_000 }),
      transport: { maxRetries: 1, sleep: async () => {} },
    });
    const err = await upstreamError(c.getSession(APP, SIM.sessions.healthy));
    expect(err.kind).toBe("timeout");
  });

  it.each(["malformed", "truncated"])("a %s body is an invalid-body error, not a crash", async (kind) => {
    await injectFault({ kind, times: 1 });
    const err = await upstreamError(client().getPeerReport(APP, SIM.peers.healthy));
    expect(err.kind).toBe("invalid-body");
  });

  it("a wrong token is a 401 with the upstream's message and no token in it", async () => {
    const c = createRealtimeKitClient({
      config: { baseUrl: sim.url(), accountId: SIM_DEFAULTS.accountId, token: "wrong-token-value", timeoutMs: 2000 },
      cache: createMemoryCache(1024 * 1024),
      budget: createMemoryBudget({ limit: 100, windowMs: 60_000 }),
    });
    const err = await upstreamError(c.listApps());
    expect(err).toMatchObject({ status: 401, detail: "Unauthorized" });
    expect(JSON.stringify({ ...err, m: err.message, s: err.bodySnippet })).not.toContain("wrong-token-value");
  });
});

describe("caching, coalescing and the rate budget", () => {
  it("coalesces concurrent identical requests into one upstream call", async () => {
    await injectFault({ kind: "latency", latencyMs: 150, times: 1 });
    const c = client();
    const results = await Promise.all(Array.from({ length: 8 }, () => c.getPeerReport(APP, SIM.peers.healthy)));
    expect(new Set(results.map((r) => r.participant.peerId)).size).toBe(1);
    expect((await upstreamCalls()).length).toBe(1);
  });

  it("keeps ended data much longer than live data, and serves hits without calling", async () => {
    const cache = spyCache();
    const c = client({ cache });
    await c.getSession(APP, SIM.sessions.healthy);
    await c.getSession(APP, SIM.sessions.live);
    await c.getPeerReport(APP, SIM.peers.lossBurst);
    expect(cache.ttls.get(`session|${APP}|${SIM.sessions.healthy}|`)).toBe(TTL.settled);
    expect(cache.ttls.get(`session|${APP}|${SIM.sessions.live}|`)).toBe(TTL.live);
    expect(cache.ttls.get(`peer-report|${APP}|${SIM.peers.lossBurst}||`)).toBe(TTL.settled);
    const before = (await upstreamCalls()).length;
    await c.getSession(APP, SIM.sessions.healthy);
    await c.getPeerReport(APP, SIM.peers.lossBurst);
    expect((await upstreamCalls()).length).toBe(before);
  });

  it("keeps no report read for a health check, so a scan cannot push the rest out of the cache", async () => {
    const cache = spyCache();
    const c = client({ cache });
    await runInRequestScope(async () => {
      currentRequestScope().scan = true;
      await c.getSession(APP, SIM.sessions.healthy);
      await c.getPeerReport(APP, SIM.peers.turnTcp);
    });
    expect([...cache.ttls.keys()]).toEqual([`session|${APP}|${SIM.sessions.healthy}|`]);
    // A page's read of the same report is kept as before.
    await c.getPeerReport(APP, SIM.peers.turnTcp);
    expect(cache.ttls.has(`peer-report|${APP}|${SIM.peers.turnTcp}||`)).toBe(true);
  });

  it("the budget guard refuses requests beyond its limit before they reach the upstream", async () => {
    const throttled: number[] = [];
    const budget = createMemoryBudget({ limit: 3, windowMs: 300_000, onThrottle: (s) => throttled.push(s.used) });
    const c = client({ budget });
    const peers = [SIM.peers.healthy, SIM.peers.lossBurst, SIM.peers.turnTcp];
    for (const p of peers) await c.getPeerReport(APP, p, { sections: ["precall"] });
    const err = await upstreamError(c.getPeerReport(APP, SIM.peers.cpuLimited, { sections: ["precall"] }));
    expect(err.kind).toBe("budget");
    expect(err.retryAfterS).toBeGreaterThan(0);
    expect(throttled).toEqual([3]);
    expect((await upstreamCalls()).length).toBe(3);
  });
});

/** The client against a scripted upstream: for payloads the simulator does not send. */
function scripted(answer: (url: URL) => { status?: number; body: unknown }) {
  const calls: URL[] = [];
  const c = createRealtimeKitClient({
    config: {
      baseUrl: "http://upstream.test/client/v4",
      accountId: SIM_DEFAULTS.accountId,
      token: "t",
      timeoutMs: 2_000,
    },
    cache: createMemoryCache(1024 * 1024),
    budget: createMemoryBudget({ limit: 1_000, windowMs: 300_000 }),
    transport: {
      maxRetries: 0,
      sleep: async () => {},
      fetch: (async (input: URL | RequestInfo) => {
        const url = new URL(String(input));
        calls.push(url);
        const { status = 200, body } = answer(url);
        return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
      }) as typeof fetch,
    },
  });
  return { c, calls };
}

const PEER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const person = (n: number) => ({ id: `8c2f6a41-93d0-4e1b-a7c5-${String(n).padStart(12, "0")}`, display_name: `P${n}` });

describe("what the schema allows but the simulator does not send", () => {
  it("stops walking at a short page even when the offsets promise more", async () => {
    const { c, calls } = scripted((url) => {
      const page = Number(url.searchParams.get("page_no"));
      // Offsets that never end: 5 items a page, "of 10,000".
      const rows = Array.from({ length: 5 }, (_, i) => person(page * 10 + i));
      return {
        body: {
          success: true,
          data: { participants: rows },
          paging: { start_offset: page * 100 - 99, end_offset: page * 100 - 95, total_count: 10_000 },
        },
      };
    });
    const { participants } = await c.listAllParticipants(APP, SESSION);
    expect(participants).toHaveLength(5);
    expect(calls).toHaveLength(1);
  });

  it("a full page with a row skipped for lack of an id is not mistaken for the last page", async () => {
    const { c, calls } = scripted((url) => {
      const page = Number(url.searchParams.get("page_no"));
      const perPage = Number(url.searchParams.get("per_page"));
      const rows: unknown[] =
        page === 1
          ? Array.from({ length: perPage }, (_, i) => (i === 3 ? { display_name: "no id" } : person(i)))
          : [person(999)];
      return { body: { success: true, data: { participants: rows } } };
    });
    const all = await c.listAllParticipants(APP, SESSION);
    expect(all.skipped).toBe(1);
    expect(all.participants).toHaveLength(100);
    expect(calls).toHaveLength(2);
  });

  it("reads a participants list with rows without ids, saying how many were skipped", async () => {
    const { c } = scripted(() => ({
      body: { success: true, data: { participants: [person(1), { display_name: "ghost" }, { id: null }] } },
    }));
    const page = await c.listParticipants(APP, SESSION);
    expect(page.items.map((p) => p.name)).toEqual(["P1"]);
    expect(page.skipped).toBe(2);
  });

  it("an apps list item without an id is skipped, the rest listed", async () => {
    const { c } = scripted(() => ({
      body: {
        success: true,
        data: [{ name: "no id" }, { id: "a1", name: "prod" }],
        paging: { start_offset: 1, end_offset: 2, total_count: 2 },
      },
    }));
    expect((await c.listAllApps()).map((a) => a.id)).toEqual(["a1"]);
  });

  it.each([
    ["without participant", { peer_report: { metadata: { device_info: { os: "macOS" } } } }],
    [
      "with a participant without an id",
      { participant: { display_name: "Asha", peer_report: { metadata: { device_info: { os: "macOS" } } } } },
    ],
    ["with participant null", { participant: null }],
  ])("a peer report %s falls back to the peer id asked for", async (_, data) => {
    const { c } = scripted(() => ({ body: { success: true, data } }));
    const r = await c.getPeerReport(APP, PEER);
    expect(r.participant.peerId).toBe(PEER);
  });

  it("caches a not-found peer report for a minute: asking again costs no upstream call", async () => {
    const cache = spyCache();
    const calls: string[] = [];
    const c = createRealtimeKitClient({
      config: {
        baseUrl: "http://upstream.test/client/v4",
        accountId: SIM_DEFAULTS.accountId,
        token: "t",
        timeoutMs: 2_000,
      },
      cache,
      budget: createMemoryBudget({ limit: 1_000, windowMs: 300_000 }),
      transport: {
        maxRetries: 0,
        fetch: (async (input: URL | RequestInfo) => {
          calls.push(String(input));
          return new Response(JSON.stringify({ success: false, error: { code: 404, message: "No peer found" } }), {
            status: 404,
          });
        }) as typeof fetch,
      },
    });
    for (let i = 0; i < 3; i++)
      expect((await upstreamError(c.getPeerReport(APP, PEER, { includePeerEvents: true }))).isNotFound).toBe(true);
    expect(calls).toHaveLength(1);
    expect([...cache.ttls.entries()]).toEqual([[`peer-report|${APP}|${PEER}||true|404`, TTL.notFound]]);
  });
});

describe("the request line's counters", () => {
  it("counts cache hits and misses (a remembered 404 is a hit) and the calls a miss made", async () => {
    const c = client();
    const first = await runInRequestScope(async () => {
      await c.getSession(APP, SIM.sessions.healthy);
      await upstreamError(c.getSession(APP, "00000000-0000-4000-8000-000000000000"));
      return currentRequestScope().counters;
    });
    expect(first).toMatchObject({ upstreamCalls: 2, cacheHits: 0, cacheMisses: 2 });
    const second = await runInRequestScope(async () => {
      await c.getSession(APP, SIM.sessions.healthy);
      await upstreamError(c.getSession(APP, "00000000-0000-4000-8000-000000000000"));
      // A section served from the whole report already cached.
      await c.getPeerReport(APP, SIM.peers.healthy);
      await c.getPeerReport(APP, SIM.peers.healthy, { sections: ["device"] });
      return currentRequestScope().counters;
    });
    expect(second).toMatchObject({ upstreamCalls: 1, cacheHits: 3, cacheMisses: 1 });
  });
});
