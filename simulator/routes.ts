// The RealtimeKit read endpoints, with the envelopes of docs/upstream.md: where `paging`
// sits and whether `data` is an array or an object differs per endpoint, on purpose.

import type { MeetingPlan, PeerPlan, SessionPlan, UnidentifiedRow, World } from "./data/model";
import { connectedMs, firstJoinMs } from "./data/model";
import type { ReportStore } from "./data/views";
import {
  appView,
  meetingDetailView,
  meetingView,
  participantView,
  peerReportParticipantView,
  sessionStats,
  sessionView,
  unidentifiedParticipantView,
} from "./data/views";
import { paginate, Query, requireGuid } from "./query";
import { ApiError } from "./responses";

export interface RouteContext {
  world: World;
  reports: ReportStore;
  nowMs: number;
  params: Record<string, string>;
  query: Query;
}

type Handler = (ctx: RouteContext) => unknown;

interface Route {
  segments: string[];
  handler: Handler;
}

const SORT_ORDERS = ["ASC", "DESC"] as const;
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 20;

const PEER_REPORT_FILTERS = [
  "device_info",
  "ip_information",
  "precall_network_information",
  "events",
  "quality_stats",
] as const;
type PeerReportFilter = (typeof PEER_REPORT_FILTERS)[number];

/** Which metadata keys each `filters` value brings back (inferred from the legacy shapes: docs/upstream.md). */
const FILTER_KEYS: Record<Exclude<PeerReportFilter, "quality_stats">, readonly string[]> = {
  device_info: [
    "sdk_name",
    "sdk_version",
    "sdk_type",
    "room_view_type",
    "device_info",
    "browser_metadata",
    "native_metadata",
  ],
  ip_information: ["ip_information"],
  precall_network_information: ["pc_metadata"],
  events: [
    "events",
    "audio_devices_updates",
    "video_devices_updates",
    "speaker_devices_updates",
    "selected_device_updates",
  ],
};

const ROUTES: Route[] = [
  route("apps", listApps),
  route("apps/:app_id", getApp),
  route(":app_id/sessions", listSessions),
  route(":app_id/sessions/peer-report/:peer_id", getPeerReport),
  route(":app_id/sessions/:session_id", getSession),
  route(":app_id/sessions/:session_id/participants", listParticipants),
  route(":app_id/sessions/:session_id/participants/:participant_id", getParticipant),
  route(":app_id/meetings", listMeetings),
  route(":app_id/meetings/:meeting_id", getMeeting),
  route(":app_id/meetings/:meeting_id/active-session", getActiveSession),
];

function route(pattern: string, handler: Handler): Route {
  return { segments: pattern.split("/"), handler };
}

/** Finds the handler for a path below `/accounts/{account}/realtime/kit/`; literal segments win. */
export function matchRoute(
  segments: readonly string[],
): { handler: Handler; params: Record<string, string> } | undefined {
  let best: { handler: Handler; params: Record<string, string>; literals: number } | undefined;
  for (const r of ROUTES) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = r.segments.every((s, i) => {
      const actual = segments[i] ?? "";
      if (s.startsWith(":")) {
        params[s.slice(1)] = actual;
        return actual !== "";
      }
      literals += 1;
      return s === actual;
    });
    if (ok && (!best || literals > best.literals)) best = { handler: r.handler, params, literals };
  }
  return best;
}

function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

function appOf(ctx: RouteContext) {
  const id = param(ctx, "app_id");
  const app = ctx.world.apps.find((a) => a.id === id);
  if (!app) throw new ApiError(404, `No app found with id ${id}`);
  return app;
}

function sessionOf(ctx: RouteContext): SessionPlan {
  const appId = appOf(ctx).id;
  const id = requireGuid("session_id", param(ctx, "session_id"));
  const s = ctx.world.sessionsById.get(id);
  if (!s || s.appId !== appId) throw new ApiError(404, `No session found with id ${id}`);
  return s;
}

/** In a live session only those who have joined by now exist yet. */
function peersOf(s: SessionPlan, nowMs: number): PeerPlan[] {
  return s.peers.filter((p) => firstJoinMs(p) <= nowMs);
}

