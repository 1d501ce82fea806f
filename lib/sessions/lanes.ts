import type { Participant } from "@/lib/realtimekit/types";

/**
 * When each participant was in the call, from their peer events (join/leave pairs), for the
 * session timeline. Pure: the clock comes in as `now`.
 */

export interface Interval {
  start: number;
  end: number;
}

export interface Lane {
  peerId: string;
  name: string;
  intervals: Interval[];
  /** Still in the call (the last interval ends at `now`): only in a live session. */
  open: boolean;
  /** Times away between intervals: drops and rejoins. */
  gaps: Interval[];
}

export interface LaneOptions {
  sessionEndedAt: string | null;
  /**
   * Whether the session is live. Only then can a participant without a leave time still be in it;
   * in an ended one the leave time was just not reported (even when the session's end is missing too).
   */
  live: boolean;
  now: number;
}

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

export function lane(p: Participant, opts: LaneOptions): Lane {
  const joined = ms(p.joinedAt);
  const byDuration = Number.isFinite(joined) && p.durationS !== null ? joined + p.durationS * 1000 : NaN;
  // Without a leave time: now while live; else the session's end, else join + time in call, else
  // nothing beyond the join (an unknown end is not drawn as time in the call).
  const fallbackEnd =
    [ms(p.leftAt), opts.live ? opts.now : NaN, ms(opts.sessionEndedAt), byDuration].find(Number.isFinite) ?? -Infinity;
  const stillIn = !p.leftAt && opts.live;
  const intervals: Interval[] = [];
  let openStart: number | null = null;

  for (const e of p.peerEvents ?? []) {
    const t = ms(e.at);
    if (!Number.isFinite(t)) continue;
    if (e.kind === "joining" && openStart === null) openStart = t;
    else if (e.kind === "leaving" && openStart !== null) {
      intervals.push({ start: openStart, end: Math.max(openStart, t) });
      openStart = null;
    }
  }
  let open = false;
  if (openStart !== null) {
    intervals.push({ start: openStart, end: Math.max(openStart, fallbackEnd) });
    open = stillIn;
  }
  // Without usable peer events, the participant's own join and leave times are all we have.
  if (intervals.length === 0 && Number.isFinite(joined)) {
    intervals.push({ start: joined, end: Math.max(joined, fallbackEnd) });
    open = stillIn;
  }

  const gaps: Interval[] = [];
  for (let i = 1; i < intervals.length; i++) {
    const prev = intervals[i - 1] as Interval;
    const cur = intervals[i] as Interval;
    if (cur.start > prev.end) gaps.push({ start: prev.end, end: cur.start });
  }
  return { peerId: p.peerId, name: p.name ?? p.customParticipantId ?? p.peerId, intervals, open, gaps };
}

/** How many were in the call over time, as steps: for sessions too large to draw lane by lane. */
export function concurrency(lanes: Lane[]): { t: number; count: number }[] {
  const edges: [number, number][] = [];
  for (const l of lanes) for (const i of l.intervals) edges.push([i.start, 1], [i.end, -1]);
  // Leaves before joins at the same instant, so a rejoin does not double-count.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: { t: number; count: number }[] = [];
  let count = 0;
  for (const [t, d] of edges) {
    count += d;
    const last = out[out.length - 1];
    if (last && last.t === t) last.count = count;
    else out.push({ t, count });
  }
  return out;
}
