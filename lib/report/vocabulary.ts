import { formatNumber } from "@/lib/format";
import { TRACK_KEYS, type TrackKey } from "@/lib/realtimekit/types";

/**
 * The words the product uses about media: track names and how media travelled. One module, so the
 * findings, the panels, the chart legend and the ticket summary name things the same way.
 */

export const TRACK_LABEL: Record<TrackKey, string> = {
  audio_producer: "audio",
  video_producer: "video",
  screenshare_video_producer: "screen share",
  screenshare_audio_producer: "screen-share audio",
  audio_consumer: "audio",
  video_consumer: "video",
  screenshare_video_consumer: "screen share",
  screenshare_audio_consumer: "screen-share audio",
};

export function trackName(key: TrackKey): string {
  return `${TRACK_LABEL[key]} ${key.endsWith("_producer") ? "sent" : "received"}`;
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "audio and video sent", "audio sent; video received". */
export function describeTracks(keys: readonly TrackKey[]): string {
  const ordered = TRACK_KEYS.filter((k) => keys.includes(k));
  const sent = ordered.filter((k) => k.endsWith("_producer")).map((k) => TRACK_LABEL[k]);
  const received = ordered.filter((k) => k.endsWith("_consumer")).map((k) => TRACK_LABEL[k]);
  const parts: string[] = [];
  if (sent.length) parts.push(`${joinWords(sent)} sent`);
  if (received.length) parts.push(`${joinWords(received)} received`);
  return parts.join("; ");
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function formatValue(v: number, unit: string | null, digits = 0): string {
  const n = formatNumber(v, digits);
  if (unit === "MOS") return `MOS ${n} of 5`;
  return unit ? `${n} ${unit}` : n;
}