function perPage(q: Query): number {
  return Math.min(MAX_PER_PAGE, q.int("per_page", DEFAULT_PER_PAGE, 1));
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

// GET /apps — data is a bare array, paging top-level.
function listApps({ world, query }: RouteContext) {
  const pageNo = query.int("page_no", 1, 1);
  const size = query.int("per_page", DEFAULT_PER_PAGE, 1);
  const search = query.string("search", 125);
  const order = query.oneOf("sort_order", SORT_ORDERS, "DESC");
  const apps = world.apps
    .filter((a) => search === undefined || contains(a.name, search))
    .sort((a, b) => (order === "ASC" ? a.createdMs - b.createdMs : b.createdMs - a.createdMs));
  const page = paginate(apps.map(appView), pageNo, size);
  return { success: true, data: page.items, paging: page.paging };
}

// GET /apps/{app_id}
function getApp(ctx: RouteContext) {
  return { success: true, data: appView(appOf(ctx)) };
}

// GET /{app_id}/sessions — data.sessions, paging top-level.
function listSessions(ctx: RouteContext) {
  const { query, nowMs } = ctx;
  const pageNo = query.int("page_no", 1, 0);
  const size = perPage(query);
  const sortBy = query.oneOf("sort_by", ["createdAt", "minutesConsumed"] as const, "createdAt");
  const order = query.oneOf("sort_order", SORT_ORDERS, "DESC");
  const from = query.time("start_time");
  const to = query.time("end_time");
  const status = query.oneOf("status", ["LIVE", "ENDED"] as const);
  const participants = query.range("participants");
  const search = query.string("search");
  const meetingId = query.guid("associated_id");
  const app = appOf(ctx);

  const rows = ctx.world.sessions
    .filter((s) => s.appId === app.id && s.startMs <= nowMs)
    .filter((s) => from === undefined || s.startMs >= from)
    .filter((s) => to === undefined || s.startMs <= to)
    .filter((s) => status === undefined || (status === "LIVE") === (s.endMs === null))
    .filter((s) => meetingId === undefined || s.meetingId === meetingId)
    .filter((s) => search === undefined || [s.title, s.meetingId, s.id].some((v) => contains(v, search)))
    .filter((s) => {
      if (!participants) return true;
      const max = sessionStats(s, nowMs).maxConcurrent;
      return max >= participants.min && max <= participants.max;
    });
  const key = (s: SessionPlan): number => (sortBy === "minutesConsumed" ? sessionStats(s, nowMs).minutes : s.startMs);
  rows.sort((a, b) => (order === "ASC" ? key(a) - key(b) : key(b) - key(a)));
  const page = paginate(rows, pageNo, size);
  return { success: true, data: { sessions: page.items.map((s) => sessionView(s, nowMs)) }, paging: page.paging };
}

// GET /{app_id}/sessions/{session_id} — flat: data is the session (TS HEAD).
function getSession(ctx: RouteContext) {
  const includeBreakoutRooms = ctx.query.bool("include_breakout_rooms");
  return { success: true, data: sessionView(sessionOf(ctx), ctx.nowMs, includeBreakoutRooms) };
}

// GET /{app_id}/sessions/{session_id}/participants — paging inside data, as in the Dyte example.
function listParticipants(ctx: RouteContext) {
  const { query, nowMs } = ctx;
  const search = query.string("search");
  const pageNo = query.int("page_no", 1, 0);
  const size = perPage(query);
  const order = query.oneOf("sort_order", SORT_ORDERS, "ASC");
  const sortBy = query.oneOf("sort_by", ["joinedAt", "duration"] as const, "joinedAt");
  const includePeerEvents = query.bool("include_peer_events");
  // No breakout rooms are simulated, so both views are the same.
  query.oneOf("view", ["raw", "consolidated"] as const, "raw");
  const s = sessionOf(ctx);

  // Rows without an id (sessions.edge) are listed like any other; they only match by name.
  const rows: (PeerPlan | UnidentifiedRow)[] = [
    ...peersOf(s, nowMs).filter(
      (p) => search === undefined || [p.id, p.customParticipantId, p.displayName].some((v) => contains(v, search)),
    ),
    ...s.unidentifiedRows.filter(
      (r) => r.joinedMs <= nowMs && (search === undefined || contains(r.displayName, search)),
    ),
  ];
  const key = (p: PeerPlan | UnidentifiedRow): number =>
    "joinedMs" in p
      ? sortBy === "duration"
        ? p.leftMs - p.joinedMs
        : p.joinedMs
      : sortBy === "duration"
        ? connectedMs(p, nowMs)
        : firstJoinMs(p);
  rows.sort((a, b) => (order === "ASC" ? key(a) - key(b) : key(b) - key(a)));
  const page = paginate(rows, pageNo, size);
  const participants = page.items.map((p) =>
    "joinedMs" in p ? unidentifiedParticipantView(p) : participantView(s, p, nowMs, includePeerEvents),
  );
  return { success: true, data: { participants, paging: page.paging } };
}

// GET /{app_id}/sessions/{session_id}/participants/{participant_id}
function getParticipant(ctx: RouteContext) {
  const includePeerEvents = ctx.query.bool("include_peer_events");
  const id = requireGuid("participant_id", param(ctx, "participant_id"));
  const s = sessionOf(ctx);
  const peer = peersOf(s, ctx.nowMs).find((p) => p.id === id);
  if (!peer) throw new ApiError(404, `No user found with id ${id}`);
  return { success: true, data: { participant: participantView(s, peer, ctx.nowMs, includePeerEvents) } };
}

// GET /{app_id}/sessions/peer-report/{peer_id} — keyed by peer alone, no session in the path.
function getPeerReport(ctx: RouteContext) {
  const { query, nowMs, world } = ctx;
  const filters = query.list("filters", PEER_REPORT_FILTERS);
  const includePeerEvents = query.bool("include_peer_events");
  const id = requireGuid("peer_id", param(ctx, "peer_id"));
  const app = appOf(ctx);
  const peer = world.peersById.get(id);
  if (!peer || peer.appId !== app.id || firstJoinMs(peer) > nowMs)
    throw new ApiError(404, `No peer found with id ${id}`);
  const session = world.sessionsById.get(peer.sessionId);
  if (!session) throw new Error(`peer ${id} has no session`);

  const report = ctx.reports.report(peer, nowMs);
  let peerReport: Record<string, unknown> = { ...report };
  if (filters) {
    const wanted = new Set(filters);
    const keys = new Set(filters.flatMap((f) => (f === "quality_stats" ? [] : FILTER_KEYS[f])));
    const metadata = Object.fromEntries(Object.entries(report.metadata).filter(([k]) => keys.has(k)));
    peerReport = {
      ...(keys.size > 0 ? { metadata } : {}),
      ...(wanted.has("quality_stats") ? { quality: report.quality } : {}),
    };
  }
  // Both envelopes are schema-valid: `participant` and its `id` are optional.
  if (peer.quirks.reportEnvelope === "no-participant") return { success: true, data: {} };
  const { id: _id, ...anonymous } = peerReportParticipantView(session, peer, nowMs, includePeerEvents);
  const participant = peer.quirks.reportEnvelope === "participant-without-id" ? anonymous : { id: _id, ...anonymous };
  return { success: true, data: { participant: { ...participant, peer_report: peerReport } } };
}

function meetingOf(ctx: RouteContext, id: string): MeetingPlan | undefined {
  const appId = appOf(ctx).id;
  return ctx.world.meetings.find((m) => m.id === id && m.appId === appId);
}

// GET /{app_id}/meetings — data is a bare array, paging top-level.
function listMeetings(ctx: RouteContext) {
  const { query } = ctx;
  const pageNo = query.int("page_no", 1, 0);
  const size = perPage(query);
  const from = query.time("start_time");
  const to = query.time("end_time");
  const search = query.string("search");
  const status = query.oneOf("status", ["ACTIVE", "INACTIVE"] as const);
  const appId = appOf(ctx).id;
  const rows = ctx.world.meetings
    .filter((m) => m.appId === appId)
    .filter((m) => from === undefined || m.createdMs >= from)
    .filter((m) => to === undefined || m.createdMs <= to)
    .filter((m) => status === undefined || m.status === status)
    .filter((m) => search === undefined || contains(m.title, search) || contains(m.id, search))
    .sort((a, b) => b.createdMs - a.createdMs);
  const page = paginate(rows.map(meetingView), pageNo, size);
  return { success: true, data: page.items, paging: page.paging };
}

// GET /{app_id}/meetings/{meeting_id}
function getMeeting(ctx: RouteContext) {
  const id = requireGuid("meeting_id", param(ctx, "meeting_id"));
  const meeting = meetingOf(ctx, id);
  if (!meeting) throw new ApiError(404, `No meeting found with id ${id}`);
  return { success: true, data: meetingDetailView(meeting) };
}

// GET /{app_id}/meetings/{meeting_id}/active-session — 404 unless a session of it is live.
function getActiveSession(ctx: RouteContext) {
  const id = param(ctx, "meeting_id");
  const meeting = meetingOf(ctx, id);
  const live =
    meeting && ctx.world.sessions.find((s) => s.meetingId === meeting.id && s.endMs === null && s.startMs <= ctx.nowMs);
  if (!live) throw new ApiError(404, `No active session found for meeting_id ${id}`);
  return { success: true, data: sessionView(live, ctx.nowMs) };
}
