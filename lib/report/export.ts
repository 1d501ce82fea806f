import type { PeerReport } from "@/lib/realtimekit/types";
import type { Finding } from "./findings";
import { windowOf, type ExportWindow } from "./sections";

/**
 * The JSON download of a peer: the report cut to the window the page showed, the findings the page
 * showed, and notes saying what each part covers, so the file explains itself in a ticket.
 */
export interface PeerExport {
  peerId: string;
  participantName: string | null;
  /** ISO times; null for the whole call, a null end for an open one (`?from=` alone). */
  window: { from: string | null; to: string | null } | null;
  notes: string[];
  /** Judged on the whole call, as on the page: a window cuts the view, not the evidence. */
  findings: { scope: "whole call"; items: Finding[] };
  report: PeerReport;
}

export function peerExport(report: PeerReport, findings: Finding[], window: ExportWindow | null): PeerExport {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    peerId: report.participant.peerId,
    participantName: report.participant.name,
    window: window ? { from: iso(window.from), to: iso(window.to) } : null,
    notes: [
      window
        ? "report.tracks, report.events and report.deviceUpdates hold what falls inside window; " +
          "device, network, pre-call test, candidate pairs, completeness counts and RealtimeKit's own summaries " +
          "(report.summaries) cover the whole call."
        : "Everything covers the whole call.",
      "findings are judged on the whole call, as the page shows them.",
      "MOS values are as RealtimeKit reported them; their scale is undocumented" +
        (report.mosScaleEvident ? " (values above 1 suggest 1-5)" : " and nothing in this report shows it") +
        ".",
    ],
    findings: { scope: "whole call", items: findings },
    report: window ? windowOf(report, window) : report,
  };
}
