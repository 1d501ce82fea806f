import type { Completeness, Gap, TrackKey } from "@/lib/realtimekit/types";
import { round } from "@/lib/realtimekit/tracks";

/** The outages in completeness gaps: one per stretch, with every track that went silent in it. */
export function outages(gaps: Completeness["gaps"]): (Gap & { tracks: TrackKey[] })[] {
  const merged: (Gap & { tracks: TrackKey[] })[] = [];
  for (const g of [...gaps].sort((a, b) => a.from - b.from)) {
    const last = merged[merged.length - 1];
    if (last && g.from <= last.to) {
      if (g.to > last.to) Object.assign(last, { to: g.to, durationS: round((g.to - last.from) / 1000, 1) });
      if (!last.tracks.includes(g.track)) last.tracks.push(g.track);
    } else merged.push({ from: g.from, to: g.to, durationS: g.durationS, tracks: [g.track] });
  }
  return merged;
}
