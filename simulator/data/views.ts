// Turns plans into the JSON objects the RealtimeKit API returns, evaluated at a request time so
// that the live session's numbers move on while the simulator runs.

import { cumulativeOf } from "./cumulative";
import type { QualityCumulative } from "./cumulative";
import type { ReportMetadata } from "./metadata";
import { candidatePairs, deviceHistory, eventsOf, identityMetadata, ipInformation, pcMetadata } from "./metadata";
import type { AppPlan, MeetingPlan, PeerPlan, SessionPlan, UnidentifiedRow, World } from "./model";
import { connectedMs, firstJoinMs, lastLeaveMs } from "./model";
import { uuidFrom } from "./prng";
import type { QualitySeries } from "./quality";
import { generateQuality, round, sampleTimes } from "./quality";

const iso = (ms: number): string => new Date(ms).toISOString();

export function appView(app: AppPlan) {
  return { id: app.id, name: app.name, created_at: iso(app.createdMs) };
}

export function meetingView(m: MeetingPlan) {
  return {
    id: m.id,
    title: m.title,
    status: m.status,
    created_at: iso(m.createdMs),
    updated_at: iso(m.updatedMs),
    record_on_start: m.recordOnStart,
    live_stream_on_start: false,
    persist_chat: false,
    summarize_on_end: m.transcribeOnEnd,
    transcribe_on_end: m.transcribeOnEnd,
    session_keep_alive_time_in_secs: 60,
  };
}

/** The single-meeting endpoint adds the recording and AI settings. */
export function meetingDetailView(m: MeetingPlan) {
  return {
    ...meetingView(m),
    recording_config: {
      max_seconds: 3600,
      file_name_prefix: m.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      video_config: { codec: "H264", width: 1280, height: 720, export_file: true },
      audio_config: { codec: "AAC", channel: "stereo", export_file: true },
    },
    ai_config: {
      transcription: { language: "en-US", keywords: [], profanity_filter: false },
      summarization: { summary_type: "team_meeting", text_format: "markdown", word_limit: 500 },
    },
  };
}

export interface SessionStats {
  live: number;
  maxConcurrent: number;
  minutes: number;
  lastChangeMs: number;
}

const endedStats = new WeakMap<SessionPlan, SessionStats>();

/** Head-counts and minutes as of nowMs; an ended session's are fixed, so they are computed once. */
export function sessionStats(s: SessionPlan, nowMs: number): SessionStats {
  const cached = endedStats.get(s);
  if (cached) return cached;
  const until = s.endMs ?? nowMs;
  const changes: Array<[number, number]> = [];
  let minutesMs = 0;
  let live = 0;
  for (const p of s.peers) {
    minutesMs += connectedMs(p, until);
    for (const c of p.connections) {
      if (c.fromMs > until) continue;
      changes.push([c.fromMs, 1]);
      if (c.toMs !== null && c.toMs <= until) changes.push([c.toMs, -1]);
      else if (s.endMs === null) live += 1;
    }
  }
  // Leaves sort before joins at the same instant so a hand-over is not counted twice.
  changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let maxConcurrent = 0;
  for (const [, delta] of changes) {
    current += delta;
    maxConcurrent = Math.max(maxConcurrent, current);
  }
  const stats = {
    live,
    maxConcurrent,
    minutes: round(minutesMs / 60_000, 2),
    lastChangeMs: changes.at(-1)?.[0] ?? s.startMs,
  };
  if (s.endMs !== null) endedStats.set(s, stats);
  return stats;
}

