import { formatNumber, formatUtcRange } from "@/lib/format";
import { capitalise, trackLabel } from "../vocabulary";
import { summaryFigures } from "./empty-media";
import type { Ctx, Draft } from "./types";

/** What the report lacks: missing sections, samples not covering the stay, samples dropped. */

const SECTION_NAME = {
  device: "device info",
  network: "network info",
  precall: "pre-call test",
  events: "client events",
  quality: "quality samples",
} as const;

/** Shortfalls at either end of the call shorter than this are just the first and last intervals. */
const COVERAGE_SLACK_MS = 60_000;

export function completenessFinding(ctx: Ctx): Draft | null {
  const c = ctx.report.completeness;
  const lacking: string[] = [];
  const evidence: string[] = [];
  for (const [section, state] of Object.entries(c.sections) as [keyof typeof SECTION_NAME, string][]) {
    if (state === "present") continue;
    lacking.push(`${SECTION_NAME[section]} ${state}`);
    const name = capitalise(SECTION_NAME[section]);
    evidence.push(
      state === "missing"
        ? `${name}: not in the report`
        : state === "unreadable"
          ? `${name}: ${formatNumber(c.receivedSamples)} uploaded, ` +
            "none with a readable time (unparseable or out of range), so none can be placed on the time axis"
          : `${name}: present but empty${section === "quality" ? " (every series has no samples)" : ""}`,
    );
  }
  if (c.sections.quality === "present") {
    // Tracks whose series is missing but whose summary came: only averages for them.
    for (const sm of ctx.report.summaries) {
      if (sm.series === "present") continue;
      evidence.push(
        `${trackLabel(sm.key)}: no time series (${sm.series}), only RealtimeKit's summary: ` +
          `${summaryFigures(sm.cumulative, ctx.report.mosScaleEvident)}`,
      );
    }
  }
  if (c.firstSampleAt !== null && c.lastSampleAt !== null && ctx.callStart !== null && ctx.callEnd !== null) {
    if (c.firstSampleAt - ctx.callStart > COVERAGE_SLACK_MS || ctx.callEnd - c.lastSampleAt > COVERAGE_SLACK_MS) {
      lacking.push("samples cover part of the call");
      evidence.push(
        `Quality samples cover ${formatUtcRange(c.firstSampleAt, c.lastSampleAt)} ` +
          `of a stay ${formatUtcRange(ctx.callStart, ctx.callEnd)}`,
      );
    }
  }
  // When every sample was unreadable the section line above already says so.
  if (c.droppedSamples > 0 && c.sections.quality !== "unreadable")
    evidence.push(`${formatNumber(c.droppedSamples)} samples dropped: unreadable timestamp`);
  if (c.duplicateSamples > 0)
    evidence.push(
      `${formatNumber(c.duplicateSamples)} samples dropped: another sample in the same series had the same timestamp`,
    );
  if (c.legacyShape) {
    lacking.push("legacy report");
    evidence.push("Pre-2026 report shape: receive-side stats only, no send-side quality");
  }
  if (ctx.mutedBy === "heuristic")
    evidence.push("No mute events: muted microphone stretches were inferred from MOS 1 at comfort-noise bitrate");
  if (evidence.length === 0) return null;
  return {
    rule: "completeness",
    severity: "info",
    title: lacking.length
      ? `Incomplete data: ${lacking.join(", ")}`
      : `Data caveats: ${formatNumber(c.droppedSamples + c.duplicateSamples)} samples dropped`,
    detail:
      "Findings only cover the data the report holds; " +
      "anything missing here could hide a problem (or the absence of one).",
    threshold: "any report section missing or empty, samples not covering the stay, or samples dropped",
    episodes: [],
    tracks: [],
    evidence,
  };
}
