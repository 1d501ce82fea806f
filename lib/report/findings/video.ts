import { formatDuration, formatNumber, formatUtc } from "@/lib/format";
import { TRACK_KEYS, type Track, type TrackKey } from "@/lib/realtimekit/types";
import { bandRule, type SpanRule } from "../episodes";
import { describeTracks, formatValue, trackLabel } from "../vocabulary";
import { bandEpisodes, episodeCount, totalS, unionEpisodes, worstPeak, type TrackEpisode } from "./track-episodes";
import type { Ctx, Draft } from "./types";

/** Resolution and sender limitations (video). */

function shortSide(track: Track): (number | null)[] | null {
  const w = track.metrics.frameWidthPx;
  const h = track.metrics.frameHeightPx;
  if (!h && !w) return null;
  // Phones send portrait video; the short side is what "360p" means either way.
  return track.t.map((_, i) => {
    const a = w?.[i] ?? null;
    const b = h?.[i] ?? null;
    return a === null ? b : b === null ? a : Math.min(a, b);
  });
}

function resolutionFinding(ctx: Ctx, send: boolean): Draft | null {
  const { dropBelowPx, cameraBelowPx, recoverAtPx } = ctx.t.resolution;
  const items: TrackEpisode[] = [];
  const group: Track[] = [];
  const before = new Map<TrackKey, number>();
  for (const tr of ctx.report.tracks) {
    if (tr.kind !== "video" || (tr.direction === "send") !== send) continue;
    const px = shortSide(tr);
    if (!px) continue;
    group.push(tr);
    // A drop needs something to drop from: the best resolution seen before each sample.
    const bestBefore = new Array<number>(px.length);
    let best = 0;
    for (let i = 0; i < px.length; i++) {
      bestBefore[i] = best;
      best = Math.max(best, px[i] ?? 0);
    }
    const camera = !tr.screenshare;
    const dropped = (i: number) => (bestBefore[i] as number) >= dropBelowPx;
    const rule: SpanRule = {
      on: (v, i) => v < dropBelowPx && (dropped(i) || (camera && v < cameraBelowPx)),
      off: (v, i) => (dropped(i) ? v >= Math.min(recoverAtPx, bestBefore[i] as number) : v >= cameraBelowPx),
      worse: (a, b) => a < b,
    };
    for (const e of bandEpisodes(ctx, tr, px, rule, { ...rule, on: () => false })) {
      items.push({ ...e, severity: "warn" });
      const from = e.span ? (bestBefore[e.span.startIdx] ?? 0) : 0;
      if (from > 0) before.set(tr.key, Math.max(before.get(tr.key) ?? 0, from));
    }
  }
  if (items.length === 0) return null;
  const episodes = unionEpisodes(items, group, ctx.t.mergeGapS, "lower", "px");
  const keys = TRACK_KEYS.filter((k) => items.some((e) => e.track === k));
  const peak = worstPeak(items, "lower")?.peak ?? NaN;
  const evidence: string[] = [];
  for (const k of keys) {
    const w = worstPeak(
      items.filter((e) => e.track === k),
      "lower",
    );
    if (!w || w.peak === null) continue;
    const from = before.get(k);
    evidence.push(
      `${trackLabel(k)}: down to ${formatValue(w.peak, "px")}` +
        (from ? ` from ${formatValue(from, "px")}` : "") +
        ` (short side) at ${formatUtc(w.peakAt ?? w.start, false)}`,
    );
  }
  evidence.push(episodeCount(episodes));
  return {
    rule: "resolution",
    severity: "warn",
    title:
      `Video resolution ${before.size ? "dropped" : "low"}, ` +
      `down to ${formatValue(peak, "px")} (${describeTracks(keys)})`,
    detail: send
      ? "The video this participant sent fell to a low resolution, so they looked blurry to others. " +
        "WebRTC lowers resolution when the CPU or the uplink cannot keep up (see those findings)."
      : "Video reaching this participant was low resolution, so others looked blurry to them. " +
        "The sender may have lowered it (check their report), " +
        "or the server sent a lower layer because this participant's downlink was short.",
    threshold:
      `short side < ${dropBelowPx} px after being higher (off at ≥ ${recoverAtPx} px or the earlier level), ` +
      `or a camera below ${cameraBelowPx} px all along, for ≥ ${formatNumber(ctx.t.minDurationS, 1)} s`,
    episodes,
    tracks: keys,
    evidence,
  };
}