export function sessionView(s: SessionPlan, nowMs: number, includeBreakoutRooms = false) {
  const stats = sessionStats(s, nowMs);
  return {
    id: s.id,
    associated_id: s.meetingId,
    meeting_display_name: s.title,
    type: "meeting" as const,
    status: s.endMs === null ? ("LIVE" as const) : ("ENDED" as const),
    live_participants: stats.live,
    max_concurrent_participants: stats.maxConcurrent,
    minutes_consumed: stats.minutes,
    organization_id: s.appId,
    started_at: iso(s.startMs),
    ...(s.endMs !== null ? { ended_at: iso(s.endMs) } : {}),
    created_at: iso(s.startMs),
    // The backend touches an ended session once more when its keep-alive runs out.
    updated_at: iso(s.endMs !== null ? s.endMs + 60_203 : stats.lastChangeMs + 312),
    ...(includeBreakoutRooms ? { breakout_rooms: [] } : {}),
  };
}

/** When the peer left for good, if it has by nowMs. */
function leftAt(peer: PeerPlan, nowMs: number): number | null {
  const leave = lastLeaveMs(peer);
  return leave !== null && leave <= nowMs ? leave : null;
}

function participantBase(peer: PeerPlan, nowMs: number) {
  const join = firstJoinMs(peer);
  const left = peer.quirks.noLeftAt ? null : leftAt(peer, nowMs);
  const lastChange = Math.max(...peer.connections.flatMap((c) => [c.fromMs, c.toMs ?? 0]).filter((t) => t <= nowMs));
  return {
    id: peer.id,
    user_id: peer.userId,
    custom_participant_id: peer.customParticipantId,
    display_name: peer.displayName,
    joined_at: iso(join),
    ...(left !== null ? { left_at: iso(left) } : {}),
    duration: round(connectedMs(peer, nowMs) / 60_000, 3),
    created_at: iso(join + 14),
    updated_at: iso(lastChange + 35),
  };
}

export function participantView(session: SessionPlan, peer: PeerPlan, nowMs: number, includePeerEvents: boolean) {
  return {
    ...participantBase(peer, nowMs),
    preset_name: peer.preset,
    ...(includePeerEvents ? { peer_events: peerEvents(session, peer, nowMs) } : {}),
  };
}

/** A row without an id, as a participants list may hold one; the schema makes every field optional. */
export function unidentifiedParticipantView(row: UnidentifiedRow) {
  return {
    display_name: row.displayName,
    preset_name: row.preset,
    joined_at: iso(row.joinedMs),
    left_at: iso(row.leftMs),
    duration: round((row.leftMs - row.joinedMs) / 60_000, 3),
    created_at: iso(row.joinedMs + 11),
    updated_at: iso(row.leftMs + 29),
  };
}

/** Join and leave rows of the peer's connection lifecycle; a reconnecting peer has several pairs. */
function peerEvents(session: SessionPlan, peer: PeerPlan, nowMs: number) {
  let n = 0;
  const row = (
    name: "PEER_CREATED" | "PEER_JOINING" | "PEER_LEAVING",
    atMs: number,
    connection: number,
    minutes: number,
  ) => ({
    id: uuidFrom(peer.id, "peer-event", n++),
    event_name: name,
    peer_id: peer.id,
    participant_id: peer.id,
    session_id: session.id,
    socket_session_id: name === "PEER_CREATED" ? null : uuidFrom(peer.id, "socket", connection),
    preset_view_type: session.viewType,
    minutes_consumed: minutes,
    created_at: iso(atMs),
    updated_at: iso(atMs + 4),
  });
  const rows = [row("PEER_CREATED", firstJoinMs(peer) - 180, -1, 0)];
  peer.connections.forEach((c, i) => {
    if (c.fromMs > nowMs) return;
    rows.push(row("PEER_JOINING", c.fromMs, i, 0));
    if (c.toMs !== null && c.toMs <= nowMs)
      rows.push(row("PEER_LEAVING", c.toMs, i, round((c.toMs - c.fromMs) / 60_000, 3)));
  });
  return rows;
}

export type PeerReportQuality = QualitySeries & QualityCumulative;

export interface PeerReport {
  metadata: ReportMetadata;
  quality: PeerReportQuality;
}

