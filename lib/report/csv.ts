import { METRICS, type Metric, type PeerReport } from "@/lib/realtimekit/types";

/** CSV export of a peer report: one row per sample of each track, one column per metric, units in the headers. */

const HEADERS: Record<Metric, string> = {
  bitrateKbps: "bitrate_kbps",
  packets: "packets",
  packetsLost: "packets_lost",
  lossPct: "loss_pct",
  jitterMs: "jitter_ms",
  rttMs: "rtt_ms",
  mos: "mos_1_to_5",
  jitterBufferMs: "jitter_buffer_ms",
  concealmentEvents: "concealment_events",
  fps: "frames_per_second",
  frameWidthPx: "frame_width_px",
  frameHeightPx: "frame_height_px",
  framesDropped: "frames_dropped",
};

export function reportToCsv(report: PeerReport): string {
  const header = ["timestamp_utc", "track", "kind", "direction", ...METRICS.map((m) => HEADERS[m]), "quality_limitation"];
  const lines = [header.join(",")];
  for (const track of report.tracks) {
    for (let i = 0; i < track.t.length; i++) {
      const cells = [
        new Date(track.t[i] as number).toISOString(),
        track.key,
        track.kind,
        track.direction,
        ...METRICS.map((m) => {
          const v = track.metrics[m]?.[i];
          return v === null || v === undefined ? "" : String(v);
        }),
        track.qualityLimitation?.[i] ?? "",
      ];
      lines.push(cells.map(csvCell).join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** Quotes where needed, and defuses spreadsheet formulas (a cell starting = + - @). */
export function csvCell(v: string): string {
  const safe = /^[=+\-@]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
