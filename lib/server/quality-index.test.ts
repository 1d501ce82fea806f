import { describe, expect, it, vi } from "vitest";
import { findings } from "@/lib/report/findings";
import { bump, report, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from "@/lib/report/thresholds";
import { buildVerdict, type Verdict } from "@/lib/report/verdict";
import {
  createMemoryIndexStore,
  createQualityIndex,
  LIVE_VERDICT_TTL_MS,
  sessionEnded,
  withSessionQuality,
  type QualityIndexStore,
} from "./quality-index";
import type { Page, Session } from "@/lib/realtimekit/types";
import { redisAvailable, redisForTests } from "@/lib/test/redis";
import { createSharedIndexStore } from "./store/shared-index";

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const DAY = 86_400_000;

function setup(opts: { maxEntries?: number; ttlDays?: number } = {}) {
  const clock = { now: 1_000_000 };
  const store = createMemoryIndexStore(opts.maxEntries ?? 100, () => clock.now);
  let thresholds: Thresholds = DEFAULT_THRESHOLDS;
  const index = createQualityIndex({
    store,
    thresholds: () => thresholds,
    endedTtlMs: () => (opts.ttlDays ?? 30) * DAY,
  });
  const verdict = (peerId: string, live: boolean, opts: { sessionId?: string | null; loss?: number } = {}): Verdict => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, opts.loss ?? 20) } })] });
    // No session unless asked: the roll-up's entries would share the store's bound.
    r.participant.sessionId = opts.sessionId ?? null;
    return buildVerdict(r, findings(r, thresholds), thresholds, { live, now: clock.now, peerId });
  };
  return {
    clock,
    store,
    index,
    verdict,
    setThresholds: (t: Thresholds) => (thresholds = t),
  };
}

