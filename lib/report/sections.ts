import type { PeerReport, ReportSection } from "@/lib/realtimekit/types";

/** The parts of a report a caller asked for; the participant and completeness always come along. */
export function pickSections(report: PeerReport, sections: readonly ReportSection[]): Partial<PeerReport> & Pick<PeerReport, "participant" | "completeness"> {
  const want = new Set(sections);
  return {
    participant: report.participant,
    completeness: report.completeness,
    ...(want.has("device") ? { device: report.device, deviceUpdates: report.deviceUpdates } : {}),
    ...(want.has("network") ? { network: report.network, candidatePairs: report.candidatePairs } : {}),
    ...(want.has("precall") ? { precall: report.precall } : {}),
    ...(want.has("events") ? { events: report.events } : {}),
    ...(want.has("quality") ? { tracks: report.tracks, summaries: report.summaries, mosScaleEvident: report.mosScaleEvident } : {}),
  };
}
