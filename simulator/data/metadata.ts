// peer_report.metadata: who the peer was (device, browser, SDK, place, ISP), the pre-call test,
// the ICE candidate pairs its transports used, and its client-side event timeline.

import type { TrackKind } from "./conditions";
import type { DeviceChange, Interval, PeerPlan, SessionPlan } from "./model";
import { firstJoinMs } from "./model";
import { hashOf, hexFrom } from "./prng";
import type { TransportTotals } from "./quality";
import { round } from "./quality";

type Scalar = string | number | boolean | null;

export interface ReportEvent {
  name: string;
  timestamp: string;
  metadata?: Record<string, Scalar>;
}

export interface Device {
  device_id: string;
  kind: string;
  label: string;
}

export interface DeviceUpdate {
  timestamp: string;
  added: Device[];
  removed: Device[];
}

export interface CandidatePair {
  nominated: boolean;
  current_round_trip_time: number;
  total_round_trip_time: number;
  available_outgoing_bitrate?: number;
  bytes_sent: number;
  bytes_received: number;
  bytes_discarded_on_send: number;
  packets_sent: number;
  packets_received: number;
  packets_discarded_on_send: number;
  last_packet_sent_timestamp: number;
  last_packet_received_timestamp: number;
  local_candidate_id: string;
  // Types and protocols are optional like every field in the schema: one edge-case peer has none.
  local_candidate_type?: string;
  local_candidate_address: string;
  local_candidate_port: number;
  local_candidate_protocol?: string;
  local_candidate_network_type: string;
  local_candidate_related_address?: string;
  local_candidate_related_port?: number;
  local_candidate_url?: string;
  remote_candidate_id: string;
  remote_candidate_type?: string;
  remote_candidate_address: string;
  remote_candidate_port: number;
  remote_candidate_protocol?: string;
}

export interface ReportMetadata {
  sdk_name: string;
  sdk_version: string;
  sdk_type: string;
  room_view_type: string;
  device_info: { os: string; os_version: string; cpus: number; is_mobile: boolean };
  browser_metadata: Record<string, string | boolean | null>;
  native_metadata: Record<string, string>;
  ip_information: {
    ipv4: string;
    city: string;
    region: string;
    country: string;
    timezone: string;
    org: string;
    asn: { asn: string; name: string; domain: string; route: string; type: string };
  };
  pc_metadata: Array<{
    timestamp: string;
    effective_network_type: string;
    turn_connectivity: boolean;
    relay_connectivity: boolean;
    reflexive_connectivity: boolean;
  }>;
  candidate_pairs: { producing_transport: CandidatePair[]; consuming_transport: CandidatePair[] };
  events: ReportEvent[];
  audio_devices_updates: DeviceUpdate[];
  video_devices_updates: DeviceUpdate[];
  speaker_devices_updates: DeviceUpdate[];
  selected_device_updates: Array<{ timestamp: string; device: Device }>;
}

/** Cloudflare's SFU and TURN addresses, from the TEST-NET-1 documentation range. */
const SFU_ADDRESS_PREFIX = "192.0.2";
const TURN_URL = "turns:turn.cloudflare.com:443?transport=tcp";
/** The pre-call connectivity test finishes a couple of seconds before the peer joins. */
const PRECALL_LEAD_MS = 2600;

const iso = (ms: number): string => new Date(ms).toISOString();

export function identityMetadata(
  session: SessionPlan,
  peer: PeerPlan,
): Pick<
  ReportMetadata,
  "sdk_name" | "sdk_version" | "sdk_type" | "room_view_type" | "device_info" | "browser_metadata" | "native_metadata"
> {
  const d = peer.device;
  return {
    sdk_name: d.sdkName,
    sdk_version: d.sdkVersion,
    sdk_type: d.sdkType,
    room_view_type: session.viewType === "WEBINAR" ? "webinar" : "groupCall",
    device_info: { os: d.os, os_version: d.osVersion, cpus: d.cpus, is_mobile: d.isMobile },
    browser_metadata: d.browser
      ? {
          browser: d.browser.name,
          browser_version: d.browser.version,
          engine: d.browser.engine,
          user_agent: d.browser.userAgent,
          webgl_support: d.browser.webgl,
        }
      : {},
    native_metadata: d.native ? { audio_encoder: d.native.audioEncoder, video_encoder: d.native.videoEncoder } : {},
  };
}

export function ipInformation(peer: PeerPlan): ReportMetadata["ip_information"] {
  const p = peer.place;
  return {
    ipv4: peer.ipv4,
    city: p.city,
    region: p.region,
    country: p.country,
    timezone: p.timezone,
    org: `${p.asn.asn} ${p.asn.name}`,
    asn: { ...p.asn, route: `${p.prefix}.0/24` },
  };
}

