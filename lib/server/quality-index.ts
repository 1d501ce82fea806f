import "server-only";
import { LRUCache } from "lru-cache";
import { STATS_SETTLE_MS } from "@/lib/realtimekit/time";
import type { Page, Session } from "@/lib/realtimekit/types";
import type { Thresholds } from "@/lib/report/thresholds";
import { verdictComputedWith, type Verdict } from "@/lib/report/verdict";
import type { SessionQuality, SessionWithQuality } from "@/lib/sessions/quality-summary";
import { inspectorConfig } from "./config";
import { log } from "./log";
import { processWide } from "./process-wide";
import { selectIndexStore } from "./store";

/**
 * The quality index: each participant's verdict, kept so that nothing reads a report twice to know
 * how a call went (docs/quality-index.md). Filled by every path that reads a whole report.
 */

/**
 * Where verdicts live. Callers see only this interface, like the response cache's, so a store
 * shared by several instances can replace the in-memory default: values must be plain data.
 */
export interface QualityIndexStore {
  /** One value (or undefined) per key, in order. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  setMany<T>(entries: readonly { key: string; value: T; ttlMs: number }[]): Promise<void>;
  /**
   * Adds members to the set at `key` (created if absent) atomically: two adds at once both land.
   * The set then lives at least `ttlMs` more and never less than it already had, so a short-lived
   * (live) add does not shorten an ended session's set. It reads back through getMany as a string
   * array. A shared store needs an atomic set-add here (Redis: SADD, then extending the TTL only
   * when longer), never a read-modify-write across the network.
   */
  addToSet(key: string, members: readonly string[], ttlMs: number): Promise<void>;
}

/** Verdicts one server process keeps: up to a kilobyte or so each (a 4-hour call's timeline is 480 characters). */
export const INDEX_MAX_ENTRIES = 20_000;

/** Bounded by entries, least recently used first out; each entry expires after its own TTL. */
export function createMemoryIndexStore(
  maxEntries: number,
  now: () => number = () => Date.now(),
): QualityIndexStore & { size(): number } {
  // Expiry is checked against `now` here rather than by lru-cache's own clock, so tests can move time.
  const lru = new LRUCache<string, { value: unknown; expiresAt: number }>({ max: Math.max(1, maxEntries) });
  return {
    async getMany<T>(keys: readonly string[]) {
      const t = now();
      return keys.map((k) => {
        const hit = lru.get(k);
        if (hit && hit.expiresAt <= t) lru.delete(k);
        return hit && hit.expiresAt > t ? (hit.value as T) : undefined;
      });
    },
    async setMany<T>(entries: readonly { key: string; value: T; ttlMs: number }[]) {
      const t = now();
      for (const e of entries) if (e.ttlMs > 0) lru.set(e.key, { value: e.value, expiresAt: t + e.ttlMs });
    },
    async addToSet(key: string, members: readonly string[], ttlMs: number) {
      // Read, merge and write with no await between them: atomic within this process.
      const t = now();
      const hit = lru.get(key);
      const alive = hit && hit.expiresAt > t ? hit : undefined;
      const set = new Set<string>(alive ? (alive.value as string[]) : []);
      for (const m of members) set.add(m);
      const expiresAt = Math.max(alive?.expiresAt ?? 0, t + ttlMs);
      if (expiresAt > t) lru.set(key, { value: [...set], expiresAt });
    },
    size() {
      return lru.size;
    },
  };
}

/** A live session's verdicts change as the call goes on: kept only this long. */
export const LIVE_VERDICT_TTL_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Whether a session is over for good, so its participants' verdicts can be kept: ended, and ended
 * long enough ago for late statistics to have arrived. Unknown (null) is not ended.
 */
export function sessionEnded(session: Pick<Session, "status" | "endedAt"> | null, now: number): boolean {
  if (session?.status !== "ended") return false;
  const ended = session.endedAt ? Date.parse(session.endedAt) : NaN;
  return !Number.isFinite(ended) || now - ended >= STATS_SETTLE_MS;
}

export interface QualityIndexDeps {
  store: QualityIndexStore;
  /** The thresholds findings use now: a verdict computed with others is stale. */
  thresholds: () => Thresholds;
  endedTtlMs: () => number;
}

