import type { Participant } from "@/lib/realtimekit/types";
import { csvCell, windowCell } from "@/lib/report/csv";
import type { Verdict } from "@/lib/report/verdict";
import { badWindow } from "./heatmap";

/**
 * A session's participants with their verdicts from the quality index, one row per participant:
 * what a spreadsheet needs to sort a 1,000-person webinar by how each one's call went, without
 * any report. Cells go through the peer export's csvCell, so upstream text (names, presets, ids)
 * that a spreadsheet would run as a formula is defused (docs/exports.md).
 */

export const SESSION_CSV_HEADER = [
  "peer_id",
  "participant_name",
  "custom_participant_id",
  "preset",
  "joined_at_utc",
  "left_at_utc",
  "time_in_call_s",
  // good, degraded, poor; unknown (checked, no quality samples); not checked (no verdict in the index)
  "level",
  "main_finding",
  "other_findings",
  "sent_worst_loss_pct",
  "received_worst_loss_pct",
  "sent_worst_jitter_ms",
  "received_worst_jitter_ms",
  "sent_worst_rtt_ms",
  "received_worst_rtt_ms",
  // Only when the report shows MOS's scale (docs/quality-index.md), and then as reported.
  "sent_lowest_mos_as_reported",
  "received_lowest_mos_as_reported",
  // First to last degraded or poor 30 s interval, as an ISO 8601 interval "start/end".
  "worst_window_utc",
] as const;

export interface SessionCsvRow {
  participant: Participant;
  /** The participant's current verdict, or undefined when they have not been checked. */
  verdict: Verdict | undefined;
}

export function sessionToCsv(rows: readonly SessionCsvRow[]): string {
  const lines = [SESSION_CSV_HEADER.join(",")];
  for (const { participant: p, verdict: v } of rows) {
    const window = v ? badWindow(v.timeline) : null;
    const cells = [
      p.peerId,
      p.name ?? v?.name ?? null,
      p.customParticipantId,
      p.preset,
      isoOf(p.joinedAt),
      isoOf(p.leftAt),
      timeInCallS(p),
      !v ? "not checked" : v.hasSamples ? v.level : "unknown",
      v?.main?.title ?? null,
      v ? v.others : null,
      round(v?.figures.sent.worstLossPct),
      round(v?.figures.received.worstLossPct),
      round(v?.figures.sent.worstJitterMs),
      round(v?.figures.received.worstJitterMs),
      round(v?.figures.sent.worstRttMs),
      round(v?.figures.received.worstRttMs),
      round(v?.figures.sent.lowestMos),
      round(v?.figures.received.lowestMos),
      window ? windowCell({ from: window.startMs, to: window.endMs }) : null,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** An upstream time as ISO 8601 UTC; empty when it does not parse. */
function isoOf(t: string | null): string | null {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function timeInCallS(p: Participant): number | null {
  if (p.durationS !== null && Number.isFinite(p.durationS)) return Math.round(p.durationS);
  const from = p.joinedAt ? Date.parse(p.joinedAt) : NaN;
  const to = p.leftAt ? Date.parse(p.leftAt) : NaN;
  return Number.isFinite(from) && Number.isFinite(to) && to >= from ? Math.round((to - from) / 1000) : null;
}

/** Two decimals: figures are computed, and 0.30000000000000004 helps nobody. */
function round(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
}
