import { z } from "zod";
import { TRACK_KEYS, type TrackKey } from "./types";

/**
 * Upstream response schemas, one per operation. Tolerant on purpose (docs/upstream.md): unknown keys pass
 * through, optional fields may be absent or null, and every envelope variant the API has shipped
 * parses (docs/upstream.md, "Envelopes and ids"). Only what the app cannot do without —
 * the `data` envelope and the ids — is required. Pure: the reshaping beside it imports these types.
 */

// A number field that tolerates numeric strings and turns anything else unreadable into null, so
// one odd sample does not make a four-hour report unreadable.
const toNum = (v: unknown): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
};
const num = z.unknown().optional().transform(toNum);
const toStr = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const str = z.unknown().optional().transform(toStr);
const bool = z
  .unknown()
  .optional()
  .transform((v): boolean | null => (typeof v === "boolean" ? v : null));
const id = z.union([z.string().min(1), z.number().transform(String)]);
const list = <T extends z.ZodType>(item: T) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): z.output<T>[] => {
      if (v === undefined || v === null) return [];
      const parsed = z.array(item).safeParse(v);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message });
      return z.NEVER;
    });
/** Rows of a list that could be read, and how many could not (e.g. schema-valid items without an id). */
export interface Rows<T> {
  items: T[];
  skipped: number;
  /** Everything the upstream sent, usable or not: a page is short by this count, not by `items`. */
  received: number;
}
// One unusable row costs that row, not the list: the upstream's schema allows items without ids.
const rows = <T extends z.ZodType>(item: T) =>
  z.unknown().transform((v, ctx): Rows<z.output<T>> => {
    if (v === undefined || v === null) return { items: [], skipped: 0, received: 0 };
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: "custom", message: "expected an array" });
      return z.NEVER;
    }
    const items: z.output<T>[] = [];
    for (const row of v) {
      const parsed = item.safeParse(row);
      if (parsed.success) items.push(parsed.data);
    }
    return { items, skipped: v.length - items.length, received: v.length };
  });
const obj = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const optObj = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).nullish();

export const pagingSchema = obj({ start_offset: num, end_offset: num, total_count: num }).nullish();

// GET /apps — data is a bare array
export const appSchema = obj({ id, name: str, created_at: str });
export const listAppsSchema = obj({
  data: z.union([rows(appSchema), obj({ apps: rows(appSchema) }).transform((d) => d.apps)]),
  paging: pagingSchema,
});

// realtimekit_ActiveSession
export interface RawSession {
  id: string;
  associated_id: string | null;
  meeting_display_name: string | null;
  type: string | null;
  status: string | null;
  live_participants: number | null;
  max_concurrent_participants: number | null;
  minutes_consumed: number | null;
  organization_id: string | null;
  started_at: string | null;
  ended_at: string | null;
  created_at: string | null;
  updated_at: string | null;
  breakout_rooms: RawSession[];
  [k: string]: unknown;
}
export const sessionSchema: z.ZodType<RawSession> = z.lazy(() =>
  obj({
    id,
    associated_id: str,
    meeting_display_name: str,
    type: str,
    status: str,
    live_participants: num,
    max_concurrent_participants: num,
    minutes_consumed: num,
    organization_id: str,
    started_at: str,
    ended_at: str,
    created_at: str,
    updated_at: str,
    breakout_rooms: list(sessionSchema),
  }),
) as z.ZodType<RawSession>;

// GET /{app_id}/sessions — data.sessions + top-level paging; tolerate paging inside data
export const listSessionsSchema = obj({
  data: z.union([
    obj({ sessions: rows(sessionSchema), paging: pagingSchema }),
    rows(sessionSchema).transform((sessions) => ({ sessions, paging: undefined })),
  ]),
  paging: pagingSchema,
});

// GET /{app_id}/sessions/{session_id} — flat since 2026-05, `data.session` before
export const getSessionSchema = obj({
  data: z.union([obj({ session: sessionSchema }).transform((d) => d.session), sessionSchema]),
});

// realtimekit_PeerEvent
export const peerEventSchema = obj({
  id: str,
  event_name: str,
  peer_id: str,
  participant_id: str,
  session_id: str,
  socket_session_id: str,
  preset_view_type: str,
  minutes_consumed: num,
  created_at: str,
  updated_at: str,
});

// realtimekit_ParticipantsList (preset_name) and PeerParticipantDetails (role)
const participantShape = {
  id,
  session_id: str,
  user_id: str,
  custom_participant_id: str,
  display_name: str,
  preset_name: str,
  role: str,
  joined_at: str,
  left_at: str,
  duration: num,
  created_at: str,
  updated_at: str,
  peer_events: z
    .unknown()
    .optional()
    .transform((v) => (Array.isArray(v) ? v : null))
    .pipe(z.array(peerEventSchema).nullable()),
};
export const participantSchema = obj(participantShape);

