import type { PeerReport, ReportSection, Track } from "@/lib/realtimekit/types";

/** The parts of a report a caller asked for; the participant and completeness always come along. */
export function pickSections(
  report: PeerReport,
  sections: readonly ReportSection[],
): Partial<PeerReport> & Pick<PeerReport, "participant" | "completeness"> {
  const want = new Set(sections);
  return {
    participant: report.participant,
    completeness: report.completeness,
    ...(want.has("device") ? { device: report.device, deviceUpdates: report.deviceUpdates } : {}),
    ...(want.has("network") ? { network: report.network, candidatePairs: report.candidatePairs } : {}),
    ...(want.has("precall") ? { precall: report.precall } : {}),
    ...(want.has("events") ? { events: report.events } : {}),
    ...(want.has("quality")
      ? { tracks: report.tracks, summaries: report.summaries, mosScaleEvident: report.mosScaleEvident }
      : {}),
  };
}

/** A time window in epoch ms, ends included; a null end is open (the page's `?from=` alone). */
export interface ExportWindow {
  from: number | null;
  to: number | null;
}

/**
 * The report as seen in a time window: samples, events and device changes inside it, sampling gaps
 * that overlap it. What has no time (device, network, pre-call test, candidate pairs) and
 * RealtimeKit's own summaries, which cover the whole call, stay whole.
 */
export function windowOf(report: PeerReport, window: ExportWindow): PeerReport {
  const from = window.from ?? -Infinity;
  const to = window.to ?? Infinity;
  const inside = (t: number) => t >= from && t <= to;
  const overlaps = (g: { from: number; to: number }) => g.to >= from && g.from <= to;
  const tracks: Track[] = [];
  for (const tr of report.tracks) {
    const keep: number[] = [];
    tr.t.forEach((t, i) => {
      if (inside(t)) keep.push(i);
    });
    if (keep.length === 0) continue;
    const pick = <T>(col: readonly T[]) => keep.map((i) => col[i] as T);
    tracks.push({
      ...tr,
      t: pick(tr.t),
      metrics: Object.fromEntries(Object.entries(tr.metrics).map(([k, col]) => [k, pick(col)])),
      qualityLimitation: tr.qualityLimitation ? pick(tr.qualityLimitation) : null,
      gaps: tr.gaps.filter(overlaps),
    });
  }
  const first = tracks.length ? Math.min(...tracks.map((tr) => tr.t[0] as number)) : null;
  const last = tracks.length ? Math.max(...tracks.map((tr) => tr.t[tr.t.length - 1] as number)) : null;
  return {
    ...report,
    tracks,
    events: report.events.filter((e) => inside(e.t)),
    deviceUpdates: report.deviceUpdates.filter((u) => inside(u.t)),
    completeness: {
      ...report.completeness,
      firstSampleAt: first,
      lastSampleAt: last,
      gaps: report.completeness.gaps.filter(overlaps),
    },
  };
}
