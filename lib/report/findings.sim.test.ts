import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerReport } from "@/lib/realtimekit/types";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { startSimulator } from "@/simulator/server";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { findings, type Finding } from "./findings";
import { peerHealth } from "./health";
import { ticketSummary } from "./summary";
import { DEFAULT_THRESHOLDS } from "./thresholds";

/** The findings engine on the simulator's scripted scenarios, fetched over real HTTP. */

let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
});
afterAll(async () => {
  await sim?.close();
});

async function peerReport(peerId: string): Promise<PeerReport> {
  const res = await fetch(
    `${sim.url}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${SIM.apps.prod.id}/sessions/peer-report/${peerId}`,
    {
      headers: { authorization: `Bearer ${SIM_DEFAULTS.token}` },
    },
  );
  expect(res.status).toBe(200);
  return buildPeerReport(peerReportSchema.parse(await res.json()).data);
}

async function findingsFor(peerId: string): Promise<Finding[]> {
  return findings(await peerReport(peerId), DEFAULT_THRESHOLDS);
}

describe("findings on the simulator's scenarios", () => {
  it("lossBurst: poor upstream packet loss for about 2.5 minutes", async () => {
    const fs = await findingsFor(SIM.peers.lossBurst);
    const loss = fs.find((f) => f.rule === "loss" && f.tracks.includes("audio_producer"));
    expect(loss).toMatchObject({ severity: "poor", tracks: ["audio_producer", "video_producer"] });
    expect(loss?.episodes).toHaveLength(1);
    expect(loss?.episodes[0]?.durationS).toBeGreaterThanOrEqual(120);
    expect(loss?.episodes[0]?.durationS).toBeLessThanOrEqual(180);
    expect(loss?.episodes[0]?.peak).toBeGreaterThan(14);
    // The same stretch is bandwidth-limited; the AirPods came in long before it, so only info.
    expect(fs.find((f) => f.rule === "bandwidth")?.episodes[0]?.start).toBeCloseTo(loss?.episodes[0]?.start ?? 0, -5);
    expect(fs.find((f) => f.rule === "device-change")?.severity).toBe("info");
    expect(fs.find((f) => f.rule === "precall")?.severity).toBe("warn");
    expect(peerHealth(fs).level).toBe("poor");
  });

  it("turnTcp: TURN relay over TCP", async () => {
    const fs = await findingsFor(SIM.peers.turnTcp);
    expect(fs.find((f) => f.rule === "transport")).toMatchObject({
      severity: "warn",
      title: "Media went through a TURN relay over TCP",
    });
  });

  it("cpuLimited: the camera limited by CPU, with its frame rate", async () => {
    const fs = await findingsFor(SIM.peers.cpuLimited);
    const cpu = fs.find((f) => f.rule === "cpu");
    expect(cpu).toMatchObject({ severity: "warn", tracks: ["video_producer"] });
    expect(cpu?.episodes[0]?.durationS).toBeGreaterThan(10 * 60);
    expect(fs.find((f) => f.rule === "fps" && f.tracks.includes("video_producer"))?.severity).toBe("poor");
  });

  it("reconnecting: two drops with their outages", async () => {
    const fs = await findingsFor(SIM.peers.reconnecting);
    const reconnect = fs.find((f) => f.rule === "reconnect");
    expect(reconnect).toMatchObject({ severity: "poor", title: expect.stringMatching(/^Connection dropped 2 times/) });
    expect(reconnect?.episodes).toHaveLength(2);
    for (const e of reconnect?.episodes ?? []) expect(e.durationS).toBeGreaterThan(15);
    // The drops are the cause; the jitter around them is what they did. The badge names the cause.
    expect(fs.some((f) => f.rule === "jitter" && f.severity === "poor")).toBe(true);
    expect(fs[0]?.rule).toBe("reconnect");
    expect(peerHealth(fs).reason).toMatch(/^Connection dropped 2 times/);
  });

  it("emptyReport: says there is no quality data, without crashing", async () => {
    const r = await peerReport(SIM.peers.emptyReport);
    const fs = findings(r, DEFAULT_THRESHOLDS);
    expect(fs.map((f) => f.rule)).toEqual(expect.arrayContaining(["empty-media", "completeness"]));
    expect(peerHealth(fs).level).toBe("degraded");
    expect(
      ticketSummary({ report: r, findings: fs, sessionTitle: null, sessionUrl: "", viewUrl: "https://x.example/v" }),
    ).toContain("No call-quality samples");
  });

  it("healthy: nothing at warn or poor", async () => {
    const fs = await findingsFor(SIM.peers.healthy);
    expect(fs.filter((f) => f.severity !== "info")).toEqual([]);
    expect(peerHealth(fs)).toEqual({ level: "good", reason: null, more: 0 });
  });

  it("webinarHost: a 4-hour report, muted stretches not read as bad audio (its time: npm run bench)", async () => {
    const r = await peerReport(SIM.peers.webinarHost);
    expect(r.tracks.find((t) => t.key === "audio_producer")?.t.length).toBeGreaterThan(1500);
    const fs = findings(r, DEFAULT_THRESHOLDS);
    expect(fs.filter((f) => f.rule === "mos")).toEqual([]);
  });

  describe("the edge session's payloads", () => {
    const summary = (r: PeerReport, fs: Finding[]) =>
      ticketSummary({
        report: r,
        findings: fs,
        sessionTitle: null,
        sessionStatus: "ended",
        sessionUrl: "",
        viewUrl: "https://x.example/v",
      });

    it("edgeMutedMos: MOS exactly 1 on a muted microphone is no verdict", async () => {
      const r = await peerReport(SIM.peers.edgeMutedMos);
      const fs = findings(r, DEFAULT_THRESHOLDS);
      expect(r.mosScaleEvident).toBe(false);
      expect(fs.filter((f) => f.rule === "mos")).toEqual([]);
      expect(peerHealth(fs).level).toBe("good");
    });

    it("edgeSummaryOnly: reports from RealtimeKit's summary instead of 'nothing can be said'", async () => {
      const r = await peerReport(SIM.peers.edgeSummaryOnly);
      const fs = findings(r, DEFAULT_THRESHOLDS);
      expect(fs.find((f) => f.rule === "empty-media")?.title).toMatch(/^No quality time series/);
      expect(summary(r, fs)).not.toMatch(/Nothing can be said|never uploaded/);
    });

    it("edgeOddTimes: one message about unreadable samples, and no crash", async () => {
      const r = await peerReport(SIM.peers.edgeOddTimes);
      const fs = findings(r, DEFAULT_THRESHOLDS);
      const text = summary(r, fs);
      expect(text).not.toMatch(/never uploaded/);
      expect(text.match(/unreadable/g)?.length ?? 0).toBeLessThanOrEqual(1);
    });

    it("edgeUntypedPair: an unreported path is not 'direct UDP', no left_at is not 'still in the call'", async () => {
      const r = await peerReport(SIM.peers.edgeUntypedPair);
      const text = summary(r, findings(r, DEFAULT_THRESHOLDS));
      expect(text).toContain("media path and protocol not reported");
      expect(text).not.toMatch(/direct over UDP|still in the call/);
      expect(text).toContain("leave time not reported");
    });
  });
});
