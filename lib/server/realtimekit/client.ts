import "server-only";
import { createCoalescer, type ResponseCache } from "@/lib/server/cache";
import { log } from "@/lib/server/log";
import { processWide } from "@/lib/server/process-wide";
import { upstreamConfig, type UpstreamConfig } from "@/lib/server/config";
import type { RateBudget } from "@/lib/server/rate-budget";
import { countUpstream, currentRequestScope, requestUserKey } from "@/lib/server/request-scope";
import { scanShare, withScanShare } from "@/lib/server/scan-share";
import { selectBudget, selectCache, selectUserShareStore } from "@/lib/server/store";
import { withUserShare } from "@/lib/server/user-share";
import { toApp, toMeeting, toPage, toParticipant, toSession } from "@/lib/realtimekit/normalize";
import { STATS_SETTLE_MS } from "@/lib/realtimekit/time";
import {
  REPORT_SECTIONS,
  type ParticipantListQuery,
  type SessionListQuery,
  type App,
  type Meeting,
  type Page,
  type Participant,
  type PeerReport,
  type ReportSection,
  type Session,
} from "@/lib/realtimekit/types";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { DEFAULT_PER_PAGE } from "@/lib/validations/sessions";
import { UpstreamError } from "./errors";
import { createTransport, type Query, type TransportConfig } from "./http";
import * as s from "@/lib/realtimekit/schemas";

/** The upstream's list of apps, under the account's RealtimeKit base (also the readiness probe's call). */
export const UPSTREAM_APPS_PATH = "/apps";

/** Cache lifetimes: finished data does not change, live data changes every few seconds. */
export const TTL = {
  live: 5_000,
  list: 10_000,
  // A peer's stats may still be uploading for a short while after it leaves.
  recentlyLeft: 15_000,
  settled: 15 * 60_000,
  apps: 5 * 60_000,
  // Brief, so a peer whose stats arrive late shows up soon, yet repeated checks of unknown ids
  // (a health check retried in a loop) cost one upstream call a minute each, not one per ask.
  notFound: 60_000,
} as const;

export type UpstreamFilter =
  "device_info" | "ip_information" | "precall_network_information" | "events" | "quality_stats";

/**
 * The peer report's `filters` values that bring back everything a section is built from, or null
 * when no value is known to (candidate pairs come with none). The mapping is inferred, not
 * documented: docs/upstream.md. Device switches travel with the client events.
 */
export const SECTION_FILTERS: Record<ReportSection, readonly UpstreamFilter[] | null> = {
  device: ["device_info", "events"],
  network: null,
  precall: ["precall_network_information"],
  events: ["events"],
  quality: ["quality_stats"],
};

/** Upstream filters for a set of sections, or null when only the whole report has them all. */
export function filtersFor(sections: readonly ReportSection[]): UpstreamFilter[] | null {
  const wanted = new Set(sections);
  if (wanted.size === 0 || REPORT_SECTIONS.every((s) => wanted.has(s))) return null;
  const filters = new Set<UpstreamFilter>();
  for (const section of wanted) {
    const f = SECTION_FILTERS[section];
    if (!f) return null;
    f.forEach((x) => filters.add(x));
  }
  return [...filters].sort();
}

/** A list page plus the rows the upstream sent that could not be used (no id). */
export type ListPage<T> = Page<T> & { skipped: number };

function listPage<R, T>(
  rows: s.Rows<R>,
  map: (row: R) => T,
  paging: s.RawPaging | undefined,
  page: number,
  perPage: number,
): ListPage<T> {
  return { ...toPage(rows.items.map(map), paging, page, perPage, rows.received), skipped: rows.skipped };
}

export interface ClientDeps {
  config: Pick<UpstreamConfig, "baseUrl" | "accountId" | "token" | "timeoutMs"> &
    Partial<Pick<UpstreamConfig, "maxBodyBytes">>;
  cache: ResponseCache;
  budget: RateBudget;
  /** Refuses a call the asking user has no share left for (lib/server/user-share.ts). */
  userShare?: { check(): Promise<void> };
  transport?: Partial<Pick<TransportConfig, "maxRetries" | "requestScope" | "log" | "fetch" | "sleep" | "random">>;
  now?: () => number;
}

/** Page size used when walking every page: large enough to keep call counts low. */
const WALK_PER_PAGE = 100;
const MAX_WALK_PAGES = 200;

