import type { Session } from "@/lib/realtimekit/types";

/**
 * The sessions list's quality column: a session's participants' verdicts from the quality index,
 * counted by level (docs/quality-index.md), and the words the column shows for them.
 */

/** Counts of a session's current verdicts; `unknown` is a report without quality samples. */
export interface SessionQuality {
  checked: number;
  poor: number;
  degraded: number;
  good: number;
  unknown: number;
}

/** A sessions list row: the session and its quality from the index (null: not checked). */
export type SessionWithQuality = Session & { quality: SessionQuality | null };

export interface QualitySummary {
  text: string;
  /** The badge's level: the worst checked; "unknown" when none is known bad or all good; null when not checked. */
  level: "poor" | "degraded" | "good" | "unknown" | null;
}

/**
 * Worst first: "2 poor · 1 degraded of 6"; nothing bad: "all 4 good" when everyone was checked and
 * was good, "3 of 6 checked" otherwise; "not checked" without any verdict. `participants` is the
 * session's participant count when known (its peak), never taken below the number checked.
 */
export function summarizeSessionQuality(q: SessionQuality | null, participants: number | null): QualitySummary {
  if (!q || q.checked <= 0) return { text: "not checked", level: null };
  const n = participants !== null && Number.isFinite(participants) ? Math.max(participants, q.checked) : null;
  const bad = [q.poor ? `${q.poor} poor` : "", q.degraded ? `${q.degraded} degraded` : ""].filter(Boolean);
  if (bad.length) {
    const of = n === null ? `of ${q.checked} checked` : `of ${n}`;
    return { text: `${bad.join(" · ")} ${of}`, level: q.poor ? "poor" : "degraded" };
  }
  const allGood = q.good === q.checked;
  if (allGood && n !== null && q.checked >= n) return { text: `all ${n} good`, level: "good" };
  const text = n === null ? `${q.checked} checked` : `${q.checked} of ${n} checked`;
  return { text, level: allGood ? "good" : "unknown" };
}
