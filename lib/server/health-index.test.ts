import { beforeEach, describe, expect, it, vi } from "vitest";
import { findings } from "@/lib/report/findings";
import { peerHealth } from "@/lib/report/health";
import { bump, report, runs, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";

/** The health check answers from the quality index first: a participant already judged costs no upstream call. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const ENDED = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const LIVE = "2e9b1c7d-4a60-4f3e-8b2d-6c5a9e0f1d27";
const peer = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const upstream = vi.hoisted(() => ({ reports: [] as string[], sessions: [] as string[] }));

vi.mock("./realtimekit/client", async () => {
  const b = await import("@/lib/report/test-builders");
  // By the peer id's last digit: no samples (3), a loss burst, poor (odd), or a clean call (even).
  const reportOf = (peerId: string) => {
    const n = Number(peerId.slice(-1));
    if (n === 3) return b.report({ tracks: [] });
    const lossPct = n % 2 ? b.bump(0, 20) : b.runs([0, 20]);
    return b.report({ tracks: [b.track("audio_producer", { metrics: { lossPct } })] });
  };
  return {
    realtimeKit: () => ({
      async getPeerReport(_app: string, peerId: string) {
        upstream.reports.push(peerId);
        return reportOf(peerId);
      },
      async getSession(_app: string, sessionId: string) {
        upstream.sessions.push(sessionId);
        return sessionId === "2e9b1c7d-4a60-4f3e-8b2d-6c5a9e0f1d27"
          ? { status: "live", endedAt: null }
          : { status: "ended", endedAt: "2020-01-01T00:00:00.000Z" };
      },
    }),
  };
});

const { checkPeers } = await import("./health");

beforeEach(() => {
  upstream.reports = [];
  upstream.sessions = [];
});

describe("checkPeers with the quality index", () => {
  it("answers as the report does, and asks the upstream nothing the second time for an ended session", async () => {
    const peers = [peer(1), peer(2), peer(3)];
    const first = await checkPeers(APP, peers, { sessionId: ENDED });
    expect(upstream.reports.sort()).toEqual([...peers].sort());
    // Asked once for the whole check, whatever the number of reports read.
    expect(upstream.sessions).toEqual([ENDED]);

    const burst = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 20) } })] });
    const clean = report({ tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 20]) } })] });
    expect(first).toEqual([
      { peerId: peer(1), ...peerHealth(findings(burst, DEFAULT_THRESHOLDS)) },
      { peerId: peer(2), ...peerHealth(findings(clean, DEFAULT_THRESHOLDS)) },
      { peerId: peer(3), level: "unknown", reason: "No call-quality samples in the report" },
    ]);
    expect(first[0]?.level).toBe("poor");

    upstream.reports = [];
    upstream.sessions = [];
    const second = await checkPeers(APP, peers, { sessionId: ENDED });
    expect(upstream.reports).toEqual([]);
    expect(upstream.sessions).toEqual([]);
    expect(second).toEqual(first);
  });

  it("keeps a live session's verdicts only briefly", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const peers = [peer(4), peer(5)];
      await checkPeers(APP, peers, { sessionId: LIVE });
      expect(upstream.reports).toHaveLength(2);
      upstream.reports = [];
      await checkPeers(APP, peers, { sessionId: LIVE });
      expect(upstream.reports).toEqual([]);
      vi.advanceTimersByTime(61_000);
      await checkPeers(APP, peers, { sessionId: LIVE });
      expect(upstream.reports.sort()).toEqual(peers);
    } finally {
      vi.useRealTimers();
    }
  });
});
