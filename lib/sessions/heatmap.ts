import type { Verdict } from "@/lib/report/verdict";
import { HEATMAP_MAX_ROWS, type SessionHeatmap } from "@/lib/validations/session-quality";

/**
 * A session's participants × time heatmap from their verdicts alone (docs/quality-index.md,
 * "Session heatmap and exports"): every timeline is on the verdicts' shared 30 s epoch grid, so a
 * column means the same 30 s for everyone. Typed arrays and one string per row, no object per
 * cell: 1,000 participants × 480 columns is half a million characters read once or twice.
 */

/**
 * Most columns drawn: two days of 30 s intervals. A session lasts hours; a timeline that reaches
 * further (a clock far off on one device) is cut rather than stretching every row.
 */
export const HEATMAP_MAX_INTERVALS = 5_760;

const DASH = 45; // "-"
const G = 103; // "g"
const D = 100; // "d"
const P = 112; // "p"
const LEVEL_CHAR = ["-", "g", "d", "p"] as const;

/** A timeline character's rank: none 0, good 1, degraded 2, poor 3. */
function rankOf(code: number): number {
  return code === P ? 3 : code === D ? 2 : code === G ? 1 : 0;
}

/** Poor and degraded columns of a timeline: the heatmap's (and the session summary's) order of who was worst. */
export function badColumns(levels: string): { poor: number; degraded: number } {
  let poor = 0;
  let degraded = 0;
  for (let i = 0; i < levels.length; i++) {
    const c = levels.charCodeAt(i);
    if (c === P) poor++;
    else if (c === D) degraded++;
  }
  return { poor, degraded };
}

/** Worst first: most poor columns, then most degraded, then peer id (stable for equal timelines). */
export function compareWorst(
  a: { peerId: string; poor: number; degraded: number },
  b: { peerId: string; poor: number; degraded: number },
): number {
  return b.poor - a.poor || b.degraded - a.degraded || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0);
}

/** Null when no verdict has a sampled timeline (nobody with samples checked yet). */
export function buildHeatmap(verdicts: readonly Verdict[]): SessionHeatmap | null {
  const drawn = verdicts.filter((v) => v.timeline.startMs !== null && v.timeline.levels.length > 0);
  const first = drawn[0];
  if (!first) return null;
  const stepS = first.timeline.stepS;
  const stepMs = stepS * 1000;
  // Every verdict uses the same step (VERDICT_STEP_S); one that does not cannot share columns.
  const rows = drawn.filter((v) => v.timeline.stepS === stepS);
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const v of rows) {
    const s = Math.floor((v.timeline.startMs as number) / stepMs) * stepMs;
    startMs = Math.min(startMs, s);
    endMs = Math.max(endMs, s + v.timeline.levels.length * stepMs);
  }
  const intervals = Math.min(HEATMAP_MAX_INTERVALS, Math.round((endMs - startMs) / stepMs));

  const sampled = new Array<number>(intervals).fill(0);
  const degraded = new Array<number>(intervals).fill(0);
  const poor = new Array<number>(intervals).fill(0);
  const ranked = rows.map((v) => {
    const offset = Math.round((Math.floor((v.timeline.startMs as number) / stepMs) * stepMs - startMs) / stepMs);
    const levels = v.timeline.levels;
    let p = 0;
    let d = 0;
    const n = Math.min(levels.length, intervals - offset);
    for (let i = 0; i < n; i++) {
      const c = levels.charCodeAt(i);
      if (c === DASH) continue;
      const col = offset + i;
      sampled[col] = (sampled[col] ?? 0) + 1;
      if (c === P) {
        poor[col] = (poor[col] ?? 0) + 1;
        p++;
      } else if (c === D) {
        degraded[col] = (degraded[col] ?? 0) + 1;
        d++;
      }
    }
    return { v, offset, peerId: v.peerId, poor: p, degraded: d };
  });
  ranked.sort(compareWorst);

  const rebase = (r: (typeof ranked)[number]) => {
    const lead = Math.min(r.offset, intervals);
    const own = r.v.timeline.levels.slice(0, intervals - lead);
    return "-".repeat(lead) + own + "-".repeat(intervals - lead - own.length);
  };
  const shown = ranked.slice(0, HEATMAP_MAX_ROWS);
  const others = ranked.slice(HEATMAP_MAX_ROWS);
  let rest: SessionHeatmap["rest"] = null;
  if (others.length) {
    const worst = new Uint8Array(intervals);
    for (const r of others) {
      const levels = r.v.timeline.levels;
      const n = Math.min(levels.length, intervals - r.offset);
      for (let i = 0; i < n; i++) {
        const rank = rankOf(levels.charCodeAt(i));
        if (rank > (worst[r.offset + i] as number)) worst[r.offset + i] = rank;
      }
    }
    let levels = "";
    for (let i = 0; i < intervals; i++) levels += LEVEL_CHAR[worst[i] as number];
    rest = { count: others.length, levels };
  }

  return {
    startMs,
    stepS,
    intervals,
    share: { sampled, degraded, poor },
    rows: shown.map((r) => ({ peerId: r.peerId, name: r.v.name, level: r.v.level, levels: rebase(r) })),
    rest,
  };
}

/**
 * A timeline's bad stretch: from the start of its first degraded or poor interval to the end of its
 * last (epoch ms), or null when none was. What the session export and summary call the worst window.
 */
export function badWindow(timeline: Verdict["timeline"]): { startMs: number; endMs: number } | null {
  const { startMs, stepS, levels } = timeline;
  if (startMs === null) return null;
  let first = -1;
  let last = -1;
  for (let i = 0; i < levels.length; i++) {
    const c = levels.charCodeAt(i);
    if (c !== P && c !== D) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? null : { startMs: startMs + first * stepS * 1000, endMs: startMs + (last + 1) * stepS * 1000 };
}