interface CachedQuality {
  quality: PeerReportQuality;
  candidatePairs: ReportMetadata["candidate_pairs"];
}

/**
 * Generates reports on request and keeps the last few: a support engineer reopens the same peer
 * again and again, while the webinar's thousand attendees must never be generated up front.
 */
export class ReportStore {
  private readonly cache = new Map<string, CachedQuality>();

  constructor(
    private readonly world: World,
    private readonly capacity = 8,
  ) {}

  report(peer: PeerPlan, nowMs: number): PeerReport {
    const session = this.world.sessionsById.get(peer.sessionId);
    if (!session) throw new Error(`peer ${peer.id} has no session`);
    const cutoff = Math.min(nowMs, lastLeaveMs(peer) ?? Infinity);
    // A live report only changes when a new sample is due, so the sample count is the cache key.
    const key = `${peer.id}:${sampleTimes(peer, cutoff).length}`;
    let cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
    } else {
      const generated = generateQuality(session, peer, cutoff);
      cached = withQuirks(peer, {
        quality: { ...generated.series, ...cumulativeOf(generated.series) },
        candidatePairs: candidatePairs(peer, generated.transports),
      });
      if (this.cache.size >= this.capacity) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
    }
    this.cache.set(key, cached);
    return {
      metadata: {
        ...identityMetadata(session, peer),
        ip_information: ipInformation(peer),
        pc_metadata: pcMetadata(peer),
        candidate_pairs: cached.candidatePairs,
        events: eventsOf(peer, cutoff),
        ...deviceHistory(peer, cutoff),
      },
      quality: cached.quality,
    };
  }
}

/** Unreadable as a time by Date.parse: a client with a zeroed clock struct. */
export const UNREADABLE_TIMESTAMP = "0000-00-00T00:00:00.000Z";
/** The last instant Date can hold: readable, and past any arithmetic. */
export const EXTREME_TIMESTAMP = "+275760-09-13T00:00:00Z";

const CANDIDATE_TYPE_KEYS = [
  "local_candidate_type",
  "local_candidate_protocol",
  "remote_candidate_type",
  "remote_candidate_protocol",
];

/** Applies a peer's payload quirks to its freshly generated quality and candidate pairs. */
function withQuirks(peer: PeerPlan, generated: CachedQuality): CachedQuality {
  const q = peer.quirks;
  let { quality, candidatePairs: pairs } = generated;
  if (q.cumulativeOnly) {
    const empty = Object.fromEntries(Object.entries(quality).map(([k, v]) => [k, k.endsWith("_cumulative") ? v : []]));
    quality = empty as unknown as PeerReportQuality;
  }
  if (q.oddTimestamps) {
    const samples = [...quality.audio_producer];
    const copy = (i: number, timestamp: string) => {
      const s = samples[i];
      if (s) samples.splice(i + 1, 0, { ...s, timestamp });
    };
    // Copies of real samples, so only their time is wrong; the later insert first keeps indices right.
    copy(5, UNREADABLE_TIMESTAMP);
    copy(3, EXTREME_TIMESTAMP);
    quality = { ...quality, audio_producer: samples };
  }
  if (q.untypedCandidatePairs) {
    const strip = (p: (typeof pairs.producing_transport)[number]) =>
      Object.fromEntries(Object.entries(p).filter(([k]) => !CANDIDATE_TYPE_KEYS.includes(k))) as typeof p;
    pairs = {
      producing_transport: pairs.producing_transport.map(strip),
      consuming_transport: pairs.consuming_transport.map(strip),
    };
  }
  return { quality, candidatePairs: pairs };
}

export function peerReportParticipantView(
  session: SessionPlan,
  peer: PeerPlan,
  nowMs: number,
  includePeerEvents: boolean,
) {
  return {
    ...participantBase(peer, nowMs),
    session_id: session.id,
    role: peer.preset,
    ...(includePeerEvents ? { peer_events: peerEvents(session, peer, nowMs) } : {}),
  };
}
