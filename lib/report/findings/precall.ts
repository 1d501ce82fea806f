import { formatUtc } from "@/lib/format";
import { pairPath, pairProtocol, usedPairs } from "@/lib/realtimekit/candidate-pairs";
import type { Metric, Track } from "@/lib/realtimekit/types";
import { median } from "@/lib/realtimekit/tracks";
import { formatValue, transportSummary } from "../vocabulary";
import { parseTime } from "./context";
import { episode } from "./track-episodes";
import type { Ctx, Draft, Severity } from "./types";

/** The pre-call test, beside what the call's network then did. */

/**
 * `network`: the findings before it that show the network itself in trouble during the call, which
 * is what a weak or restricted pre-call result predicts.
 */
export function precallFinding(ctx: Ctx, network: readonly Draft[]): Draft | null {
  const p = ctx.t.precall;
  const evidence: string[] = [];
  const at: number[] = [];
  let unmeasured = false;
  for (const r of ctx.report.precall) {
    const problems: string[] = [];
    if (r.turnConnectivity === false) problems.push("TURN server unreachable");
    if (r.relayConnectivity === false) problems.push("relay connectivity failed");
    if (r.reflexiveConnectivity === false)
      problems.push("no STUN (server-reflexive) candidate: UDP blocked or a strict NAT");
    const net = r.effectiveNetworkType?.toLowerCase();
    if (net && p.slowNetworkTypes.includes(net)) problems.push(`browser rated the network "${net}"`);
    if (r.rttMs !== null && r.rttMs > p.rttMs)
      problems.push(`RTT ${formatValue(r.rttMs, "ms")} (> ${formatValue(p.rttMs, "ms")})`);
    if (r.lossPct !== null && r.lossPct > p.lossPct)
      problems.push(`loss ${formatValue(r.lossPct, "%", 1)} (> ${formatValue(p.lossPct, "%", 1)})`);
    if (r.throughputKbps !== null && r.throughputKbps < p.throughputKbps)
      problems.push(
        `throughput ${formatValue(r.throughputKbps, "kbit/s")} (< ${formatValue(p.throughputKbps, "kbit/s")})`,
      );
    if (r.rttMs === null && r.lossPct === null && r.throughputKbps === null) unmeasured = true;
    if (problems.length === 0) continue;
    const time = parseTime(r.at);
    if (time !== null) at.push(time);
    evidence.push(
      `${time === null ? "Pre-call test" : `Pre-call test at ${formatUtc(time, false)}`}: ${problems.join("; ")}`,
    );
  }
  if (evidence.length === 0) return null;
  if (unmeasured)
    evidence.push("RTT, loss and throughput were not measured (this SDK's pre-call test reports connectivity only)");

  // A test is a prediction; the call is what happened. Only trouble in the call makes it a warning.
  // A UDP relay counts (info on its own, but it is the restriction).
  const trouble = network.filter((d) => d.severity !== "info" || d.rule === "transport");
  const used = usedPairs(ctx.report.candidatePairs);
  const directUdp = used.length > 0 && used.every((x) => pairPath(x) === "direct" && pairProtocol(x) === "udp");
  const sampled = ctx.report.tracks.length > 0;
  evidence.push(`In the call: ${callNetwork(ctx)}`);
  for (const d of trouble) evidence.push(`In the call: ${d.title}`);
  const severity: Severity = trouble.length ? "warn" : "info";
  const threshold =
    `TURN/relay/STUN connectivity false, network type ${p.slowNetworkTypes.join("/")}, ` +
    `RTT > ${formatValue(p.rttMs, "ms")}, loss > ${formatValue(p.lossPct, "%")} ` +
    `or throughput < ${formatValue(p.throughputKbps, "kbit/s")}; ` +
    "a warning only when the call shows network trouble too " +
    "(relay or TCP, loss, jitter, RTT, bandwidth limits, reconnects)";
  const episodes = at.map((t) => episode({ start: t, end: t }, severity));
  if (trouble.length) {
    return {
      rule: "precall",
      severity,
      title: "Pre-call test already showed a weak or restricted network, and the call had network trouble",
      detail:
        "The connectivity test run just before joining found problems, " +
        "and the call then showed the network in trouble too, " +
        "so the cause likely lies with this participant's network rather than the service.",
      threshold,
      episodes,
      tracks: [],
      evidence,
    };
  }
  return {
    rule: "precall",
    severity,
    title:
      directUdp && sampled
        ? "Pre-call test flagged a weak or restricted network, but the call went direct over UDP without trouble"
        : sampled || used.length
          ? "Pre-call test flagged a weak or restricted network; the call's data shows no sign of it"
          : "Pre-call test flagged a weak or restricted network; the call's own data cannot confirm it",
    detail:
      directUdp && sampled
        ? "The connectivity test run just before joining found problems, " +
          "yet the call itself connected directly over UDP with no loss, jitter, delay or reconnect episode. " +
          "The test's result did not matter for this call; it may for another."
        : "The connectivity test run just before joining found problems, " +
          "but nothing in the call's data shows the same trouble (or the data is too thin to tell). " +
          "Worth knowing; on its own it does not explain a bad call.",
    threshold,
    episodes,
    tracks: [],
    evidence,
  };
}

/**
 * What the call's network did, beside a pre-call test: the median RTT and loss over every sample
 * of the sending tracks (the receiving side's figures are the senders' networks too). One
 * reading for the pre-call finding and the pre-call panel; null where no sending track has it.
 */
export function callNetworkMedians(tracks: readonly Track[]): { rttMs: number | null; lossPct: number | null } {
  const sent = tracks.filter((tr) => tr.direction === "send");
  const medianOf = (m: Metric) =>
    median(sent.flatMap((tr) => (tr.metrics[m] ?? []).filter((v): v is number => v !== null)));
  return { rttMs: medianOf("rttMs"), lossPct: medianOf("lossPct") };
}

/** "direct over UDP; sending RTT median 12 ms, loss median 0 %": what the call's network did. */
function callNetwork(ctx: Ctx): string {
  const path = transportSummary(ctx.report.candidatePairs);
  const { rttMs: rtt, lossPct: loss } = callNetworkMedians(ctx.report.tracks);
  const figures = [
    rtt === null ? null : `RTT median ${formatValue(rtt, "ms")}`,
    loss === null ? null : `loss median ${formatValue(loss, "%", 1)}`,
  ].filter(Boolean);
  const sending = figures.length ? `; sending ${figures.join(", ")}` : "";
  return `media ${path ?? "path not reported (no candidate pairs)"}${sending}`;
}
