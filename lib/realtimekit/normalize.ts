import type {
  RawApp,
  RawMeeting,
  RawPaging,
  RawParticipant,
  RawPeerEvent,
  RawSession,
} from "@/lib/realtimekit/schemas";
import { plausibleTime } from "./time";
import type { App, Meeting, Page, Participant, PeerEvent, PeerEventKind, Session, SessionStatus } from "./types";

/** Pure mapping from upstream payloads to the app's types (no I/O, unit-tested). */

export function toApp(raw: RawApp): App {
  return { id: raw.id, name: raw.name, createdAt: isoOrNull(raw.created_at) };
}

export function toSession(raw: RawSession): Session {
  const status = toStatus(raw.status, raw.ended_at);
  const startedAt = isoOrNull(raw.started_at ?? raw.created_at);
  const endedAt = isoOrNull(raw.ended_at);
  return {
    id: raw.id,
    appId: raw.organization_id,
    meetingId: raw.associated_id,
    title: raw.meeting_display_name,
    type: raw.type,
    status,
    liveParticipants: raw.live_participants,
    peakParticipants: raw.max_concurrent_participants,
    participantMinutes: raw.minutes_consumed,
    startedAt,
    endedAt,
    durationS: startedAt && endedAt ? Math.max(0, (Date.parse(endedAt) - Date.parse(startedAt)) / 1000) : null,
    createdAt: isoOrNull(raw.created_at),
    updatedAt: isoOrNull(raw.updated_at),
    breakoutRooms: raw.breakout_rooms.map(toSession),
  };
}

function toStatus(status: string | null, endedAt: string | null): SessionStatus {
  const s = status?.toUpperCase();
  if (s === "LIVE") return "live";
  if (s === "ENDED") return "ended";
  return endedAt ? "ended" : "unknown";
}

export function toParticipant(raw: RawParticipant & { role?: string | null }): Participant {
  const events = raw.peer_events ? raw.peer_events.map(toPeerEvent).sort(byTime) : null;
  return {
    peerId: raw.id,
    sessionId: raw.session_id,
    userId: raw.user_id,
    customParticipantId: raw.custom_participant_id,
    name: raw.display_name,
    preset: raw.preset_name ?? raw.role ?? null,
    joinedAt: isoOrNull(raw.joined_at),
    leftAt: isoOrNull(raw.left_at),
    // The upstream reports minutes.
    durationS: raw.duration === null ? null : Math.round(raw.duration * 60 * 1000) / 1000,
    peerEvents: events,
    reconnects: events ? Math.max(0, events.filter((e) => e.kind === "joining").length - 1) : null,
  };
}

const EVENT_KINDS: Record<string, PeerEventKind> = {
  PEER_CREATED: "created",
  PEER_JOINING: "joining",
  PEER_LEAVING: "leaving",
};

export function toPeerEvent(raw: RawPeerEvent): PeerEvent {
  return {
    id: raw.id,
    kind: EVENT_KINDS[raw.event_name?.toUpperCase() ?? ""] ?? "other",
    name: raw.event_name,
    at: isoOrNull(raw.created_at),
    viewType: raw.preset_view_type,
    minutesConsumed: raw.minutes_consumed,
  };
}

function byTime(a: PeerEvent, b: PeerEvent): number {
  return (a.at ? Date.parse(a.at) : 0) - (b.at ? Date.parse(b.at) : 0);
}

export function toMeeting(raw: RawMeeting): Meeting {
  return { id: raw.id, title: raw.title, status: raw.status, createdAt: isoOrNull(raw.created_at) };
}

/**
 * Builds a page from the upstream's offsets (1-based, inclusive). A page that came back shorter
 * than asked is the last one whatever the offsets say (a walk must not trust offsets that keep
 * promising more); without paging info, a full page means there may be more. `received` counts
 * every row the upstream sent, including those skipped as unusable, so that skipping a row does
 * not make a full page look short.
 */
export function toPage<T>(
  items: T[],
  paging: RawPaging | undefined,
  page: number,
  perPage: number,
  received = items.length,
): Page<T> {
  const total = paging?.total_count ?? null;
  const startOffset = paging?.start_offset ?? (received ? (page - 1) * perPage + 1 : null);
  const endOffset = paging?.end_offset ?? (received ? (page - 1) * perPage + received : null);
  const full = received > 0 && received >= perPage;
  const hasMore = full && (total !== null && endOffset !== null ? endOffset < total : true);
  return { items, page, perPage, total, startOffset, endOffset, hasMore };
}

/** Normalises a timestamp to ISO-8601 UTC, or null when it is absent or unreadable. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  // Out of range reads as not reported, like any unreadable time (lib/realtimekit/time.ts).
  return plausibleTime(ms) ? new Date(ms).toISOString() : null;
}