describe("quality index", () => {
  it("keeps a live session's verdict a minute, an ended one's for the configured days", async () => {
    const { clock, index, verdict } = setup({ ttlDays: 30 });
    await index.record(APP, verdict("live-peer", true));
    await index.record(APP, verdict("ended-peer", false));
    expect((await index.get(APP, "live-peer"))?.level).toBe("poor");

    clock.now += LIVE_VERDICT_TTL_MS;
    expect(await index.get(APP, "live-peer")).toBeUndefined();
    expect(await index.get(APP, "ended-peer")).toBeDefined();

    clock.now += 30 * DAY - LIVE_VERDICT_TTL_MS - 1;
    expect(await index.get(APP, "ended-peer")).toBeDefined();
    clock.now += 1;
    expect(await index.get(APP, "ended-peer")).toBeUndefined();
  });

  it("reads a verdict computed with other thresholds as absent, so it is recomputed", async () => {
    const { index, verdict, setThresholds } = setup();
    await index.record(APP, verdict("p1", false));
    expect(await index.get(APP, "p1")).toBeDefined();
    setThresholds(parseThresholds('{"lossPct":{"warn":3,"poor":8}}').thresholds);
    expect(await index.get(APP, "p1")).toBeUndefined();
    // Recomputed with the new thresholds, it is current again.
    await index.record(APP, verdict("p1", false));
    expect(await index.get(APP, "p1")).toBeDefined();
  });

  it("stays within its bound, the least recently used going first", async () => {
    const { index, verdict, store } = setup({ maxEntries: 3 });
    for (const p of ["a", "b", "c"]) await index.record(APP, verdict(p, false));
    await index.get(APP, "a");
    await index.record(APP, verdict("d", false));
    expect(store.size()).toBe(3);
    const got = await index.getMany(APP, ["a", "b", "c", "d"]);
    expect(got.map((v) => v?.peerId)).toEqual(["a", undefined, "c", "d"]);
  });

  it("keys by app and by peer id whatever its case", async () => {
    const { index, verdict } = setup();
    await index.record(APP, verdict("AbC", false));
    expect((await index.get(APP, "abc"))?.peerId).toBe("AbC");
    expect(await index.get("other-app", "abc")).toBeUndefined();
  });

  it("does not let a live verdict (a path that cannot tell) replace an ended one", async () => {
    const { clock, index, verdict } = setup();
    await index.record(APP, verdict("p1", false));
    await index.record(APP, verdict("p1", true));
    clock.now += LIVE_VERDICT_TTL_MS * 2;
    expect((await index.get(APP, "p1"))?.live).toBe(false);
  });

  it("answers absent when its store fails, and never throws at its callers", async () => {
    const broken: QualityIndexStore = {
      getMany: () => Promise.reject(new Error("down")),
      setMany: () => Promise.reject(new Error("down")),
      addToSet: () => Promise.reject(new Error("down")),
    };
    const { log } = await import("./log");
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    const index = createQualityIndex({
      store: broken,
      thresholds: () => DEFAULT_THRESHOLDS,
      endedTtlMs: () => DAY,
    });
    const { verdict } = setup();
    await expect(index.record(APP, verdict("p1", false))).resolves.toBeUndefined();
    expect(await index.getMany(APP, ["p1", "p2"])).toEqual([undefined, undefined]);
    expect(await index.sessionSummaries(APP, ["s1"])).toEqual([null]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe("session roll-up", () => {
  const S1 = "Sess-1";
  const S2 = "sess-2";

  it("counts a session's recorded participants by level, worst and unknown apart; null when none", async () => {
    const { index, verdict } = setup();
    await index.record(APP, verdict("poor-1", false, { sessionId: S1 }));
    await index.record(APP, verdict("poor-2", false, { sessionId: S1 }));
    await index.record(APP, verdict("good-1", false, { sessionId: S1, loss: 0 }));
    const empty = buildVerdict(report({ tracks: [] }), [], DEFAULT_THRESHOLDS, {
      live: false,
      now: 1_000_000,
      peerId: "silent",
    });
    await index.record(APP, { ...empty, sessionId: S1 });
    await index.record(APP, verdict("elsewhere", false, { sessionId: S2 }));
    await index.record(APP, verdict("no-session", false, { sessionId: null }));
    expect(await index.sessionSummaries(APP, ["sess-1", S2, "unseen"])).toEqual([
      { checked: 4, poor: 2, degraded: 0, good: 1, unknown: 1 },
      { checked: 1, poor: 1, degraded: 0, good: 0, unknown: 0 },
      null,
    ]);
    expect(await index.sessionSummaries("other-app", [S1])).toEqual([null]);
  });

  it("gives a session's current verdicts themselves, for pages that draw or list them", async () => {
    const { index, verdict } = setup();
    await index.record(APP, verdict("poor-1", false, { sessionId: S1 }));
    await index.record(APP, verdict("good-1", false, { sessionId: S1, loss: 0 }));
    await index.record(APP, verdict("elsewhere", false, { sessionId: S2 }));
    const [one, two, none] = await index.sessionVerdicts(APP, [S1, S2, "unseen"]);
    expect(one?.map((v) => [v.peerId, v.level]).sort()).toEqual([
      ["good-1", "good"],
      ["poor-1", "poor"],
    ]);
    expect(two?.map((v) => v.peerId)).toEqual(["elsewhere"]);
    expect(none).toEqual([]);
  });

  it("loses no participant when two verdicts of one session are recorded at once", async () => {
    const { index, verdict } = setup();
    await Promise.all(["a", "b", "c", "d"].map((p) => index.record(APP, verdict(p, false, { sessionId: S1 }))));
    expect((await index.sessionSummaries(APP, [S1]))[0]?.checked).toBe(4);
  });

  it("does not count a stale verdict, nor an expired one", async () => {
    const { clock, index, verdict, setThresholds } = setup();
    await index.record(APP, verdict("ended", false, { sessionId: S1 }));
    await index.record(APP, verdict("live", true, { sessionId: S1 }));
    expect((await index.sessionSummaries(APP, [S1]))[0]?.checked).toBe(2);
    clock.now += LIVE_VERDICT_TTL_MS;
    expect((await index.sessionSummaries(APP, [S1]))[0]?.checked).toBe(1);
    setThresholds(parseThresholds('{"lossPct":{"warn":3,"poor":8}}').thresholds);
    expect(await index.sessionSummaries(APP, [S1])).toEqual([null]);
  });

  it("keeps an ended session's roll-up its days: a live record after it does not shorten it", async () => {
    const { clock, index, verdict } = setup({ ttlDays: 30 });
    await index.record(APP, verdict("p1", false, { sessionId: S1 }));
    await index.record(APP, verdict("p2", true, { sessionId: S1 }));
    clock.now += LIVE_VERDICT_TTL_MS * 2;
    expect((await index.sessionSummaries(APP, [S1]))[0]?.checked).toBe(1);
    clock.now += 29 * DAY;
    expect((await index.sessionSummaries(APP, [S1]))[0]?.checked).toBe(1);
  });

  it("a live session's roll-up lasts as briefly as its verdicts, and an ended record extends it", async () => {
    const { clock, index, verdict, store } = setup();
    await index.record(APP, verdict("p1", true, { sessionId: S1 }));
    expect(store.size()).toBe(2);
    clock.now += LIVE_VERDICT_TTL_MS;
    expect(await store.getMany([`session|${APP}|sess-1`])).toEqual([undefined]);
    await index.record(APP, verdict("p2", true, { sessionId: S1 }));
    await index.record(APP, verdict("p3", false, { sessionId: S1 }));
    clock.now += LIVE_VERDICT_TTL_MS;
    expect(await store.getMany([`session|${APP}|sess-1`])).toEqual([["p2", "p3"]]);
  });

  it("adds each page item's quality from the index", async () => {
    const { index, verdict } = setup();
    await index.record(APP, verdict("p1", false, { sessionId: S1 }));
    const page = { items: [{ id: S1 }, { id: S2 }] as Session[], page: 1, perPage: 20 } as Page<Session>;
    const got = await withSessionQuality(APP, page, index);
    expect(got.items.map((s) => s.quality)).toEqual([{ checked: 1, poor: 1, degraded: 0, good: 0, unknown: 0 }, null]);
  });
});

describe("sessionEnded", () => {
  const now = Date.UTC(2026, 7, 10, 15, 0, 0);
  const ago = (min: number) => new Date(now - min * 60_000).toISOString();

  it("is ended only once the session has been over long enough for late statistics", () => {
    expect(sessionEnded({ status: "ended", endedAt: ago(10) }, now)).toBe(true);
    expect(sessionEnded({ status: "ended", endedAt: ago(2) }, now)).toBe(false);
    expect(sessionEnded({ status: "ended", endedAt: null }, now)).toBe(true);
  });

  it("is not ended when live, unknown or not known at all", () => {
    expect(sessionEnded({ status: "live", endedAt: null }, now)).toBe(false);
    expect(sessionEnded({ status: "unknown", endedAt: ago(60) }, now)).toBe(false);
    expect(sessionEnded(null, now)).toBe(false);
  });
});

const redis = redisForTests();
// The same contract for the in-memory store and the shared one (docs/shared-store.md), in real
// time: Redis keeps time itself.
const stores: (readonly [string, () => Promise<QualityIndexStore>])[] = [
  ["memory", async () => createMemoryIndexStore(100)],
  ...(redisAvailable
    ? [["redis", async () => createSharedIndexStore(await redis.connect(), createMemoryIndexStore(100))] as const]
    : []),
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(stores)("%s quality index store", (_, createStore) => {
  it("gives each key's value in order, absent ones undefined, and forgets each after its own TTL", async () => {
    const store = await createStore();
    await store.setMany([
      { key: "verdict|a|p1", value: { level: "poor", n: 1 }, ttlMs: 60_000 },
      { key: "verdict|a|p2", value: { level: "good", n: 2 }, ttlMs: 30 },
      { key: "verdict|a|p3", value: { level: "good", n: 3 }, ttlMs: 0 },
    ]);
    expect(await store.getMany(["verdict|a|p2", "verdict|a|nobody", "verdict|a|p1", "verdict|a|p3"])).toEqual([
      { level: "good", n: 2 },
      undefined,
      { level: "poor", n: 1 },
      undefined,
    ]);
    await sleep(60);
    expect(await store.getMany(["verdict|a|p1", "verdict|a|p2"])).toEqual([{ level: "poor", n: 1 }, undefined]);
  });

  it("adds to a set atomically: concurrent adds all land, and read back as a list", async () => {
    const store = await createStore();
    await Promise.all(["a", "b", "c", "d", "b"].map((m) => store.addToSet("session|x|s1", [m], 60_000)));
    const [members] = await store.getMany<string[]>(["session|x|s1"]);
    expect([...(members ?? [])].sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("lengthens a set's life with a longer add, never shortens it with a shorter one", async () => {
    const store = await createStore();
    await store.addToSet("session|x|short", ["a"], 30);
    await store.addToSet("session|x|short", ["b"], 60_000);
    await store.addToSet("session|x|long", ["a"], 60_000);
    await store.addToSet("session|x|long", ["b"], 30);
    await store.addToSet("session|x|brief", ["a"], 30);
    await sleep(60);
    const [short, long, brief] = await store.getMany<string[]>([
      "session|x|short",
      "session|x|long",
      "session|x|brief",
    ]);
    expect([...(short ?? [])].sort()).toEqual(["a", "b"]);
    expect([...(long ?? [])].sort()).toEqual(["a", "b"]);
    expect(brief).toBeUndefined();
  });
});
