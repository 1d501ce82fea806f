import type { CumulativeSummary, Percentiles, ThresholdFractions } from "@/lib/realtimekit/types";
import { round } from "./tracks";

/**
 * Reads a `*_cumulative` block (docs/upstream.md, "The peer report's shapes"). Its sub-objects
 * carry their thresholds in the key names (`5_or_greater_event_fraction`,
 * `100ms_or_greater_event_fraction`); rtt and jitter_buffer_delay averages are already
 * milliseconds, loss is percent. Returns null for `{}`.
 */
export function readCumulative(raw: Record<string, unknown> | null | undefined): CumulativeSummary | null {
  if (!raw || Object.keys(raw).length === 0) return null;

  // As reported, like the samples' MOS: the scale is undocumented.
  const mos = percentiles(raw.quality_mos);

  const issues: Record<string, number> = {};
  if (isRecord(raw.issues)) {
    for (const [k, v] of Object.entries(raw.issues)) if (isNum(v)) issues[k] = v;
  }
  const other: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) if (isNum(v)) other[k] = v;

  const summary: CumulativeSummary = {
    mos,
    lossPct: fractions(raw.packet_loss),
    rttMs: fractions(raw.rtt),
    jitterBufferMs: fractions(raw.jitter_buffer_delay),
    fps: percentiles(raw.frame_per_second ?? raw.frames_per_second),
    frameWidthPx: percentiles(raw.frame_width),
    issues,
    other,
  };
  const empty = Object.entries(summary).every(
    ([, v]) => v === null || (typeof v === "object" && Object.keys(v).length === 0),
  );
  return empty ? null : summary;
}

function percentiles(v: unknown): Percentiles | null {
  if (!isRecord(v)) return null;
  const p = { avg: numOrNull(v.avg), p50: numOrNull(v.p50), p75: numOrNull(v.p75), p90: numOrNull(v.p90) };
  return Object.values(p).some((x) => x !== null) ? p : null;
}

const THRESHOLD_KEY = /^(\d+(?:\.\d+)?)(?:ms)?_or_greater_event_fraction$/;

function fractions(v: unknown): ThresholdFractions | null {
  if (!isRecord(v)) return null;
  const atOrAbove: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    const m = THRESHOLD_KEY.exec(k);
    if (m?.[1] && isNum(x)) atOrAbove[m[1]] = round(x, 4);
  }
  const avg = numOrNull(v.avg);
  return avg === null && Object.keys(atOrAbove).length === 0
    ? null
    : { avg: avg === null ? null : round(avg, 2), atOrAbove };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function isNum(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function numOrNull(v: unknown): number | null {
  return isNum(v) ? v : null;
}
