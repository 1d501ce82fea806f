import { METRICS, type Metric, type PeerReport } from "@/lib/realtimekit/types";
import type { ExportWindow } from "./sections";

/**
 * CSV export of a peer report: one row per sample of each track, one column per metric, units in
 * the headers. Every row names the peer, the participant and the window exported, so rows pasted
 * elsewhere (or several exports concatenated) still say where they came from. Format and escaping
 * rules: docs/exports.md.
 */

const HEADERS: Record<Metric, string> = {
  bitrateKbps: "bitrate_kbps",
  packets: "packets",
  packetsLost: "packets_lost",
  lossPct: "loss_pct",
  jitterMs: "jitter_ms",
  rttMs: "rtt_ms",
  // As RealtimeKit reported it: the scale is undocumented, so the header says so and names none.
  mos: "mos_as_reported_scale_undocumented",
  jitterBufferMs: "jitter_buffer_ms",
  concealmentEvents: "concealment_events",
  fps: "frames_per_second",
  frameWidthPx: "frame_width_px",
  frameHeightPx: "frame_height_px",
  framesDropped: "frames_dropped",
};

export const CSV_HEADER = [
  "peer_id",
  "participant_name",
  "window_utc",
  "timestamp_utc",
  "track",
  "kind",
  "direction",
  ...METRICS.map((m) => HEADERS[m]),
  "quality_limitation",
] as const;

/** `window_utc`: an ISO 8601 interval ("start/end"; an open end is ".."), or "whole call". */
export function windowCell(window: ExportWindow | null): string {
  if (!window) return "whole call";
  const end = (ms: number | null) => (ms === null ? ".." : new Date(ms).toISOString());
  return `${end(window.from)}/${end(window.to)}`;
}

/** The report as CSV; give a report already cut to `window` (windowOf) and say which window it was. */
export function reportToCsv(report: PeerReport, window: ExportWindow | null = null): string {
  const lines = [CSV_HEADER.join(",")];
  const who = [report.participant.peerId, report.participant.name, windowCell(window)];
  for (const track of report.tracks) {
    for (let i = 0; i < track.t.length; i++) {
      const cells = [
        ...who,
        new Date(track.t[i] as number).toISOString(),
        track.key,
        track.kind,
        track.direction,
        ...METRICS.map((m) => track.metrics[m]?.[i]),
        track.qualityLimitation?.[i] ?? null,
      ];
      lines.push(cells.map(csvCell).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** Spreadsheets run a cell starting with one of these as a formula (or DDE command). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Numbers are ours (computed, never upstream text) and stay numbers, negative ones
 * included. Every string may come from the upstream (names, ids, track keys alike), so a string
 * that a spreadsheet would run as a formula gets a leading apostrophe, shown as text, whatever
 * follows it: "-2+3+cmd|…" and "-12.5" alike. Quoted where the CSV syntax needs it, or when defused.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const defused = FORMULA_START.test(v);
  const safe = defused ? `'${v}` : v;
  return defused || /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
