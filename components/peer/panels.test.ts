import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CandidatePair, TrackSummary } from "@/lib/realtimekit/types";
import { callNetworkMedians, findings } from "@/lib/report/findings";
import { cumulative, pair, precall, report, runs, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import { DevicePanel, NetworkPanel, PrecallPanel, SummaryCards } from "./panels";

/** A pair whose types and protocols the report left out, as the schema allows. */
function unreported(): CandidatePair {
  const p = pair();
  return {
    ...p,
    path: "unknown",
    local: { ...p.local, type: null, protocol: null },
    remote: { ...p.remote, type: null, protocol: null },
  };
}

const network = (pairs: CandidatePair[]) => renderToStaticMarkup(createElement(NetworkPanel, { network: null, pairs }));
const duringCall = (pairs: CandidatePair[]) =>
  renderToStaticMarkup(createElement(PrecallPanel, { precall: [precall()], tracks: [], pairs }));

describe("network and pre-call panels on candidate pairs", () => {
  it("say 'not reported' for a pair without types or protocols, never 'direct'", () => {
    expect(network([unreported()])).toContain("path and protocol not reported");
    expect(network([unreported()])).not.toContain("direct");
    expect(duringCall([unreported()])).not.toContain("direct");
    expect(duringCall([unreported()])).toContain("path and protocol not reported");
  });

  it("read a direct UDP pair as direct", () => {
    expect(network([pair()])).toContain("<td>direct over UDP</td>");
    expect(duringCall([pair()])).toContain("direct over UDP");
  });

  it("mark TURN over TLS as TCP like the transport finding, even when the protocol says udp", () => {
    const tls = pair({ localType: "relay", protocol: "udp", url: "turns:turn.example.com:443?transport=tcp" });
    expect(network([tls])).toContain("TURN relay over TCP");
    // The type / protocol column reads it the same way, not the relay leg's "UDP".
    expect(network([tls])).toContain("relay / TCP / wifi");
    expect(duringCall([tls])).toContain("TURN relay over TCP");
    expect(network([pair({ localType: "relay" })])).not.toContain("over TCP");
  });
});

describe("the pre-call panel's 'during the call' column", () => {
  it("shows the pre-call finding's own medians: sending tracks only, gaps left out", () => {
    const tracks = [
      track("audio_producer", { metrics: { rttMs: runs([10, 5], [null, 2], [30, 4]), lossPct: runs([0, 6], [4, 5]) } }),
      track("video_producer", { metrics: { rttMs: runs([14, 3]), lossPct: runs([1, 3]) } }),
      // Receiving figures are the senders' networks: never in this column.
      track("audio_consumer", { metrics: { rttMs: runs([900, 30]), lossPct: runs([50, 30]) } }),
    ];
    expect(callNetworkMedians(tracks)).toEqual({ rttMs: 14, lossPct: 1 });
    const r = report({ tracks, precall: [precall({ reflexiveConnectivity: false })], candidatePairs: [pair()] });
    const html = renderToStaticMarkup(
      createElement(PrecallPanel, { precall: r.precall, tracks: r.tracks, pairs: r.candidatePairs }),
    );
    expect(html).toContain("14 ms median (sending)");
    expect(html).toContain("1 % median (sending)");
    const evidence = findings(r, DEFAULT_THRESHOLDS).find((f) => f.rule === "precall")?.evidence ?? [];
    expect(evidence).toContain("In the call: media direct over UDP; sending RTT median 14 ms, loss median 1 %");
  });

  it("shows a dash, not 0, where no sending track measured it", () => {
    const html = renderToStaticMarkup(
      createElement(PrecallPanel, {
        precall: [precall()],
        tracks: [track("audio_consumer", { metrics: { rttMs: runs([50, 5]) } })],
        pairs: [],
      }),
    );
    expect(callNetworkMedians([track("audio_consumer", { metrics: { rttMs: runs([50, 5]) } })])).toEqual({
      rttMs: null,
      lossPct: null,
    });
    expect(html).not.toContain("median (sending)");
  });
});

describe("RealtimeKit's own summaries", () => {
  const summary: TrackSummary = {
    key: "audio_producer",
    kind: "audio",
    direction: "send",
    screenshare: false,
    series: "empty",
    cumulative: cumulative({ mos: { avg: 1, p50: 1, p75: 1, p90: 1 }, lossPct: { avg: 0, atOrAbove: {} } }),
  };
  const cards = (mosScaleEvident: boolean) =>
    renderToStaticMarkup(createElement(SummaryCards, { summaries: [summary], mosScaleEvident }));

  it("are shown for a track without a time series, saying so", () => {
    expect(cards(false)).toContain("Audio sent");
    expect(cards(false)).toContain("no time series (empty)");
  });

  it("show MOS as reported, its scale marked undocumented rather than called 1–5", () => {
    expect(cards(false)).toContain("MOS (scale undocumented, no value above 1): avg 1");
    expect(cards(true)).toContain("MOS (scale undocumented): avg 1");
    expect(cards(true)).not.toContain("1–5");
  });
});

describe("the network and device panels for a non-admin", () => {
  const r = report();
  const render = (masked: boolean) =>
    renderToStaticMarkup(createElement(NetworkPanel, { network: r.network, pairs: [], masked })) +
    renderToStaticMarkup(createElement(DevicePanel, { device: r.device, updates: [], masked }));

  it("say the values are masked and that admins see them in full", () => {
    expect(render(true)).toContain("IP network");
    expect(render(true)).toContain("User agent (browser and OS only)");
    expect(render(true)).toContain("admins see the full address");
    expect(render(false)).toContain("IP address");
    expect(render(false)).not.toContain("admins see");
  });
});
