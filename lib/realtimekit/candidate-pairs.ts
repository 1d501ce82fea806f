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
export function pairPath(p: {
  local: Pick<CandidateInfo, "type">;
  remote: Pick<CandidateInfo, "type">;
}): CandidatePath {
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
