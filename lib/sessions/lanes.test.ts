import { describe, expect, it } from "vitest";
import type { Participant, PeerEvent } from "@/lib/realtimekit/types";
import { concurrency, lane } from "./lanes";

const T0 = Date.parse("2026-08-10T14:00:00Z");
const iso = (min: number) => new Date(T0 + min * 60_000).toISOString();
const ev = (kind: PeerEvent["kind"], min: number): PeerEvent => ({
  id: null,
  kind,
  name: null,
  at: iso(min),
  viewType: null,
  minutesConsumed: null,
});
const person = (over: Partial<Participant>): Participant => ({
  peerId: "p1",
  sessionId: "s1",
  userId: null,
  customParticipantId: null,
  name: "Asha",
  preset: null,
  joinedAt: iso(0),
  leftAt: iso(30),
  durationS: 1800,
  peerEvents: null,
  reconnects: null,
  ...over,
});

describe("participant lanes", () => {
  it("turns join/leave pairs into intervals with the drops between them", () => {
    const l = lane(
      person({
        peerEvents: [
          ev("created", 0),
          ev("joining", 0),
          ev("leaving", 10),
          ev("joining", 12),
          ev("leaving", 20),
          ev("joining", 21),
          ev("leaving", 30),
        ],
      }),
      {
        sessionEndedAt: iso(31),
        live: false,
        now: T0 + 60 * 60_000,
      },
    );
    expect(l.intervals.map((i) => [(i.start - T0) / 60_000, (i.end - T0) / 60_000])).toEqual([
      [0, 10],
      [12, 20],
      [21, 30],
    ]);
    expect(l.gaps.map((g) => [(g.start - T0) / 60_000, (g.end - T0) / 60_000])).toEqual([
      [10, 12],
      [20, 21],
    ]);
    expect(l.open).toBe(false);
  });

  it("an unclosed join in a live session runs to now and is open", () => {
    const now = T0 + 25 * 60_000;
    const l = lane(person({ leftAt: null, peerEvents: [ev("joining", 5)] }), { sessionEndedAt: null, live: true, now });
    expect(l.intervals).toEqual([{ start: T0 + 5 * 60_000, end: now }]);
    expect(l.open).toBe(true);
  });

  it("an unclosed join in an ended session stops at the participant's or the session's end", () => {
    const l = lane(person({ leftAt: null, peerEvents: [ev("joining", 5)] }), {
      sessionEndedAt: iso(40),
      live: false,
      now: T0 + 99 * 60_000,
    });
    expect(l.intervals[0]?.end).toBe(T0 + 40 * 60_000);
    expect(l.open).toBe(false);
  });

  it("an ended session without leave or end times is not 'still in the call', and does not run to now", () => {
    const now = T0 + 99 * 60_000;
    const l = lane(person({ leftAt: null, durationS: 600, peerEvents: [ev("joining", 5)] }), {
      sessionEndedAt: null,
      live: false,
      now,
    });
    expect(l.open).toBe(false);
    // Join (14:00) plus the 10 min in the call is the best end there is.
    expect(l.intervals).toEqual([{ start: T0 + 5 * 60_000, end: T0 + 10 * 60_000 }]);
    const unknown = lane(person({ leftAt: null, durationS: null, peerEvents: null }), {
      sessionEndedAt: null,
      live: false,
      now,
    });
    expect(unknown).toMatchObject({ open: false, intervals: [{ start: T0, end: T0 }] });
  });

  it("falls back to joined/left times without peer events", () => {
    const l = lane(person({ peerEvents: null }), { sessionEndedAt: iso(31), live: false, now: 0 });
    expect(l.intervals).toEqual([{ start: T0, end: T0 + 30 * 60_000 }]);
    expect(l.gaps).toEqual([]);
  });

  it("counts concurrency without double-counting a rejoin at the same instant", () => {
    const a = lane(
      person({ peerEvents: [ev("joining", 0), ev("leaving", 10), ev("joining", 10), ev("leaving", 20)] }),
      { sessionEndedAt: iso(20), live: false, now: 0 },
    );
    const b = lane(person({ peerId: "p2", peerEvents: [ev("joining", 5), ev("leaving", 15)] }), {
      sessionEndedAt: iso(20),
      live: false,
      now: 0,
    });
    expect(concurrency([a, b]).map((p) => [(p.t - T0) / 60_000, p.count])).toEqual([
      [0, 1],
      [5, 2],
      [10, 2],
      [15, 1],
      [20, 0],
    ]);
  });
});
