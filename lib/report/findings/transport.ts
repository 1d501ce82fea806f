import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import { formatValue, PATH_WORDS, pathWords, PROTOCOL_WORDS } from "../vocabulary";
import type { Ctx, Draft } from "./types";

/** Transport: TURN relay and TCP. */

export function transportFinding(ctx: Ctx): Draft | null {
  const used = usedPairs(ctx.report.candidatePairs);
  const relayed = used.filter((p) => pairPath(p) === "relay");
  const tcp = used.filter((p) => pairProtocol(p) === "tcp");
  if (relayed.length === 0 && tcp.length === 0) return null;
  const evidence = used.slice(0, 6).map((p) => {
    const side = p.transport === "producing" ? "Sending" : "Receiving";
    const via = p.local.url ? ` via ${p.local.url}` : "";
    const rtt = p.rttMs === null ? "" : `, RTT ${formatValue(p.rttMs, "ms")}`;
    const protocol = pairProtocol(p);
    const over = protocol === "unknown" ? "an unreported protocol" : protocol.toUpperCase();
    return `${side} transport: ${p.local.type ?? "unreported"} candidate over ${over}${via}${rtt}`;
  });
  if (used.length > 6) evidence.push(`…and ${used.length - 6} more candidate pairs`);
  const partial = (n: number) => (n < used.length ? ` on ${n} of ${used.length} connections` : "");
  if (tcp.length > 0) {
    const viaRelay = tcp.some((p) => pairPath(p) === "relay");
    return {
      rule: "transport",
      severity: "warn",
      title: viaRelay
        ? `Media went through a ${pathWords("relay", "tcp")}${partial(tcp.length)}`
        : `Media sent over ${PROTOCOL_WORDS.tcp} instead of ${PROTOCOL_WORDS.udp}${partial(tcp.length)}`,
      detail:
        "Media went over TCP, usually because a firewall or proxy blocks UDP. " +
        "Over TCP one lost packet holds up everything behind it, so any loss turns into delay, jitter and freezes; " +
        "allowing UDP (or UDP to the TURN server) fixes it.",
      threshold: "a used candidate pair over TCP or TURN over TLS (TCP is warn, a UDP relay only info)",
      episodes: [],
      tracks: [],
      evidence,
    };
  }
  const udp = relayed.every((p) => pairProtocol(p) === "udp");
  return {
    rule: "transport",
    severity: "info",
    // A relay whose protocol is not (all) reported is just a relay.
    title: `Media went through a ${udp ? pathWords("relay", "udp") : PATH_WORDS.relay}${partial(relayed.length)}`,
    detail:
      "A direct connection was not possible (strict NAT or firewall), so media went through a TURN relay. " +
      "Over UDP that adds a hop but is usually fine" +
      (udp ? "" : "; the report does not say which protocol reached the relay") +
      ".",
    threshold: "a used candidate pair with a relay candidate",
    episodes: [],
    tracks: [],
    evidence,
  };
}
