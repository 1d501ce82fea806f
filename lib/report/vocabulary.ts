import { formatNumber } from "@/lib/format";
import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import { TRACK_KEYS, type CandidatePair, type CandidatePath, type TrackKey } from "@/lib/realtimekit/types";

/**
 * The words the product uses about media: track names and how media travelled. One module, so the
 * findings, the panels, the chart legend and the ticket summary name things the same way
 * (docs/findings.md). Lower case, for use inside a sentence; `capitalise` starts a cell or a line.
 */

/** What a track carries, without its direction. */
export const MEDIA_NAME: Record<TrackKey, string> = {
  audio_producer: "audio",
  video_producer: "video",
  screenshare_video_producer: "screen-share video",
  screenshare_audio_producer: "screen-share audio",
  audio_consumer: "audio",
  video_consumer: "video",
  screenshare_video_consumer: "screen-share video",
  screenshare_audio_consumer: "screen-share audio",
};

const sent = (key: TrackKey) => key.endsWith("_producer");

/** "screen-share video sent", "audio received". */
export function trackName(key: TrackKey): string {
  return `${MEDIA_NAME[key]} ${sent(key) ? "sent" : "received"}`;
}

/** "Screen-share video sent": the track's name starting a cell, a card or a line. */
export function trackLabel(key: TrackKey): string {
  return capitalise(trackName(key));
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "audio and video sent", "audio sent; video received". */
export function describeTracks(keys: readonly TrackKey[]): string {
  const ordered = TRACK_KEYS.filter((k) => keys.includes(k));
  const parts: string[] = [];
  const from = ordered.filter(sent).map((k) => MEDIA_NAME[k]);
  const to = ordered.filter((k) => !sent(k)).map((k) => MEDIA_NAME[k]);
  if (from.length) parts.push(`${joinWords(from)} sent`);
  if (to.length) parts.push(`${joinWords(to)} received`);
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

// How media travelled: read by pairPath and pairProtocol (lib/realtimekit/candidate-pairs), said here.

type Protocol = ReturnType<typeof pairProtocol>;

export const PATH_WORDS: Record<CandidatePath, string> = {
  relay: "TURN relay",
  direct: "direct",
  unknown: "relay or direct not reported",
};

/** TURN over TLS reads as TCP: it is, for the media. */
export const PROTOCOL_WORDS: Record<Protocol, string> = { tcp: "TCP", udp: "UDP", unknown: "protocol not reported" };

/** "TURN relay over TCP", "direct over UDP", "direct, protocol not reported", "path and protocol not reported". */
export function pathWords(path: CandidatePath, protocol: Protocol): string {
  if (path === "unknown" && protocol === "unknown") return "path and protocol not reported";
  if (protocol === "unknown") return `${PATH_WORDS[path]}, protocol not reported`;
  return `${PATH_WORDS[path]} over ${PROTOCOL_WORDS[protocol]}`;
}

/** One connection in those words, e.g. for the network panel's table. */
export function pairWords(p: CandidatePair): string {
  return pathWords(pairPath(p), pairProtocol(p));
}

/** "TURN relay" when all say so, else "TURN relay on 1, direct on 1 of 2 connections". */
function mixOf<K extends string>(values: readonly K[], labels: Record<K, string>): string {
  const n = values.length;
  const counts = (Object.keys(labels) as K[])
    .map((k) => [k, values.filter((v) => v === k).length] as const)
    .filter(([, c]) => c > 0);
  if (counts.length === 1) return labels[(counts[0] as readonly [K, number])[0]];
  return `${counts.map(([k, c]) => `${labels[k]} on ${c}`).join(", ")} of ${n} connections`;
}

/**
 * The used connections together: one connection's words when they all agree ("TURN relay over
 * TCP"), else each part's mix; null without candidate pairs.
 */
export function transportSummary(pairs: readonly CandidatePair[]): string | null {
  const used = usedPairs(pairs);
  if (used.length === 0) return null;
  const paths = used.map(pairPath);
  const protocols = used.map(pairProtocol);
  const protocol = protocols.every((p) => p === "unknown") ? "unknown" : null;
  if (paths.every((p) => p === "unknown") && protocol) return pathWords("unknown", "unknown");
  const path = mixOf(paths, PATH_WORDS);
  if (protocol) return `${path}, protocol not reported`;
  return `${path} over ${mixOf(protocols, PROTOCOL_WORDS)}`;
}