export function pcMetadata(peer: PeerPlan): ReportMetadata["pc_metadata"] {
  const n = peer.network;
  return [
    {
      timestamp: iso(firstJoinMs(peer) - PRECALL_LEAD_MS),
      effective_network_type: n.effectiveNetworkType,
      turn_connectivity: n.precall.turn,
      relay_connectivity: n.precall.relay,
      reflexive_connectivity: n.precall.reflexive,
    },
  ];
}

/** One candidate pair per transport; every reconnection builds fresh transports. */
export function candidatePairs(
  peer: PeerPlan,
  transports: readonly TransportTotals[],
): ReportMetadata["candidate_pairs"] {
  const producing: CandidatePair[] = [];
  const consuming: CandidatePair[] = [];
  for (const t of transports) {
    if (t.packetsSent > 0) producing.push(candidatePair(peer, t, "producing"));
    if (t.packetsReceived > 0) consuming.push(candidatePair(peer, t, "consuming"));
  }
  return { producing_transport: producing, consuming_transport: consuming };
}

function candidatePair(peer: PeerPlan, t: TransportTotals, direction: "producing" | "consuming"): CandidatePair {
  const n = peer.network;
  const h = (part: string): number => hashOf(peer.id, direction, t.connectionIndex, part);
  const producing = direction === "producing";
  const meanRttS = t.rttSumMs / Math.max(1, t.samples) / 1000;
  // Consent-freshness STUN checks run every few seconds for the life of the pair.
  const checks = Math.max(1, Math.round((t.lastMs - t.firstMs) / 2500));
  const overhead = 1.06;
  const sentBytes = producing ? Math.round(t.bytesSent * overhead) : Math.round(t.bytesReceived * 0.015);
  const receivedBytes = producing ? Math.round(t.bytesSent * 0.02) : Math.round(t.bytesReceived * overhead);
  const relay = n.localCandidate === "relay";
  const localPort = 49152 + (h("lport") % 16000);
  const local = relay
    ? {
        address: `${SFU_ADDRESS_PREFIX}.${10 + (h("turn") % 20)}`,
        related: peer.ipv4,
        relatedPort: localPort + 7,
        url: TURN_URL,
      }
    : n.localCandidate === "host"
      ? { address: peer.privateIp }
      : { address: peer.ipv4, related: peer.privateIp, relatedPort: localPort };
  return {
    nominated: true,
    current_round_trip_time: round(t.lastConditions.rttMs / 1000, 3),
    total_round_trip_time: round(meanRttS * checks, 3),
    ...(producing ? { available_outgoing_bitrate: Math.round(t.lastConditions.uplinkKbps * 1000) } : {}),
    bytes_sent: sentBytes,
    bytes_received: receivedBytes,
    bytes_discarded_on_send: 0,
    packets_sent: producing ? t.packetsSent : Math.round(t.packetsReceived * 0.02),
    packets_received: producing ? Math.round(t.packetsSent * 0.02) : t.packetsReceived,
    packets_discarded_on_send: 0,
    last_packet_sent_timestamp: t.lastMs + 120,
    last_packet_received_timestamp: t.lastMs + 101,
    local_candidate_id: candidateId(h("lid")),
    local_candidate_type: n.localCandidate,
    local_candidate_address: local.address,
    local_candidate_port: localPort,
    local_candidate_protocol: n.protocol,
    local_candidate_network_type: n.networkType,
    ...("related" in local
      ? { local_candidate_related_address: local.related, local_candidate_related_port: local.relatedPort }
      : {}),
    ...("url" in local ? { local_candidate_url: local.url } : {}),
    remote_candidate_id: candidateId(h("rid")),
    remote_candidate_type: "host",
    remote_candidate_address: `${SFU_ADDRESS_PREFIX}.${100 + (hashOf(peer.sessionId, "sfu") % 50)}`,
    remote_candidate_port: 40000 + (h("rport") % 9000),
    remote_candidate_protocol: "udp",
  };
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Chrome-style 9-character candidate ids. */
function candidateId(seed: number): string {
  let out = "I";
  let x = seed;
  for (let i = 0; i < 8; i++) {
    out += ID_ALPHABET[x % 64];
    x = Math.floor(x / 64) + hashOf(seed, i);
  }
  return out;
}

function device(peer: PeerPlan, kind: string, label: string): Device {
  return { device_id: hexFrom(64, peer.id, kind, label), kind, label };
}

function defaultDevice(kind: string, label: string): Device {
  return { device_id: "default", kind, label: `Default - ${label}` };
}

export interface DeviceHistory {
  audio_devices_updates: DeviceUpdate[];
  video_devices_updates: DeviceUpdate[];
  speaker_devices_updates: DeviceUpdate[];
  selected_device_updates: Array<{ timestamp: string; device: Device }>;
}

export function deviceHistory(peer: PeerPlan, cutoffMs: number): DeviceHistory {
  const d = peer.device;
  const enumerated = iso(firstJoinMs(peer) - PRECALL_LEAD_MS - 3000);
  const mic = device(peer, "audioinput", d.microphone);
  const camera = device(peer, "videoinput", d.camera);
  const speaker = device(peer, "audiooutput", d.speaker);
  const sends = peer.role !== "viewer";
  const history: DeviceHistory = {
    audio_devices_updates: sends
      ? [{ timestamp: enumerated, added: [defaultDevice("audioinput", d.microphone), mic], removed: [] }]
      : [],
    video_devices_updates: sends ? [{ timestamp: enumerated, added: [camera], removed: [] }] : [],
    speaker_devices_updates: [
      { timestamp: enumerated, added: [defaultDevice("audiooutput", d.speaker), speaker], removed: [] },
    ],
    selected_device_updates: [
      ...(sends
        ? [
            { timestamp: enumerated, device: mic },
            { timestamp: enumerated, device: camera },
          ]
        : []),
      { timestamp: enumerated, device: speaker },
    ],
  };
  for (const change of peer.deviceChanges) {
    if (change.atMs > cutoffMs) continue;
    const added = device(peer, change.kind, change.label);
    const update = { timestamp: iso(change.atMs), added: [added], removed: [] };
    if (change.kind === "audioinput") history.audio_devices_updates.push(update);
    else if (change.kind === "videoinput") history.video_devices_updates.push(update);
    else history.speaker_devices_updates.push(update);
    if (change.select) history.selected_device_updates.push({ timestamp: iso(change.atMs + 40), device: added });
  }
  return history;
}

const SELECTED_EVENT: Record<DeviceChange["kind"], string> = {
  audioinput: "selected_microphone_update",
  audiooutput: "selected_speaker_update",
  videoinput: "selected_camera_update",
};

/**
 * The client's timeline as the backend returns it: call_join and precall_end are dropped (their
 * data feeds device_info, ip_information and pc_metadata), the rest keep flat scalar metadata.
 */
export function eventsOf(peer: PeerPlan, cutoffMs: number): ReportEvent[] {
  const events: ReportEvent[] = [];
  const add = (atMs: number, name: string, metadata?: Record<string, Scalar>): void => {
    if (atMs <= cutoffMs)
      events.push(metadata ? { name, timestamp: iso(atMs), metadata } : { name, timestamp: iso(atMs) });
  };
  const join = firstJoinMs(peer);
  const leave = peer.connections.at(-1)?.toMs ?? null;
  const sends = peer.role !== "viewer";

  add(join - PRECALL_LEAD_MS - 4200, "precall_begin");
  if (sends) {
    add(join - PRECALL_LEAD_MS - 3100, "media_permission", { device_type: "audio", permission: "ACCEPTED" });
    add(join - PRECALL_LEAD_MS - 3050, "media_permission", { device_type: "video", permission: "ACCEPTED" });
    toggles(peer.audioOn, join, leave, "audio", add);
    toggles(peer.videoOn, join, leave, "video", add);
  }
  for (const share of peer.screenshare) {
    add(share.fromMs - 1800, "screenshare_start_requested");
    add(share.fromMs, "screenshare_started");
    if (share.toMs !== null && share.toMs !== leave) add(share.toMs, "screenshare_stopped");
  }
  for (const bg of peer.backgrounded) {
    if (peer.device.isMobile) {
      add(bg.fromMs, "browser_backgrounded");
      add(bg.fromMs + 1, "meeting_view_backgrounded");
      if (bg.toMs !== null) add(bg.toMs, "browser_foregrounded");
    } else {
      add(bg.fromMs, "tab_change", { is_meetings_tab_active: false });
      add(bg.fromMs + 1, "meeting_view_backgrounded");
      if (bg.toMs !== null) add(bg.toMs, "tab_change", { is_meetings_tab_active: true });
    }
  }
  peer.connections.forEach((c, i) => {
    const next = peer.connections[i + 1];
    if (c.toMs === null || !next) return;
    add(c.toMs, "disconnect", { reason: "transport_disconnected", network_type: peer.network.networkType });
    // The SDK retries every few seconds until the new transport is up.
    for (let attempt = 1, at = c.toMs + 3000; at < next.fromMs; attempt++, at += 8000) {
      add(at, "reconnect_attempt", { attempt });
    }
  });
  for (const change of peer.deviceChanges) {
    if (change.select)
      add(change.atMs + 40, SELECTED_EVENT[change.kind], {
        device_id: hexFrom(64, peer.id, change.kind, change.label),
        label: change.label,
        kind: change.kind,
      });
  }
  return events.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

function toggles(
  on: readonly Interval[],
  join: number,
  leave: number | null,
  kind: Extract<TrackKind, "audio" | "video">,
  add: (atMs: number, name: string) => void,
): void {
  // The SDK announces the initial state of each track right after joining.
  const startsOn = on.some((i) => i.fromMs <= join + 1000);
  add(join + 220, `${kind}_${startsOn ? "on" : "off"}`);
  for (const i of on) {
    if (i.fromMs > join + 1000) add(i.fromMs, `${kind}_on`);
    if (i.toMs !== null && i.toMs !== leave) add(i.toMs, `${kind}_off`);
  }
}
