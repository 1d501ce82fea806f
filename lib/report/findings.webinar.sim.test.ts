import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerReport } from "@/lib/realtimekit/types";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { SIM, SIM_DEFAULTS, SIM_WEBINAR_DIP } from "@/simulator/scenarios";
import { startSimulator } from "@/simulator/server";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { findings } from "./findings";
import { peerHealth } from "./health";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { buildVerdict, type Verdict } from "./verdict";

/**
 * The webinar's two triage scenarios (simulator/README.md) as the product reads them, over real HTTP:
 * an everyone-at-once dip in what the audience receives, a vertical band on the heatmap, and one
 * attendee on a bad downlink all call long, a horizontal one.
 */

let sim: Awaited<ReturnType<typeof startSimulator>>;
const base = () => `${sim.url}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${SIM.apps.prod.id}`;

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${SIM_DEFAULTS.token}` } });
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

async function verdictOf(peerId: string): Promise<{ report: PeerReport; verdict: Verdict }> {
  const raw: unknown = await get(`/sessions/peer-report/${peerId}`);
  const report = buildPeerReport(peerReportSchema.parse({ data: raw }).data);
  const fs = findings(report, DEFAULT_THRESHOLDS);
  return { report, verdict: buildVerdict(report, fs, DEFAULT_THRESHOLDS, { live: false, now: Date.now() }) };
}

interface Row {
  id: string;
  preset_name: string;
  joined_at: string;
  left_at?: string;
}

let dipFrom = 0;
let dipTo = 0;
let startMs = 0;
let attendees: Row[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true });
  startMs = Date.parse((await get<{ started_at: string }>(`/sessions/${SIM.sessions.webinar}`)).started_at);
  dipFrom = startMs + SIM_WEBINAR_DIP.fromMinute * 60_000;
  dipTo = startMs + SIM_WEBINAR_DIP.toMinute * 60_000;
  const rows: Row[] = [];
  for (let page = 1; page <= 10; page++) {
    const data = await get<{ participants: Row[] }>(
      `/sessions/${SIM.sessions.webinar}/participants?per_page=100&page_no=${page}`,
    );
    rows.push(...data.participants);
  }
  attendees = rows.filter(
    (r) =>
      r.preset_name === "webinar_viewer" &&
      r.id !== SIM.peers.webinarBadAttendee &&
      Date.parse(r.joined_at) < dipFrom - 60_000 &&
      Date.parse(r.left_at ?? "") > dipTo + 60_000,
  );
});
afterAll(async () => {
  await sim?.close();
});

/** The verdict's timeline level of the 30 s interval holding tMs. */
function levelAt(v: Verdict, tMs: number): string {
  const { startMs: first, stepS, levels } = v.timeline;
  if (first === null) return "-";
  return levels[Math.floor((tMs - first) / (stepS * 1000))] ?? "-";
}

describe("the webinar on the product's findings", () => {
  it(
    "everyone at once: sampled attendees are degraded or poor in what they received in the dip, fine before",
    {
      timeout: 120_000,
    },
    async () => {
      expect(attendees.length).toBeGreaterThan(800);
      const sample = [...attendees.filter((_, i) => i % 75 === 0), { id: SIM.peers.webinarAttendee }];
      for (const { id } of sample) {
        const { verdict } = await verdictOf(id);
        const inDip = verdict.episodes.filter(
          (e) => e.direction === "received" && e.startMs < dipTo && e.endMs > dipFrom,
        );
        expect(
          inDip.map((e) => e.rule),
          id,
        ).toContain("loss");
        expect(inDip.find((e) => e.rule === "loss")?.severity, id).toBe("poor");
        // The heatmap's column: the middle of the dip is marked, a quarter of an hour before it is not.
        expect(["d", "p"], id).toContain(levelAt(verdict, (dipFrom + dipTo) / 2));
        expect(levelAt(verdict, dipFrom - 15 * 60_000), id).toBe("g");
        // Nothing else in the call is at the dip's level: one vertical band, not a noisy attendee.
        const elsewhere = verdict.episodes.filter((e) => e.startMs >= dipTo + 60_000 || e.endMs <= dipFrom - 60_000);
        expect(
          elsewhere.filter((e) => e.severity === "poor"),
          id,
        ).toEqual([]);
      }
    },
  );

  it(
    "the presenters are not in the dip: the SFU failed towards the audience, not their uplinks",
    {
      timeout: 60_000,
    },
    async () => {
      const { verdict } = await verdictOf(SIM.peers.webinarHost);
      expect(verdict.episodes.filter((e) => e.startMs < dipTo && e.endMs > dipFrom && e.rule === "loss")).toEqual([]);
    },
  );

  it(
    "just this person: the bad attendee is poor on loss received for nearly the whole call",
    {
      timeout: 60_000,
    },
    async () => {
      const { report, verdict } = await verdictOf(SIM.peers.webinarBadAttendee);
      const fs = findings(report, DEFAULT_THRESHOLDS);
      expect(peerHealth(fs).level).toBe("poor");
      expect(verdict.level).toBe("poor");
      const loss = fs.find((f) => f.rule === "loss" && f.tracks.some((t) => t.endsWith("_consumer")));
      expect(loss?.severity).toBe("poor");
      const lossS = (loss?.episodes ?? []).reduce((sum, e) => sum + e.durationS, 0);
      expect(lossS / 3600).toBeGreaterThan(3.5);
      // The heatmap's row: degraded or poor in nearly every 30 s interval.
      const marked = [...verdict.timeline.levels].filter((l) => l === "d" || l === "p").length;
      expect(marked / verdict.timeline.levels.length).toBeGreaterThan(0.95);
      expect(report.participant.name).toBe("Rosa Delgado");
    },
  );
});