/** Resolution drops, sending then receiving. */
export function resolutionFindings(ctx: Ctx): Draft[] {
  const out: Draft[] = [];
  for (const send of [true, false]) {
    const d = resolutionFinding(ctx, send);
    if (d) out.push(d);
  }
  return out;
}

/** Video senders held back by CPU or bandwidth (WebRTC's quality_limitation_reason). */
export function limitationFinding(ctx: Ctx, reason: "cpu" | "bandwidth"): Draft | null {
  const items: TrackEpisode[] = [];
  const group: Track[] = [];
  for (const tr of ctx.report.tracks) {
    if (!tr.qualityLimitation) continue;
    group.push(tr);
    const values = tr.qualityLimitation.map((q) => (q === null ? null : q === reason ? 1 : 0));
    const rule = bandRule("higher", true, 1, 1);
    for (const e of bandEpisodes(ctx, tr, values, rule, { ...rule, on: () => false }))
      items.push({ ...e, peak: null, severity: "warn" });
  }
  if (items.length === 0) return null;
  const episodes = unionEpisodes(items, group, ctx.t.mergeGapS, null, null);
  const keys = TRACK_KEYS.filter((k) => items.some((e) => e.track === k));
  const evidence: string[] = [];
  // What the limitation cost, from the same samples: lowest frame rate and resolution inside it.
  for (const tr of group) {
    const k = tr.key;
    if (!keys.includes(k)) continue;
    const px = shortSide(tr);
    let minFps = Infinity;
    let minPx = Infinity;
    for (const e of items) {
      if (e.track !== k || !e.span) continue;
      for (let i = e.span.startIdx; i <= e.span.endIdx; i++) {
        const f = tr.metrics.fps?.[i];
        const p = px?.[i];
        if (f !== null && f !== undefined) minFps = Math.min(minFps, f);
        if (p !== null && p !== undefined) minPx = Math.min(minPx, p);
      }
    }
    const parts = [
      Number.isFinite(minFps) ? `frame rate down to ${formatValue(minFps, "fps")}` : null,
      Number.isFinite(minPx) ? `resolution down to ${formatValue(minPx, "px")} (short side)` : null,
    ].filter(Boolean);
    evidence.push(`${trackLabel(k)}: ${reason}-limited${parts.length ? `; ${parts.join(", ")}` : ""}`);
  }
  evidence.push(episodeCount(episodes));
  const total = formatDuration(totalS(episodes));
  return {
    rule: reason,
    severity: "warn",
    title:
      reason === "cpu"
        ? `Video sending limited by CPU for ${total} (${describeTracks(keys)})`
        : `Video sending limited by bandwidth for ${total} (${describeTracks(keys)})`,
    detail:
      reason === "cpu"
        ? "The browser's encoder could not keep up, " +
          "so WebRTC cut the resolution and frame rate of the video this participant sent. " +
          "Usually an old or busy machine: screen sharing, many tabs, background blur or other heavy apps."
        : "WebRTC reduced the video this participant sent " +
          "because its estimate of their upload bandwidth was too low. Usually a weak or shared uplink; " +
          "the loss and RTT findings show whether the network was also dropping packets.",
    threshold: `quality_limitation_reason "${reason}" for ≥ ${formatNumber(ctx.t.minDurationS, 1)} s`,
    episodes,
    tracks: keys,
    evidence,
  };
}