// GET /{app_id}/sessions/{session_id}/participants — paging top-level or in data
export const listParticipantsSchema = obj({
  data: z.union([
    obj({ participants: rows(participantSchema), paging: pagingSchema }),
    rows(participantSchema).transform((participants) => ({ participants, paging: undefined })),
  ]),
  paging: pagingSchema,
});

// ---- Peer report ----

const deviceSchema = obj({ device_id: str, kind: str, label: str });
const deviceUpdateSchema = obj({ timestamp: str, added: list(deviceSchema), removed: list(deviceSchema) });
export const candidatePairSchema = obj({
  nominated: bool,
  current_round_trip_time: num,
  total_round_trip_time: num,
  available_outgoing_bitrate: num,
  available_incoming_bitrate: num,
  bytes_sent: num,
  bytes_received: num,
  packets_sent: num,
  packets_received: num,
  last_packet_sent_timestamp: num,
  last_packet_received_timestamp: num,
  local_candidate_type: str,
  local_candidate_address: str,
  local_candidate_port: num,
  local_candidate_protocol: str,
  local_candidate_network_type: str,
  local_candidate_related_address: str,
  local_candidate_url: str,
  remote_candidate_type: str,
  remote_candidate_address: str,
  remote_candidate_port: num,
  remote_candidate_protocol: str,
});
export type RawCandidatePair = z.output<typeof candidatePairSchema>;

// Where the participant connected from; the legacy shape is the same with fewer ASN fields.
const ipInformationSchema = optObj({
  ipv4: str,
  city: str,
  region: str,
  country: str,
  timezone: str,
  org: str,
  asn: optObj({ asn: str, name: str, domain: str, route: str, type: str }),
});

export const peerMetadataSchema = obj({
  sdk_name: str,
  sdk_version: str,
  sdk_type: str,
  room_view_type: str,
  device_info: optObj({ os: str, os_version: str, cpus: num, is_mobile: bool, memory: num }),
  browser_metadata: optObj({ browser: str, browser_version: str, engine: str, user_agent: str, webgl_support: bool }),
  native_metadata: optObj({ audio_encoder: str, video_encoder: str }),
  ip_information: ipInformationSchema,
  pc_metadata: list(
    obj({
      timestamp: str,
      effective_network_type: str,
      turn_connectivity: bool,
      relay_connectivity: bool,
      reflexive_connectivity: bool,
    }),
  ).optional(),
  candidate_pairs: optObj({
    producing_transport: list(candidatePairSchema),
    consuming_transport: list(candidatePairSchema),
  }),
  events: list(
    obj({
      name: str,
      timestamp: str,
      metadata: z
        .unknown()
        .optional()
        .transform((v) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null)),
    }),
  ).optional(),
  audio_devices_updates: list(deviceUpdateSchema).optional(),
  video_devices_updates: list(deviceUpdateSchema).optional(),
  speaker_devices_updates: list(deviceUpdateSchema).optional(),
  selected_device_updates: list(
    obj({ timestamp: str, device: optObj({ device_id: str, kind: str, label: str }) }),
  ).optional(),
});
export type RawPeerMetadata = z.output<typeof peerMetadataSchema>;

/**
 * Reads one sample with the same tolerance as the zod fields above, by hand: a 4-hour report
 * holds ~10,000 samples, and a generic per-field pipeline costs several times the JSON parse.
 */
export function readSample(v: Record<string, unknown>) {
  // One object literal of fixed shape: V8 keeps it fast, unlike keys assigned in a loop.
  return {
    timestamp: toStr(v.timestamp),
    quality_limitation_reason: toStr(v.quality_limitation_reason),
    peer_id: toStr(v.peer_id),
    producer_id: toStr(v.producer_id),
    consumer_id: toStr(v.consumer_id),
    packets_sent: toNum(v.packets_sent),
    bytes_sent: toNum(v.bytes_sent),
    packets_received: toNum(v.packets_received),
    bytes_received: toNum(v.bytes_received),
    packets_lost: toNum(v.packets_lost),
    jitter: toNum(v.jitter),
    rtt: toNum(v.rtt),
    mos_quality: toNum(v.mos_quality),
    jitter_buffer_delay: toNum(v.jitter_buffer_delay),
    jitter_buffer_emitted_count: toNum(v.jitter_buffer_emitted_count),
    concealment_events: toNum(v.concealment_events),
    frame_width: toNum(v.frame_width),
    frame_height: toNum(v.frame_height),
    frames_per_second: toNum(v.frames_per_second),
    frames_dropped: toNum(v.frames_dropped),
    frames_encoded: toNum(v.frames_encoded),
    frames_decoded: toNum(v.frames_decoded),
    ssrc: toNum(v.ssrc),
  };
}

/** One sample of any of the eight series; fields a series does not use stay null. */
export type RawQualitySample = ReturnType<typeof readSample>;

