import { describe, expect, it } from "vitest";
import { findings, type Finding } from "./findings";
import { peerHealth } from "./health";
import { bump, event, pair, precall, report, runs, track } from "./test-builders";
import { DEFAULT_THRESHOLDS } from "./thresholds";

function finding(rule: Finding["rule"], severity: Finding["severity"], title = `${rule} ${severity}`): Finding {
  return {
    id: `${rule}-call-0`,
    rule,
    severity,
    title,
    detail: "",
    threshold: "",
    episodes: [],
    tracks: [],
    evidence: [],
  };
}

describe("peerHealth", () => {
  it("is good without findings", () => {
    expect(peerHealth([])).toEqual({ level: "good", reason: null, more: 0 });
  });

  it("is poor with a poor quality finding, naming it", () => {
    expect(peerHealth([finding("loss", "poor", "Upstream packet loss up to 18 %"), finding("jitter", "warn")])).toEqual(
      {
        level: "poor",
        reason: "Upstream packet loss up to 18 %",
        more: 1,
      },
    );
  });

  it("is degraded with a warning, and the most severe wins whatever the order", () => {
    expect(peerHealth([finding("rtt", "warn", "High RTT")])).toEqual({
      level: "degraded",
      reason: "High RTT",
      more: 0,
    });
    expect(peerHealth([finding("rtt", "warn"), finding("reconnect", "poor", "Dropped")])).toEqual({
      level: "poor",
      reason: "Dropped",
      more: 1,
    });
  });

  it("among equals keeps the first (findings() lists the earliest first)", () => {
    expect(peerHealth([finding("jitter", "warn", "first"), finding("rtt", "warn", "second")]).reason).toBe("first");
  });

  it("ignores info findings such as a UDP relay or a device change", () => {
    expect(
      peerHealth([finding("transport", "info"), finding("device-change", "info"), finding("completeness", "info")]),
    ).toEqual({ level: "good", reason: null, more: 0 });
  });

  it("ignores context rules even at warn: a weak pre-call test or a backgrounded tab alone is not a bad call", () => {
    expect(
      peerHealth([finding("precall", "warn"), finding("background", "warn"), finding("device-change", "warn")]).level,
    ).toBe("good");
  });

  it("counts TCP transport and empty media", () => {
    expect(peerHealth([finding("transport", "warn", "Media went through a TURN relay over TCP")]).level).toBe(
      "degraded",
    );
    expect(peerHealth([finding("empty-media", "poor")]).level).toBe("poor");
  });

  it("end to end: a report with a UDP relay, a device change and a weak pre-call test is good", () => {
    const r = report({
      tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 30]) } })],
      candidatePairs: [pair({ localType: "relay" })],
      precall: [precall({ effectiveNetworkType: "3g" })],
      events: [event("tab_change", 20, { is_meetings_tab_active: false })],
    });
    const fs = findings(r, DEFAULT_THRESHOLDS);
    expect(fs.map((f) => f.rule).sort()).toEqual(["background", "precall", "transport"]);
    expect(peerHealth(fs)).toEqual({ level: "good", reason: null, more: 0 });
  });

  it("end to end: upstream loss makes it poor", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 18) } })] });
    expect(peerHealth(findings(r, DEFAULT_THRESHOLDS))).toMatchObject({
      level: "poor",
      reason: "Upstream packet loss up to 18 % (audio sent)",
    });
  });
});