export function createQualityIndex(deps: QualityIndexDeps) {
  const key = (appId: string, peerId: string) => `verdict|${appId}|${peerId.toLowerCase()}`;
  // The peer ids recorded for a session, so its roll-up needs no participant list.
  const sessionKey = (appId: string, sessionId: string) => `session|${appId}|${sessionId.toLowerCase()}`;
  let memo: { thresholds: Thresholds; tag: string } | null = null;
  const current = () => {
    const thresholds = deps.thresholds();
    if (memo?.thresholds !== thresholds) memo = { thresholds, tag: verdictComputedWith(thresholds) };
    return memo.tag;
  };

  /** Current verdicts only; a store that fails answers "absent", so callers read the report instead. */
  async function getMany(appId: string, peerIds: readonly string[]): Promise<(Verdict | undefined)[]> {
    let found: (Verdict | undefined)[];
    try {
      found = await deps.store.getMany<Verdict>(peerIds.map((p) => key(appId, p)));
    } catch (err) {
      log.warn({ error: (err as Error).message }, "[quality-index] read failed");
      return peerIds.map(() => undefined);
    }
    const tag = current();
    return found.map((v) => (v && v.computedWith === tag ? v : undefined));
  }

  async function sessionVerdicts(appId: string, sessionIds: readonly string[]): Promise<Verdict[][]> {
    let sets: (string[] | undefined)[];
    try {
      sets = await deps.store.getMany<string[]>(sessionIds.map((s) => sessionKey(appId, s)));
    } catch (err) {
      log.warn({ error: (err as Error).message }, "[quality-index] read failed");
      return sessionIds.map(() => []);
    }
    const peers = [...new Set(sets.flatMap((set) => set ?? []).map((p) => p.toLowerCase()))];
    const verdicts = peers.length ? await getMany(appId, peers) : [];
    const byPeer = new Map(peers.map((p, i) => [p, verdicts[i]]));
    return sessionIds.map((sessionId, i) => {
      const out: Verdict[] = [];
      for (const peerId of new Set((sets[i] ?? []).map((p) => p.toLowerCase()))) {
        const v = byPeer.get(peerId);
        // A peer id is one session's, but a verdict names its session: keep only this one's.
        if (v && v.sessionId?.toLowerCase() === sessionId.toLowerCase()) out.push(v);
      }
      return out;
    });
  }

  return {
    getMany,

    async get(appId: string, peerId: string): Promise<Verdict | undefined> {
      return (await getMany(appId, [peerId]))[0];
    },

    /** Keeps a verdict: an ended session's for days, a live one's briefly. Never fails its caller. */
    async record(appId: string, verdict: Verdict): Promise<void> {
      try {
        if (verdict.live) {
          // A path that cannot tell whether the session ended (an export) says live: the same
          // data's verdict kept as ended stays, rather than shrinking to a minute.
          const kept = (await getMany(appId, [verdict.peerId]))[0];
          if (kept && !kept.live) return;
        }
        const ttlMs = verdict.live ? LIVE_VERDICT_TTL_MS : deps.endedTtlMs();
        await deps.store.setMany([{ key: key(appId, verdict.peerId), value: verdict, ttlMs }]);
        if (verdict.sessionId) await deps.store.addToSet(sessionKey(appId, verdict.sessionId), [verdict.peerId], ttlMs);
      } catch (err) {
        log.warn({ error: (err as Error).message }, "[quality-index] write failed");
      }
    },

    /**
     * Per session, its recorded participants' current verdicts (stale, expired and other sessions'
     * left out), in no particular order. Reads the index only; a store that fails answers none.
     */
    sessionVerdicts,

    /**
     * Per session, its participants' current verdicts counted by level (a verdict without samples
     * counts as unknown), or null when none of them has one. Reads the index only.
     */
    async sessionSummaries(appId: string, sessionIds: readonly string[]): Promise<(SessionQuality | null)[]> {
      return (await sessionVerdicts(appId, sessionIds)).map((verdicts) => {
        const q: SessionQuality = { checked: 0, poor: 0, degraded: 0, good: 0, unknown: 0 };
        for (const v of verdicts) {
          q.checked++;
          q[v.hasSamples ? v.level : "unknown"]++;
        }
        return q.checked ? q : null;
      });
    },
  };
}

export type QualityIndex = ReturnType<typeof createQualityIndex>;

/** A page of sessions with each one's quality from the index (no upstream call). */
export async function withSessionQuality(
  appId: string,
  page: Page<Session>,
  index: QualityIndex = qualityIndex(),
): Promise<Page<SessionWithQuality>> {
  const quality = await index.sessionSummaries(
    appId,
    page.items.map((s) => s.id),
  );
  return { ...page, items: page.items.map((s, i) => ({ ...s, quality: quality[i] ?? null })) };
}

/** The process's index, shared by every bundle (pages and route handlers). */
export function qualityIndex(): QualityIndex {
  return processWide("quality-index", () =>
    createQualityIndex({
      store: selectIndexStore(INDEX_MAX_ENTRIES),
      thresholds: () => inspectorConfig().thresholds,
      endedTtlMs: () => inspectorConfig().indexTtlDays * DAY_MS,
    }),
  );
}
