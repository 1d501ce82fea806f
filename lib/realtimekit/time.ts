/**
 * Upstream times outside these bounds are unreadable like any malformed one: no call happened
 * before 2000, and times near the end of Date's range (+275760-09-13) make every later step (a
 * window padded by a minute, an ISO link, a duration) throw or mislead.
 */
export const EARLIEST_TIME_MS = Date.UTC(2000, 0, 1);
export const LATEST_TIME_MS = Date.UTC(2100, 0, 1);

/** False for NaN too. */
export function plausibleTime(ms: number): boolean {
  return ms >= EARLIEST_TIME_MS && ms < LATEST_TIME_MS;
}

/** How long a peer's statistics may still upload after they left: until then their report can change. */
export const STATS_SETTLE_MS = 5 * 60_000;
