import { describe, expect, it } from "vitest";
import { formatUtcRange } from "@/lib/format";
import { peerPath, sessionPath } from "@/lib/routes";
import type { TrackKey } from "@/lib/realtimekit/types";
import { findings } from "./findings";
import { at, bump, participant, report, runs, track } from "./test-builders";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { buildVerdict, type Verdict } from "./verdict";
import { buildVerdictLine, verdictLineText, type VerdictLine } from "./verdict-line";

const D = DEFAULT_THRESHOLDS;
const APP = "app-1";
const SESSION = "session-0001";

/** A participant of the session whose `key` track has `lossPct` values (7 s apart from T0). */
function peer(peerId: string, name: string | null, tracks: [TrackKey, number[]][]) {
  const r = report({ tracks: tracks.map(([key, lossPct]) => track(key, { metrics: { lossPct } })) });
  const rep = { ...r, participant: { ...r.participant, ...participant({ peerId, name, sessionId: SESSION }) } };
  const fs = findings(rep, D);
  return { report: rep, findings: fs, verdict: buildVerdict(rep, fs, D, { live: false, now: at(4000), peerId }) };
}

const BURST = bump(0, 20); // 25 samples, 20 % loss on samples 10–14
const CLEAN = runs([0, 25]);
const me = (tracks: [TrackKey, number[]][]) => peer("me", "Dana", tracks);
const fine = (id: string) => peer(id, `Fine ${id}`, [["audio_producer", CLEAN]]).verdict;
const ownTrouble = (id: string) => peer(id, `Own ${id}`, [["audio_producer", BURST]]).verdict;
const receiving = (id: string) => peer(id, `Rx ${id}`, [["audio_consumer", BURST]]).verdict;

function line(p: ReturnType<typeof peer>, others: Verdict[] | null, peakParticipants?: number): VerdictLine {
  return buildVerdictLine({
    appId: APP,
    peerId: "me",
    sessionId: SESSION,
    findings: p.findings,
    hasSamples: p.report.tracks.length > 0,
    // The index lists this participant too: the line leaves them out.
    sessionVerdicts: others === null ? null : [p.verdict, ...others],
    peakParticipants,
  });
}

const plain = (l: VerdictLine) => verdictLineText(l, (a, b) => formatUtcRange(a, b));

