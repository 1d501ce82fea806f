import type { HealthLevel } from "@/lib/report/health";

/**
 * The session health API's contract, shared by its route, lib/server/health.ts and the session
 * page's client: how many peers one call checks, and what it answers for each. Without zod (like
 * iso-time.ts), so client code imports it for free.
 */

/** Peers one call to /api/apps/{appId}/sessions/{sessionId}/health may check; the page asks in batches of this. */
export const MAX_PEERS_PER_CHECK = 25;

/** One participant's call health: peerHealth's verdict, or "unknown" with why it could not be judged. */
export interface HealthResult {
  peerId: string;
  level: HealthLevel | "unknown";
  reason: string | null;
  /** Other warn/poor findings besides the one named. */
  more?: number;
  /**
   * Not checked yet: the checks' share of the upstream budget is spent for now. Ask again after
   * this many seconds (the session page's scan waits, then carries on).
   */
  retryAfterS?: number;
}