export const qualitySampleSchema = z.record(z.string(), z.unknown()).transform(readSample);

const sampleSeries = z
  .unknown()
  .optional()
  .transform((v, ctx): RawQualitySample[] | undefined => {
    // An absent series stays absent (the completeness record tells "missing" from "empty").
    if (v === undefined) return undefined;
    if (v === null) return [];
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: "custom", message: "expected an array of samples" });
      return z.NEVER;
    }
    const out: RawQualitySample[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (!item || typeof item !== "object" || Array.isArray(item)) {
        ctx.addIssue({ code: "custom", message: "expected a sample object", path: [i] });
        return z.NEVER;
      }
      out[i] = readSample(item as Record<string, unknown>);
    }
    return out;
  });

// Cumulative blocks: nested objects of numbers whose key names carry the thresholds.
const cumulativeSchema = z
  .unknown()
  .optional()
  .transform((v) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null));

const qualityShape = Object.fromEntries(
  TRACK_KEYS.flatMap((k) => [
    [k, sampleSeries],
    [`${k}_cumulative`, cumulativeSchema.optional()],
  ]),
) as { [K in TrackKey]: z.ZodOptional<ReturnType<typeof list<typeof qualitySampleSchema>>> } & {
  [K in `${TrackKey}_cumulative`]: z.ZodOptional<typeof cumulativeSchema>;
};
export const peerQualitySchema = obj(qualityShape);
export type RawPeerQuality = z.output<typeof peerQualitySchema>;

// Legacy (before 2026-05) shapes
const legacyPeerStatsSchema = obj({
  device_info: optObj({
    browser: str,
    browser_version: str,
    cpus: num,
    memory: num,
    engine: str,
    is_mobile: bool,
    os: str,
    os_version: str,
    sdk_name: str,
    sdk_version: str,
    user_agent: str,
    webgl_support: bool,
  }),
  events: list(obj({ type: str, timestamp: str, metadata: z.unknown().optional() })).optional(),
  ip_information: ipInformationSchema,
  precall_network_information: optObj({
    backend_rtt: num,
    rtt: num,
    jitter: num,
    throughput: num,
    throughtput: num,
    fractional_loss: num,
    effective_networktype: str,
    turn_connectivity: bool,
    relay_connectivity: bool,
    reflexive_connectivity: bool,
  }),
});
export type RawLegacyPeerStats = z.output<typeof legacyPeerStatsSchema>;

const legacyAudioStat = obj({ timestamp: str, concealment_events: num, packets_lost: num, jitter: num, quality: num });
const legacyVideoStat = obj({
  timestamp: str,
  frame_width: num,
  frame_height: num,
  frames_dropped: num,
  frames_per_second: num,
  packets_lost: num,
  jitter: num,
  quality: num,
});
const legacyQualityEntry = obj({
  audio_stats: list(legacyAudioStat).optional(),
  video_stats: list(legacyVideoStat).optional(),
});
// One object on the peer report, an array of them on participant detail.
const legacyQualityStatsSchema = z
  .union([z.array(legacyQualityEntry), legacyQualityEntry])
  .nullish()
  .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v]));
export type RawLegacyQualityStats = z.output<typeof legacyQualityStatsSchema>;

export const peerParticipantSchema = obj({
  ...participantShape,
  peer_report: optObj({ metadata: peerMetadataSchema.nullish(), quality: peerQualitySchema.nullish() }),
  peer_stats: legacyPeerStatsSchema.nullish(),
  quality_stats: legacyQualityStatsSchema.optional(),
});
export type RawPeerParticipant = z.output<typeof peerParticipantSchema>;

// GET /{app_id}/sessions/peer-report/{peer_id} — data.participant, briefly flat in 2026-05
export const peerReportSchema = obj({
  data: z.union([obj({ participant: peerParticipantSchema }).transform((d) => d.participant), peerParticipantSchema]),
});

// The same, for a caller that knows which peer it asked for: a report without `participant`, or
// without its id, still reads (the schema allows both), and the caller fills in the id.
const anyIdParticipantSchema = peerParticipantSchema.extend({ id: id.nullish() });
export const peerReportAnyIdSchema = obj({
  data: z.union([obj({ participant: anyIdParticipantSchema }).transform((d) => d.participant), anyIdParticipantSchema]),
});

// GET /{app_id}/meetings/{meeting_id}
export const meetingSchema = obj({ id, title: str, status: str, created_at: str, updated_at: str });
export const getMeetingSchema = obj({
  data: z.union([obj({ meeting: meetingSchema }).transform((d) => d.meeting), meetingSchema]),
});

export type RawPaging = z.output<typeof pagingSchema>;
export type RawApp = z.output<typeof appSchema>;
export type RawParticipant = z.output<typeof participantSchema>;
export type RawPeerEvent = z.output<typeof peerEventSchema>;
export type RawMeeting = z.output<typeof meetingSchema>;
