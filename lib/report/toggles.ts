import type { ClientEvent } from "@/lib/realtimekit/types";

/** Microphone and camera state from the client's events, shared by the findings and the charts. */

export interface Interval {
  from: number;
  to: number;
}

/** Stretches between an "off" event and the next "on" event (or forever). */
export function offIntervals(events: readonly ClientEvent[], offName: string, onName: string): Interval[] {
  const out: Interval[] = [];
  let from: number | null = null;
  for (const e of events) {
    if (e.name === offName && from === null) from = e.t;
    else if (e.name === onName && from !== null) {
      out.push({ from, to: e.t });
      from = null;
    }
  }
  if (from !== null) out.push({ from, to: Infinity });
  return out;
}
