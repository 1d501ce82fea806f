import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import type { CandidatePair } from "@/lib/realtimekit/types";

/** "TURN relay" when all say so, else "TURN relay on 1, direct on 1 of 2 connections". */
function mixOf<K extends string>(values: readonly K[], labels: Record<K, string>): string {
  const n = values.length;
  const counts = (Object.keys(labels) as K[]).map((k) => [k, values.filter((v) => v === k).length] as const).filter(([, c]) => c > 0);
  if (counts.length === 1) return labels[(counts[0] as readonly [K, number])[0]];
  return `${counts.map(([k, c]) => `${labels[k]} on ${c}`).join(", ")} of ${n} connections`;
}

/**
 * "TURN relay over TCP", "direct over UDP", "direct, protocol not reported", …, or null without
 * candidate pairs.
 */
export function transportSummary(pairs: readonly CandidatePair[]): string | null {
  const used = usedPairs(pairs);
  if (used.length === 0) return null;
  const paths = used.map(pairPath);
  const protocols = used.map(pairProtocol);
  if (paths.every((p) => p === "unknown") && protocols.every((p) => p === "unknown")) return "path and protocol not reported";
  const path = mixOf(paths, { relay: "TURN relay", direct: "direct", unknown: "relay or direct not reported" });
  if (protocols.every((p) => p === "unknown")) return `${path}, protocol not reported`;
  return `${path} over ${mixOf(protocols, { tcp: "TCP", udp: "UDP", unknown: "protocol not reported" })}`;
}