describe("buildVerdictLine", () => {
  it("blames the uplink when the others in the call were fine at that time", () => {
    const l = line(me([["audio_producer", BURST]]), [fine("a"), fine("b"), fine("c")]);
    expect(l).toMatchObject({ tone: "poor", cause: "uplink", others: "compared" });
    expect(plain(l)).toMatch(
      /^Likely their uplink: 20 % loss sent [\d:]+–[\d:]+ UTC; the 3 others in the call were fine then$/,
    );
    const time = l.parts.find((p) => p.kind === "time");
    expect(time).toEqual({ kind: "time", startMs: expect.any(Number), endMs: expect.any(Number) });
  });

  it("says everyone degraded when at least half of the others had trouble of their own then", () => {
    const l = line(me([["audio_producer", BURST]]), [ownTrouble("a"), ownTrouble("b"), fine("c"), fine("d")]);
    expect(l.cause).toBe("everyone");
    expect(plain(l)).toMatch(
      /^Everyone in the call degraded .+ UTC: likely not this participant's network \(2 of the 4/,
    );
    // One in four is not everyone: the uplink stays the likely cause, and the one is named with a link.
    const one = line(me([["audio_producer", BURST]]), [ownTrouble("a"), fine("b"), fine("c"), fine("d")]);
    expect(one.cause).toBe("uplink");
    expect(plain(one)).toContain("of the 4 others in the call then, 3 were fine, 1 had trouble of their own (Own a)");
    expect(one.parts).toContainEqual({
      kind: "link",
      text: "Own a",
      href: expect.stringContaining(peerPath(APP, "a")),
    });
  });

  it("does not count others who only received badly against a sender's uplink: that is its own loss arriving", () => {
    const l = line(me([["audio_producer", BURST]]), [receiving("a"), receiving("b"), fine("c")]);
    expect(l.cause).toBe("uplink");
    expect(plain(l)).toContain(
      "of the 3 others in the call then, 1 was fine, 2 had trouble only in what they received",
    );
  });

  it("names the sender whose uplink was bad while this participant received badly, linking their page zoomed", () => {
    const l = line(me([["audio_consumer", BURST]]), [
      fine("a"),
      peer("s", "Sam <b>", [["audio_producer", BURST]]).verdict,
    ]);
    expect(l).toMatchObject({ cause: "sender", tone: "poor" });
    expect(plain(l)).toMatch(
      /^Likely the sender's uplink: 20 % loss received .+ UTC; Sam <b> had upstream packet loss/,
    );
    const link = l.parts.find((p) => p.kind === "link");
    // The name stays inert text; the link goes to the sender's page, zoomed around the episode.
    expect(link).toMatchObject({ text: "Sam <b>" });
    const href = new URL(link && link.kind === "link" ? link.href : "", "http://x");
    expect(href.pathname).toBe(peerPath(APP, "s"));
    expect(href.hash).toBe("#charts");
    const time = l.parts.find((p) => p.kind === "time");
    if (time?.kind !== "time") throw new Error("no time");
    expect(Date.parse(href.searchParams.get("from") ?? "")).toBeLessThan(time.startMs);
    expect(Date.parse(href.searchParams.get("to") ?? "")).toBeGreaterThan(time.endMs);
  });

  it("blames the downlink when nobody sent badly and the others were fine", () => {
    const l = line(me([["audio_consumer", BURST]]), [fine("a")]);
    expect(l.cause).toBe("downlink");
    expect(plain(l)).toMatch(
      /^Likely their downlink: 20 % loss received .+; the other person in the call was fine then$/,
    );
  });

  it("says when the others have not been checked, with a link to the session page", () => {
    for (const l of [line(me([["audio_producer", BURST]]), []), line(me([["audio_producer", BURST]]), [], 4)]) {
      expect(l.others).toBe("unchecked");
      expect(plain(l)).toMatch(/; the others in the call have not been checked yet: check them on the session page$/);
      expect(l.parts.at(-1)).toEqual({ kind: "link", text: expect.any(String), href: sessionPath(APP, SESSION) });
    }
    // Alone in the call: nothing to check.
    expect(plain(line(me([["audio_producer", BURST]]), [], 1))).toMatch(/; nobody else was in the call$/);
    // The index not read at all: no claim about the others.
    const unread = line(me([["audio_producer", BURST]]), null);
    expect(unread.others).toBe("unknown");
    expect(plain(unread)).toMatch(/^Likely their uplink: 20 % loss sent [^;]+ UTC$/);
  });

  it("says 'checked' when fewer others are checked than were in the call", () => {
    expect(plain(line(me([["audio_producer", BURST]]), [fine("a")], 5))).toMatch(
      /the other person checked was fine then$/,
    );
  });

  it("leaves out others who had no samples then", () => {
    const later = peer("late", "Late", [["audio_producer", CLEAN]]);
    const shifted: Verdict = {
      ...later.verdict,
      timeline: { ...later.verdict.timeline, startMs: (later.verdict.timeline.startMs ?? 0) + 3_600_000 },
    };
    expect(plain(line(me([["audio_producer", BURST]]), [shifted]))).toMatch(
      /none of the 1 other in the call had samples then$/,
    );
  });

  it("finds no problem in a good call, and says so when there are no samples at all", () => {
    const good = line(me([["audio_producer", CLEAN]]), [ownTrouble("a")]);
    expect(good).toMatchObject({ tone: "good", cause: "none" });
    expect(plain(good)).toMatch(/^No problem found/);
    const empty = peer("me", "Dana", []);
    expect(line(empty, [])).toMatchObject({ tone: "neutral", cause: "no-samples" });
  });
});
