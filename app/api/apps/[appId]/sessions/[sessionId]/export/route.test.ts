import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Participant, Session } from "@/lib/realtimekit/types";
import { findings } from "@/lib/report/findings";
import { bump, participant, report, track } from "@/lib/report/test-builders";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import { buildVerdict } from "@/lib/report/verdict";
import { qualityIndex } from "@/lib/server/quality-index";
import { SESSION_CSV_HEADER } from "@/lib/sessions/session-csv";
import { withDemoEnv } from "@/lib/test/demo-env";

/** The session export reads the session, its participant list and the quality index: never a report. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const OTHER_SESSION = "5e2d8a14-7c3b-4f90-8a6e-1d9c4b7f2e58";
const peerId = (i: number) => `8c2f6a41-93d0-4e1b-a7c5-${i.toString(16).padStart(12, "0")}`;
const EVIL = `=HYPERLINK("http://evil.example","click")`;

const PARTICIPANTS: Participant[] = Array.from({ length: 1000 }, (_, i) =>
  participant({ peerId: peerId(i), sessionId: SESSION, name: i === 0 ? EVIL : `Person ${i}` }),
);
const SESSION_DATA = {
  id: SESSION,
  title: "All-hands webinar",
  status: "ended",
  startedAt: "2026-08-10T14:00:00.000Z",
  endedAt: "2026-08-10T18:00:00.000Z",
} as Session;

const upstream = vi.hoisted(() => ({ calls: [] as { method: string; args: unknown[] }[] }));

vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    getSession: async (...args: unknown[]) => {
      upstream.calls.push({ method: "getSession", args });
      return SESSION_DATA;
    },
    listAllParticipants: async (...args: unknown[]) => {
      upstream.calls.push({ method: "listAllParticipants", args });
      return { participants: PARTICIPANTS, skipped: 0 };
    },
    getPeerReport: async (...args: unknown[]) => {
      upstream.calls.push({ method: "getPeerReport", args });
      throw new Error("a peer report was read");
    },
  }),
}));

const { GET } = await import("./route");

withDemoEnv();

const ask = (query: string, sessionId = SESSION) =>
  GET(new Request(`http://app.test/api/apps/${APP}/sessions/${sessionId}/export${query}`), {
    params: Promise.resolve({ appId: APP, sessionId }),
  });

function verdict(peer: string, sessionId: string, lossPct: number, name: string) {
  const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: bump(0, lossPct) } })] });
  r.participant.sessionId = sessionId;
  r.participant.name = name;
  return buildVerdict(r, findings(r, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS, {
    live: false,
    now: Date.now(),
    peerId: peer,
  });
}

beforeAll(async () => {
  await qualityIndex().record(APP, verdict(peerId(0), SESSION, 25, EVIL));
  await qualityIndex().record(APP, verdict(peerId(1), SESSION, 0, "Person 1"));
  // The same peer id recorded under another session is not this session's verdict.
  await qualityIndex().record(APP, verdict(peerId(2), OTHER_SESSION, 25, "Person 2"));
});

beforeEach(() => {
  upstream.calls = [];
});

const level = (line: string) => line.split(",")[SESSION_CSV_HEADER.indexOf("level")];

describe("GET /api/apps/{appId}/sessions/{sessionId}/export", () => {
  it.each([
    ["", "format: must be csv or summary"],
    ["?format=json", "format: must be csv or summary"],
    ["?format=csv&peers=x", "peers: is not a known parameter"],
    ["?format=csv&format=summary", "format: is given more than once"],
  ])("answers %s with a 400 naming the field, with no upstream call", async (query, says) => {
    const res = await ask(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(says);
    expect(upstream.calls).toEqual([]);
  });

  it("refuses a session id that is not one, naming it", async () => {
    const res = await ask("?format=csv", "../../etc");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("sessionId");
    expect(upstream.calls).toEqual([]);
  });

  it("gives a CSV of every participant with their verdict, formulas defused, reading no report", async () => {
    const res = await ask("?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="session-${SESSION}-participants.csv"`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(SESSION_CSV_HEADER.join(","));
    expect(lines).toHaveLength(1001);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(lines[1]).toContain(",poor,");
    expect(level(lines[2]!)).toBe("good");
    expect(level(lines[3]!)).toBe("not checked");
    expect(level(lines[1000]!)).toBe("not checked");
    expect(upstream.calls.map((c) => c.method).sort()).toEqual(["getSession", "listAllParticipants"]);
    // The session page's own calls, so both are cache hits after it.
    expect(upstream.calls.find((c) => c.method === "getSession")?.args).toEqual([
      APP,
      SESSION,
      { includeBreakoutRooms: true },
    ]);
    expect(upstream.calls.find((c) => c.method === "listAllParticipants")?.args).toEqual([
      APP,
      SESSION,
      { includePeerEvents: true },
    ]);
  });

  it("gives the ticket summary as plain text: who was affected, what is unknown, a link back", async () => {
    const res = await ask("?format=summary");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await res.text();
    expect(text).toContain("Session quality: All-hands webinar");
    expect(text).toContain("Participants: 1,000 · checked: 2 (1 poor · 1 good)");
    expect(text).toContain(`(peer id ${peerId(0)}) — poor`);
    expect(text).toContain("- 998 of 1,000 not checked");
    expect(text).toMatch(
      new RegExp(`Open in RealtimeKit Inspector: https?://[^\\s]+/apps/${APP}/sessions/${SESSION}\\n`),
    );
    expect(upstream.calls.map((c) => c.method)).not.toContain("getPeerReport");
  });
});