export function createRealtimeKitClient(deps: ClientDeps) {
  const now = deps.now ?? Date.now;
  const transport = createTransport({
    ...deps.config,
    // timeoutMs is one deadline for all of a request's upstream work, retries included.
    maxRetries: 2,
    budget: deps.budget,
    now,
    ...deps.transport,
  });
  const coalesce = createCoalescer();
  // Forms of the peer report's `filters` the upstream answered 400 to (docs/upstream.md).
  const refusedFilterForms = new Set<"single" | "list">();

  function loadPeerReport(
    appId: string,
    peerId: string,
    filters: UpstreamFilter[] | undefined,
    includePeerEvents: boolean | undefined,
  ): Promise<PeerReport> {
    // The current spec types a single value; the older documented form is a comma list.
    const filter = filters?.join(",");
    return cached(
      key("peer-report", appId, peerId, filter, includePeerEvents),
      async () => {
        const { data, bytes } = await transport.get(
          `/${enc(appId)}/sessions/peer-report/${enc(peerId)}`,
          s.peerReportAnyIdSchema,
          {
            filters: filter,
            include_peer_events: includePeerEvents || undefined,
          },
        );
        // A report without its participant (or its id) is still this peer's.
        return { value: buildPeerReport({ ...data.data, id: data.data.id ?? peerId }), bytes };
      },
      (r) => participantTtl(r.participant),
      // A health check keeps the verdict in the quality index, not the report: a webinar's scan
      // is 1,000 reports of megabytes, which would push everything pages rely on (sessions,
      // participant lists, the apps) out of the cache, making each batch ask for them again.
      { cacheNotFound: true, keep: !currentRequestScope().scan },
    );
  }

  /**
   * Cache-then-coalesce: a hit costs nothing; concurrent misses for one key share a single
   * upstream call; the result's lifetime is chosen from the data itself.
   */
  async function cached<T>(
    key: string,
    load: () => Promise<{ value: T; bytes: number }>,
    ttl: (value: T) => number,
    opts: { cacheNotFound?: boolean; keep?: boolean } = {},
  ): Promise<T> {
    const hit = await deps.cache.get<T>(key);
    if (hit !== undefined) {
      countUpstream("hit");
      return hit;
    }
    const notFoundKey = `${key}|404`;
    if (opts.cacheNotFound) {
      const miss = await deps.cache.get<NotFoundEntry>(notFoundKey);
      if (miss !== undefined) {
        countUpstream("hit");
        throw new UpstreamError({ kind: "http", status: 404, ...miss });
      }
    }
    countUpstream("miss");
    // Here, in the asking user's own request and before joining anyone's call: a refusal inside
    // the coalesced call would reach every user waiting on it. Hits above cost nothing.
    await deps.userShare?.check();
    return coalesce(key, async () => {
      try {
        const { value, bytes } = await load();
        if (opts.keep !== false) await deps.cache.set(key, value, { ttlMs: ttl(value), sizeBytes: bytes });
        return value;
      } catch (err) {
        // Plain data, not the error object: the cache may be a shared store.
        if (opts.cacheNotFound && err instanceof UpstreamError && err.isNotFound) {
          const entry: NotFoundEntry = {
            message: err.message,
            detail: (err as { detail?: string }).detail,
            path: err.path,
            upstreamCode: err.upstreamCode,
          };
          await deps.cache.set(notFoundKey, entry, { ttlMs: TTL.notFound, sizeBytes: 256 });
        }
        throw err;
      }
    });
  }

  const key = (...parts: (string | number | boolean | undefined)[]) =>
    parts.map((p) => (p === undefined ? "" : String(p))).join("|");
  const enc = encodeURIComponent;

  function sessionTtl(session: Session): number {
    return session.status === "ended" ? TTL.settled : TTL.live;
  }

  function participantTtl(p: Participant): number {
    if (!p.leftAt) return TTL.live;
    return now() - Date.parse(p.leftAt) > STATS_SETTLE_MS ? TTL.settled : TTL.recentlyLeft;
  }

  const client = {
    // GET /apps
    async listApps(q: { page?: number; perPage?: number; search?: string } = {}): Promise<ListPage<App>> {
      const page = q.page ?? 1;
      const perPage = q.perPage ?? DEFAULT_PER_PAGE;
      return cached(
        key("apps", page, perPage, q.search),
        async () => {
          const { data, bytes } = await transport.get(UPSTREAM_APPS_PATH, s.listAppsSchema, {
            page_no: page,
            per_page: perPage,
            search: q.search,
          });
          const rows = data.data;
          const value = listPage(rows, toApp, data.paging ?? undefined, page, perPage);
          if (rows.skipped) log.warn({ skipped: rows.skipped }, "[realtimekit] GET /apps: skipped items without an id");
          return { value, bytes };
        },
        () => TTL.apps,
      );
    },

    async listAllApps(): Promise<App[]> {
      return (await walk((page) => client.listApps({ page, perPage: WALK_PER_PAGE }))).items;
    },

    // GET /{app_id}/sessions
    async listSessions(appId: string, q: SessionListQuery = {}): Promise<ListPage<Session>> {
      const page = q.page ?? 1;
      const perPage = q.perPage ?? DEFAULT_PER_PAGE;
      const query: Query = {
        page_no: page,
        per_page: perPage,
        sort_by: q.sortBy,
        sort_order: q.sortOrder,
        start_time: q.startTime,
        end_time: q.endTime,
        status: q.status,
        search: q.search,
        associated_id: q.meetingId,
        participants: q.participants,
      };
      return cached(
        key("sessions", appId, JSON.stringify(query)),
        async () => {
          const { data, bytes } = await transport.get(`/${enc(appId)}/sessions`, s.listSessionsSchema, query);
          return {
            value: listPage(data.data.sessions, toSession, data.paging ?? data.data.paging ?? undefined, page, perPage),
            bytes,
          };
        },
        (p) => (p.items.some((x) => x.status !== "ended") ? TTL.live : TTL.list),
      );
    },

    // GET /{app_id}/sessions/{session_id}
    async getSession(
      appId: string,
      sessionId: string,
      opts: { includeBreakoutRooms?: boolean } = {},
    ): Promise<Session> {
      return cached(
        key("session", appId, sessionId, opts.includeBreakoutRooms),
        async () => {
          const { data, bytes } = await transport.get(`/${enc(appId)}/sessions/${enc(sessionId)}`, s.getSessionSchema, {
            include_breakout_rooms: opts.includeBreakoutRooms || undefined,
          });
          return { value: toSession(data.data), bytes };
        },
        sessionTtl,
        { cacheNotFound: true },
      );
    },

    // GET /{app_id}/sessions/{session_id}/participants
    async listParticipants(
      appId: string,
      sessionId: string,
      q: ParticipantListQuery = {},
    ): Promise<ListPage<Participant>> {
      const page = q.page ?? 1;
      const perPage = q.perPage ?? DEFAULT_PER_PAGE;
      const query: Query = {
        page_no: page,
        per_page: perPage,
        search: q.search,
        sort_by: q.sortBy,
        sort_order: q.sortOrder,
        include_peer_events: q.includePeerEvents || undefined,
      };
      return cached(
        key("participants", appId, sessionId, JSON.stringify(query)),
        async () => {
          const { data, bytes } = await transport.get(
            `/${enc(appId)}/sessions/${enc(sessionId)}/participants`,
            s.listParticipantsSchema,
            query,
          );
          const toRow = (p: s.RawParticipant) => toParticipant({ ...p, session_id: p.session_id ?? sessionId });
          return {
            value: listPage(data.data.participants, toRow, data.paging ?? data.data.paging ?? undefined, page, perPage),
            bytes,
          };
        },
        (p) => (p.items.length > 0 && p.items.every((x) => participantTtl(x) === TTL.settled) ? TTL.settled : TTL.live),
      );
    },

    /** Every participant of a session, walking the pages (1,000 participants = 10 calls), and how many
     * rows were unusable. */
    async listAllParticipants(
      appId: string,
      sessionId: string,
      q: Omit<ParticipantListQuery, "page" | "perPage"> = {},
    ): Promise<{ participants: Participant[]; skipped: number }> {
      const { items, skipped } = await walk((page) =>
        client.listParticipants(appId, sessionId, { ...q, page, perPage: WALK_PER_PAGE }),
      );
      return { participants: items, skipped };
    },

    // GET /{app_id}/sessions/peer-report/{peer_id}
    /**
     * The peer report, whole or only the sections a view needs. A cached whole copy serves any
     * request; otherwise a view that needs some sections asks the upstream for just those (a
     * four-hour report is megabytes, its device section a few kilobytes). Sections no filter is
     * known to cover, or a filter the upstream refuses, fall back to the whole report.
     */
    async getPeerReport(
      appId: string,
      peerId: string,
      opts: { sections?: readonly ReportSection[]; includePeerEvents?: boolean } = {},
    ): Promise<PeerReport> {
      const full = () => loadPeerReport(appId, peerId, undefined, opts.includePeerEvents);
      const filters = opts.sections ? filtersFor(opts.sections) : null;
      if (!filters) return full();
      const whole = await deps.cache.get<PeerReport>(
        key("peer-report", appId, peerId, undefined, opts.includePeerEvents),
      );
      if (whole !== undefined) {
        countUpstream("hit");
        return whole;
      }
      const form = filters.length === 1 ? "single" : "list";
      if (refusedFilterForms.has(form)) return full();
      try {
        return await loadPeerReport(appId, peerId, filters, opts.includePeerEvents);
      } catch (err) {
        // An upstream that does not take this form of `filters` answers 400: stop sending it.
        if (!(err instanceof UpstreamError && err.kind === "http" && err.status === 400)) throw err;
        refusedFilterForms.add(form);
        log.warn(
          { filters: filters.join(","), reason: err.message },
          "[realtimekit] the peer report refused these filters; asking for whole reports from now on",
        );
        return full();
      }
    },

    /** How long a copy of this report stays current: what the cache gives the report itself. */
    peerReportTtl(report: PeerReport): number {
      return participantTtl(report.participant);
    },

    // GET /{app_id}/meetings/{meeting_id}
    async getMeeting(appId: string, meetingId: string): Promise<Meeting> {
      return cached(
        key("meeting", appId, meetingId),
        async () => {
          const { data, bytes } = await transport.get(`/${enc(appId)}/meetings/${enc(meetingId)}`, s.getMeetingSchema);
          return { value: toMeeting(data.data), bytes };
        },
        () => TTL.apps,
      );
    },
  };
  return client;
}

