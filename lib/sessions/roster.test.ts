import { describe, expect, it } from "vitest";
import type { Participant } from "@/lib/realtimekit/types";
import { parseRosterView, timelineEnd, toRoster, type RosterEntry } from "./roster";

describe("parseRosterView", () => {
  it("reads search, sort and page from a pasted link", () => {
    expect(parseRosterView(new URLSearchParams("search=alice&sort=-reconnects&page=3"), 5)).toEqual({
      search: "alice",
      sort: "-reconnects",
      page: 3,
      issues: [],
    });
    expect(parseRosterView(new URLSearchParams(""), 1)).toEqual({ search: "", sort: "joined", page: 1, issues: [] });
  });

  it("falls back on bad values and names each one", () => {
    const v = parseRosterView(new URLSearchParams("sort=loudest&page=two&color=red"), 5);
    expect(v).toMatchObject({ sort: "joined", page: 1, search: "" });
    expect(v.issues.map((i) => i.field).sort()).toEqual(["color", "page", "sort"]);
    expect(v.issues.find((i) => i.field === "sort")?.message).toMatch(/must be one of joined, -joined, name/);
  });

  it("sends a page past the end back to the first, saying so", () => {
    expect(parseRosterView(new URLSearchParams("page=9"), 4)).toMatchObject({
      page: 1,
      issues: [{ field: "page", message: "is past the last page (4)" }],
    });
    expect(parseRosterView(new URLSearchParams("page=4"), 4)).toMatchObject({ page: 4, issues: [] });
  });
});

describe("toRoster", () => {
  const T0 = Date.parse("2026-08-10T14:00:00Z");
  const person: Participant = {
    peerId: "p1",
    sessionId: "s1",
    userId: null,
    customParticipantId: null,
    name: "Asha",
    preset: null,
    joinedAt: new Date(T0).toISOString(),
    leftAt: null,
    durationS: 300,
    peerEvents: null,
    reconnects: null,
  };

  it("shows a participant without a leave time as in the call only while the session is live", () => {
    expect(toRoster([person], { sessionEndedAt: null, live: true, now: T0 + 600_000 })[0]).toMatchObject({
      open: true,
      intervals: [[T0, T0 + 600_000]],
    });
    // Ended, though the upstream left out both leave and end times: not in the call, and not until now.
    expect(toRoster([person], { sessionEndedAt: null, live: false, now: T0 + 3_600_000 })[0]).toMatchObject({
      open: false,
      leftAt: null,
      intervals: [[T0, T0 + 300_000]],
    });
  });
});

describe("timelineEnd", () => {
  const T0 = Date.parse("2026-08-10T14:00:00Z");
  const days = T0 + 3 * 86_400_000;
  const seen = (end: number): RosterEntry => ({
    peerId: "p",
    name: null,
    customParticipantId: null,
    preset: null,
    joinedAt: null,
    leftAt: null,
    durationS: null,
    reconnects: null,
    intervals: [[T0, end]],
    open: false,
  });

  it("is the reported end, or now while live", () => {
    expect(
      timelineEnd({ endedAt: "2026-08-10T14:30:00Z", live: false, now: days, start: T0, durationS: 1800, roster: [] }),
    ).toBe(T0 + 30 * 60_000);
    expect(timelineEnd({ endedAt: null, live: true, now: T0 + 600_000, start: T0, durationS: null, roster: [] })).toBe(
      T0 + 600_000,
    );
  });

  it("ended, no reported end: the last moment anyone was seen, else start + duration, not the time of viewing", () => {
    expect(
      timelineEnd({
        endedAt: null,
        live: false,
        now: days,
        start: T0,
        durationS: 1800,
        roster: [seen(T0 + 20 * 60_000), seen(T0 + 25 * 60_000)],
      }),
    ).toBe(T0 + 25 * 60_000);
    expect(timelineEnd({ endedAt: null, live: false, now: days, start: T0, durationS: 1800, roster: [] })).toBe(
      T0 + 30 * 60_000,
    );
  });
});
