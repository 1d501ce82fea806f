import type { CandidateInfo, CandidatePair, CandidatePath } from "@/lib/realtimekit/types";

/**
 * How a candidate pair carried media, read one way everywhere: the reshaped report's `path`, the
 * transport finding, the ticket summary and the network panels. What the report leaves out reads
 * as not reported, never as the good case (docs/findings.md).
 */

/**
 * Whether a pair's media went through a TURN relay. "unknown" when the report leaves a candidate
 * type out (the schema allows it): a missing type is no evidence of a direct path.
 */
export function pairPath(p: { local: Pick<CandidateInfo, "type">; remote: Pick<CandidateInfo, "type"> }): CandidatePath {
  const types = [p.local.type, p.remote.type].map((t) => t?.toLowerCase() ?? null);
  if (types.includes("relay")) return "relay";
  return types.every((t) => t !== null) ? "direct" : "unknown";
}

/**
 * The protocol from this participant to the server or relay. TURN over TLS (`turns:`) or
 * `?transport=tcp` in the relay URL is TCP even when `protocol` says udp (for a relay candidate
 * that is the relay's own leg).
 */
export function pairProtocol(p: { local: Pick<CandidateInfo, "protocol" | "url"> }): "tcp" | "udp" | "unknown" {
  const url = p.local.url ?? "";
  const protocol = p.local.protocol?.toLowerCase() ?? null;
  if (protocol === "tcp" || /[?&]transport=tcp/i.test(url) || /^turns:/i.test(url)) return "tcp";
  return protocol === "udp" ? "udp" : "unknown";
}

/** The pairs actually used: nominated ones when the report says so. */
export function usedPairs(pairs: readonly CandidatePair[]): CandidatePair[] {
  const nominated = pairs.filter((p) => p.nominated !== false);
  return nominated.length ? nominated : [...pairs];
}

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