export type RealtimeKitClient = ReturnType<typeof createRealtimeKitClient>;

interface NotFoundEntry {
  message: string;
  detail: string | undefined;
  path: string;
  upstreamCode: string | number | undefined;
}

/** Walks pages until the upstream says there are no more or returns a short page (toPage decides). */
async function walk<T>(fetchPage: (page: number) => Promise<ListPage<T>>): Promise<{ items: T[]; skipped: number }> {
  const all: T[] = [];
  let skipped = 0;
  for (let page = 1; page <= MAX_WALK_PAGES; page++) {
    const p = await fetchPage(page);
    all.push(...p.items);
    skipped += p.skipped;
    if (!p.hasMore) return { items: all, skipped };
  }
  throw new UpstreamError({
    kind: "invalid-body",
    path: "(paging)",
    message: `RealtimeKit kept reporting more pages after ${MAX_WALK_PAGES}; stopped to protect the rate budget`,
  });
}

/** The process-wide client, configured from the environment on first use. */
export function realtimeKit(): RealtimeKitClient {
  return shared().client;
}

export function upstreamBudget(): RateBudget {
  return shared().budget;
}

/** The process-wide response cache, for what the app keeps beside the client's own entries (apps.ts). */
export function upstreamCache(): ResponseCache {
  return shared().cache;
}

function shared(): { client: RealtimeKitClient; budget: RateBudget; cache: ResponseCache } {
  return processWide("upstream", () => {
    const config = upstreamConfig();
    const budget = selectBudget({
      name: "deployment",
      limit: config.rateLimit.requests,
      windowMs: config.rateLimit.windowMs,
      onThrottle: (snap) =>
        log.warn(
          { used: snap.used, limit: snap.limit, windowS: snap.windowMs / 1000 },
          "[realtimekit] upstream budget exhausted; holding off requests",
        ),
    });
    // Pages spend through each user's share; health reports the budget as a whole.
    const share = withUserShare(budget, {
      limit: config.rateLimit.requests,
      windowMs: config.rateLimit.windowMs,
      sharePct: config.userSharePct,
      user: requestUserKey,
      store: processWide("user-share", selectUserShareStore),
    });
    // Health checks spend the checks' share of the budget instead of the user's (scan-share.ts).
    const spend = withScanShare({ budget, userShare: share, scan: scanShare });
    const cache = selectCache(config.cacheMaxBytes);
    return {
      budget,
      cache,
      client: createRealtimeKitClient({ config, cache, budget: spend.budget, userShare: spend }),
    };
  });
}
