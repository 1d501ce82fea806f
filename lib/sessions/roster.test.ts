import { describe, expect, it } from "vitest";
import type { Participant } from "@/lib/realtimekit/types";
import {
  filterRoster,
  parseRosterView,
  relevantLanes,
  rosterPresets,
  timelineEnd,
  toRoster,
  type RosterEntry,
} from "./roster";

describe("parseRosterView", () => {
  it("reads search, sort and page from a pasted link", () => {
    expect(parseRosterView(new URLSearchParams("search=alice&sort=-reconnects&page=3"), 5)).toEqual({
      search: "alice",
      sort: "-reconnects",
      page: 3,
      quality: [],
      preset: "",
      lanes: false,
      issues: [],
    });
    expect(parseRosterView(new URLSearchParams(""), 1)).toEqual({
      search: "",
      sort: "joined",
      page: 1,
      quality: [],
      preset: "",
      lanes: false,
      issues: [],
    });
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

describe("parseRosterView: quality and role", () => {
  const presets = ["webinar_presenter", "webinar_viewer"];

  it("reads the worst-first sort, levels to keep (once each, in one order) and a role", () => {
    const v = parseRosterView(
      new URLSearchParams("sort=quality&quality=unchecked,poor,poor&preset=webinar_viewer&lanes=all"),
      1,
      { presets },
    );
    expect(v).toMatchObject({
      sort: "quality",
      quality: ["poor", "unchecked"],
      preset: "webinar_viewer",
      lanes: true,
      issues: [],
    });
  });

  it("falls back to everyone on an unknown level or a role the session does not have, naming the roles", () => {
    const v = parseRosterView(new URLSearchParams("quality=poor,awful&preset=admin"), 1, { presets });
    expect(v).toMatchObject({ quality: [], preset: "" });
    expect(v.issues).toEqual([
      { field: "quality", message: "must be a comma list of poor, degraded, unknown, unchecked, good" },
      { field: "preset", message: "is not a role in this session (webinar_presenter, webinar_viewer)" },
    ]);
  });

  it("keeps the links made before quality and roles existed working", () => {
    expect(parseRosterView(new URLSearchParams("search=alice&sort=name&page=2"), 3, { presets })).toMatchObject({
      search: "alice",
      sort: "name",
      page: 2,
      quality: [],
      preset: "",
      issues: [],
    });
  });
});

function entry(peerId: string, over: Partial<RosterEntry> = {}): RosterEntry {
  return {
    peerId,
    name: peerId.toUpperCase(),
    customParticipantId: null,
    preset: "viewer",
    joinedAt: "2026-08-10T14:00:00.000Z",
    leftAt: null,
    durationS: 60,
    reconnects: 0,
    intervals: [],
    open: false,
    ...over,
  };
}

describe("filterRoster: quality and role", () => {
  const people = [
    entry("a", { name: "Zed" }),
    entry("b", { name: "Yan", preset: "host" }),
    entry("c", { name: "Xia" }),
    entry("d", { name: "Wu" }),
    entry("e", { name: "Vic" }),
    entry("f", { name: "Ute" }),
    entry("g", { name: "Abe" }),
  ];
  const quality = {
    a: { level: "good" as const },
    b: { level: "poor" as const },
    c: { level: "degraded" as const },
    d: { level: "unknown" as const },
    e: { level: "poor" as const },
    g: { level: "good" as const },
  };

  it("sorts worst call quality first: poor, degraded, unknown, not checked, good; ties by name", () => {
    const ids = filterRoster(people, { search: "", sort: "quality" }, quality).map((e) => e.peerId);
    expect(ids).toEqual(["e", "b", "c", "d", "f", "g", "a"]);
  });

  it("keeps only the levels asked for, not checked included, and only the role asked for", () => {
    const view = { search: "", sort: "name" as const };
    expect(filterRoster(people, { ...view, quality: ["poor", "unchecked"] }, quality).map((e) => e.peerId)).toEqual([
      "f",
      "e",
      "b",
    ]);
    expect(filterRoster(people, { ...view, preset: "host" }, quality).map((e) => e.peerId)).toEqual(["b"]);
    expect(filterRoster(people, { ...view, preset: "host", quality: ["good"] }, quality)).toEqual([]);
  });

  it("lists the roles present, each once", () => {
    expect(rosterPresets([...people, entry("h", { preset: null })])).toEqual(["host", "viewer"]);
  });
});

describe("relevantLanes (a big session's collapsed timeline)", () => {
  it("draws bad calls first (worst first), then the stage, then the most reconnects, then the table's order", () => {
    const people = [
      entry("plain1"),
      entry("flaky1", { reconnects: 1 }),
      entry("degraded"),
      entry("presenter", { preset: "webinar_presenter" }),
      entry("flaky3", { reconnects: 3 }),
      entry("poor"),
      entry("plain2"),
    ];
    const quality = { poor: { level: "poor" as const }, degraded: { level: "degraded" as const } };
    expect(relevantLanes(people, quality, 6).map((e) => e.peerId)).toEqual([
      "poor",
      "degraded",
      "presenter",
      "flaky3",
      "flaky1",
      "plain1",
    ]);
    expect(relevantLanes(people, quality, 2).map((e) => e.peerId)).toEqual(["poor", "degraded"]);
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
