import type { HealthLevel } from "@/lib/report/health";
import type { HealthResult } from "./health";

/**
 * The contracts of the session triage APIs (docs/quality-index.md), shared by their routes and the
 * pages that call them. Types and constants only, so client code imports them for free.
 */

/** The health API's answer: results, and the scan share's state so the page can pace itself. */
export interface HealthResponse {
  results: HealthResult[];
  scan: ScanBudgetState;
}

/** The share of the upstream budget that checks may spend (INSPECTOR_SCAN_SHARE_PCT of the token's limit). */
export interface ScanBudgetState {
  /** Upstream requests checks may send per window. */
  limit: number;
  windowMs: number;
  /** Requests checks sent in the current window. */
  used: number;
  /** Seconds until checks may send again, when the share is spent; null otherwise. */
  retryAfterS: number | null;
}

/** Most participants drawn as rows of their own in a session heatmap; the rest are one aggregated row. */
export const HEATMAP_MAX_ROWS = 60;

/**
 * Participants × time, coloured by level, from the index. Every timeline is on one 30 s grid of
 * epoch time (the verdict's), so columns line up across participants.
 */
export interface SessionHeatmap {
  /** Epoch ms of the first column; a multiple of stepS × 1000. */
  startMs: number;
  stepS: number;
  /** Number of columns. */
  intervals: number;
  /** Per column: checked participants with samples in it, and how many of them were degraded / poor. */
  share: { sampled: number[]; degraded: number[]; poor: number[] };
  /**
   * The worst participants first (most poor columns, then most degraded), at most HEATMAP_MAX_ROWS:
   * `levels` has one character per column (g, d, p, or - without samples).
   */
  rows: { peerId: string; name: string | null; level: HealthLevel; levels: string }[];
  /** Everyone checked beyond `rows`, as one row: per column the worst level among them. */
  rest: { count: number; levels: string } | null;
}

/** GET /api/apps/{appId}/sessions/{sessionId}/quality: reads the index only. */
export interface SessionQualityResponse {
  /** Every participant of the session with a current verdict, as the health API would answer for them. */
  results: HealthResult[];
  /** Null until a participant with samples has been checked. */
  heatmap: SessionHeatmap | null;
}
