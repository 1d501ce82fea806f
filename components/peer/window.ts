import { updateQuery } from "@/lib/url-state";
import { parseIsoUtc } from "@/lib/validations/iso-time";

/** The peer page's time window lives in the URL (`from`/`to`, ISO) so a link reopens the exact view. */

export interface Range {
  start: number;
  end: number;
}

/** The whole call as the charts show it: joined to left, widened to any sample outside that. */
export function callRange(
  presence: Range,
  samples: { firstSampleAt: number | null; lastSampleAt: number | null } | undefined,
): Range {
  return {
    start: Math.min(presence.start, samples?.firstSampleAt ?? presence.start),
    end: Math.max(presence.end, samples?.lastSampleAt ?? presence.end),
  };
}

/**
 * The window a link asks for. Either end may be left out (`?from=…` alone runs to the end of the
 * call); null means the whole call, also when neither end is readable or they leave no time.
 */
export function windowFromParams(
  params: URLSearchParams | { get(k: string): string | null },
  call: Range,
): Range | null {
  const from = parseIsoUtc(params.get("from") ?? "");
  const to = parseIsoUtc(params.get("to") ?? "");
  if (!Number.isFinite(from) && !Number.isFinite(to)) return null;
  const start = Number.isFinite(from) ? from : call.start;
  const end = Number.isFinite(to) ? to : call.end;
  return end > start ? { start, end } : null;
}

export function setWindowInUrl(from: number | null, to: number | null) {
  updateQuery(
    from === null || to === null
      ? { from: null, to: null }
      : { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
  );
}
