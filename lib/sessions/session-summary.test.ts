import { describe, expect, it } from "vitest";
import { participant } from "@/lib/report/test-builders";
import { VERDICT_STEP_S, type Verdict } from "@/lib/report/verdict";
import { sessionSummary, SUMMARY_MAX_NAMED, type SessionSummaryInput } from "./session-summary";

/** 2026-08-10 11:00:00 UTC, on the 30 s grid. */
const T0 = Date.UTC(2026, 7, 10, 11, 0, 0);
const none = { worstLossPct: null, worstJitterMs: null, worstRttMs: null, lowestMos: null };
const SESSION: SessionSummaryInput["session"] = {
  id: "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10",
  title: "All-hands",
  status: "ended",
  startedAt: new Date(T0).toISOString(),
  endedAt: new Date(T0 + 3600_000).toISOString(),
};

/** `levels` from 11:00 UTC, one character per 30 s. */
function verdict(peerId: string, levels: string, over: Partial<Verdict> = {}): Verdict {
  const level = levels.includes("p") ? "poor" : levels.includes("d") ? "degraded" : "good";
  return {
    peerId,
    sessionId: SESSION.id,
    name: null,
    level,
    hasSamples: levels.length > 0,
    main: level === "good" ? null : { rule: "loss", title: "Packet loss on what they sent", severity: "poor" },
    others: 0,
    figures: { sent: none, received: none },
    timeline: { startMs: levels ? T0 : null, stepS: VERDICT_STEP_S, levels },
    episodes: [],
    computedWith: "v2-test",
    live: false,
    computedAt: T0,
    ...over,
  };
}

const people = (n: number, name = (i: number) => `Person ${i}`) =>
  Array.from({ length: n }, (_, i) => participant({ peerId: `peer-${String(i).padStart(4, "0")}`, name: name(i) }));

// 8 minutes = 16 columns; 11:04–11:06 is columns 8..11.
const GOOD = "g".repeat(16);
const DIP = "gggggggg" + "dddd" + "gggg";

describe("sessionSummary", () => {
  it("says who was affected, when, and that it hit everyone at once in the same minutes", () => {
    const ps = people(10);
    const verdicts = ps.slice(0, 8).map((p, i) => verdict(p.peerId, i < 7 ? DIP : GOOD));
    const text = sessionSummary({ session: SESSION, participants: ps, verdicts });
    expect(text).toContain("Session quality: All-hands");
    expect(text).toContain("2026-08-10 11:00:00–12:00:00 UTC (1 h 0 min)");
    expect(text).toContain("Participants: 10 · checked: 8 (7 degraded · 1 good)");
    expect(text).toContain("- Person 0 (peer id peer-0000) — degraded: Packet loss on what they sent, 11:04–11:06 UTC");
    expect(text).toContain(
      "- Everyone at once 11:04–11:06 UTC: 88 % of checked participants degraded or poor — " +
        "likely not one participant's network",
    );
    expect(text).toContain("- 2 of 10 not checked");
  });

  it("says a stretch was limited to some participants when no interval had half of them bad", () => {
    const ps = people(4);
    const verdicts = [
      verdict(ps[0]!.peerId, "ggggpppp"),
      verdict(ps[1]!.peerId, "gggggggg"),
      verdict(ps[2]!.peerId, "gggggggg"),
      verdict(ps[3]!.peerId, "gggggggg"),
    ];
    const text = sessionSummary({ session: SESSION, participants: ps, verdicts });
    expect(text).not.toContain("- Everyone at once");
    expect(text).toContain("Limited to some participants");
    expect(text).toContain("- Person 0 (peer id peer-0000) — poor: Packet loss on what they sent, 11:02–11:04 UTC");
    expect(text).toContain("Every participant was checked.");
  });

  it("names the worst ten, poor before degraded, and counts the rest", () => {
    const ps = people(14);
    const verdicts = ps.map((p, i) => verdict(p.peerId, i === 13 ? "pppp" : i % 2 ? "gdgg" : "dddd"));
    const text = sessionSummary({ session: SESSION, participants: ps, verdicts });
    const named = text.split("\n").filter((l) => l.includes("(peer id"));
    expect(named).toHaveLength(SUMMARY_MAX_NAMED);
    expect(named[0]).toContain("Person 13");
    // Then the most degraded intervals first.
    expect(named[1]).toContain("Person 0 ");
    expect(text).toContain("- and 4 more");
  });

  it("says what is unknown: not checked, checked without samples, rows without ids", () => {
    const ps = people(1000);
    const verdicts = ps.slice(0, 588).map((p, i) => verdict(p.peerId, i < 6 ? "" : GOOD));
    const text = sessionSummary({ session: SESSION, participants: ps, verdicts, skipped: 3 });
    expect(text).toContain("- 412 of 1,000 not checked");
    expect(text).toContain("- 6 checked without quality samples (unknown)");
    expect(text).toContain("- 3 participant rows without an id left out");
    expect(text).toContain("No checked participant had a degraded or poor call.");
  });

  it("keeps untrusted names and titles to one inert line each", () => {
    const ps = [
      participant({
        peerId: "peer-1",
        name: "Eve\n\n# Resolved: not our bug\u202e @channel [click](http://evil.example) " + "x".repeat(300),
      }),
    ];
    const text = sessionSummary({
      session: { ...SESSION, title: "**Urgent**\r\n- fake item" },
      participants: ps,
      verdicts: [verdict("peer-1", "pppp")],
      sessionUrl: "https://inspector.example/apps/a/sessions/s",
    });
    const line = text.split("\n").find((l) => l.includes("(peer id peer-1)"))!;
    expect(line).toBeDefined();
    expect(line).not.toContain("\u202e");
    expect(line).toContain("\\# Resolved");
    expect(line).toContain("@\u2060channel");
    expect(line).toContain("\\[click\\]");
    expect(line).not.toContain("http://");
    expect(line.length).toBeLessThan(220);
    expect(text).toContain("Session quality: \\*\\*Urgent\\*\\* - fake item\n");
    expect(text).not.toMatch(/^# /m);
    expect(text).toContain("Open in RealtimeKit Inspector: https://inspector.example/apps/a/sessions/s");
  });

  it("says so when nobody was checked, and when the session is live", () => {
    const text = sessionSummary({
      session: { ...SESSION, status: "live", endedAt: null },
      participants: people(3),
      verdicts: [],
    });
    expect(text).toContain("(live)");
    expect(text).toContain("Nobody checked yet.");
    expect(text).toContain("Too few participants checked");
    expect(text).toContain("- 3 of 3 not checked");
    expect(text).toContain("the session is live");
  });
});
