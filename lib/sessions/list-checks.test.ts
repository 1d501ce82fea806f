import { describe, expect, it } from "vitest";
import type { Page, Session } from "@/lib/realtimekit/types";
import type { HealthResult } from "@/lib/validations/health";
import {
  AUTO_CHECK_BUDGET,
  checkCost,
  describeAutoChecks,
  describePageChecks,
  NO_SAMPLES_REASON,
  type PageChecks,
  patchQuality,
  planAutoChecks,
  planPageChecks,
  qualityFromResults,
  QUALITY_WALK_MAX_PAGES,
  QUALITY_WALK_PER_PAGE,
  walkPoorSessions,
} from "./list-checks";
import type { SessionQuality, SessionWithQuality } from "./quality-summary";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-30T12:00:00.000Z");

function row(id: string, p: Partial<SessionWithQuality> & { hoursAgo?: number } = {}): SessionWithQuality {
  const { hoursAgo = 1, ...rest } = p;
  return {
    id,
    appId: null,
    meetingId: null,
    title: id,
    type: null,
    status: "ended",
    liveParticipants: null,
    peakParticipants: 4,
    participantMinutes: null,
    startedAt: new Date(T0 - hoursAgo * HOUR).toISOString(),
    endedAt: null,
    durationS: null,
    createdAt: null,
    updatedAt: null,
    breakoutRooms: [],
    quality: null,
    ...rest,
  };
}

const q = (p: Partial<SessionQuality>): SessionQuality => {
  const c = { poor: 0, degraded: 0, good: 0, unknown: 0, ...p };
  return { checked: c.poor + c.degraded + c.good + c.unknown, ...c };
};

describe("checkCost", () => {
  it("counts the participant list, the health check's own two look-ups and one report per participant", () => {
    expect(checkCost(4)).toBe(1 + 2 + 4);
    expect(checkCost(0)).toBe(3);
    expect(checkCost(100)).toBe(1 + 2 + 100);
    expect(checkCost(101)).toBe(2 + 2 + 101);
  });
});

describe("planAutoChecks", () => {
  it("takes small ended sessions not in the index, newest first, whatever the list's order", () => {
    const rows = [
      row("old", { hoursAgo: 30 }),
      row("live", { status: "live", hoursAgo: 0.1 }),
      row("new", { hoursAgo: 2 }),
      row("checked", { hoursAgo: 1, quality: q({ good: 1 }) }),
      row("big", { peakParticipants: 9, hoursAgo: 1 }),
      row("eight", { peakParticipants: 8, hoursAgo: 3 }),
      row("unknown-size", { peakParticipants: null, hoursAgo: 1 }),
      row("empty", { peakParticipants: 0, hoursAgo: 1 }),
    ];
    const plan = planAutoChecks(rows, { budget: 1_000 });
    expect(plan.picked.map((p) => p.session.id)).toEqual(["new", "eight", "old"]);
    expect(plan.picked.map((p) => p.cost)).toEqual([checkCost(4), checkCost(8), checkCost(4)]);
    expect(plan.waiting).toEqual([]);
  });

  it("never plans past the budget: what does not fit waits, smaller older ones still fit", () => {
    const rows = [
      row("a", { peakParticipants: 8, hoursAgo: 1 }), // 11
      row("b", { peakParticipants: 8, hoursAgo: 2 }), // 11
      row("c", { peakParticipants: 8, hoursAgo: 3 }), // 11
      row("d", { peakParticipants: 8, hoursAgo: 4 }), // 11: 44 > 40
      row("e", { peakParticipants: 2, hoursAgo: 5 }), // 5: 38
      row("f", { peakParticipants: 1, hoursAgo: 6 }), // 4: 42 > 40
    ];
    const plan = planAutoChecks(rows);
    expect(plan.picked.map((p) => p.session.id)).toEqual(["a", "b", "c", "e"]);
    expect(plan.waiting.map((s) => s.id)).toEqual(["d", "f"]);
    const spent = plan.picked.reduce((n, p) => n + p.cost, 0);
    expect(spent).toBe(38);
    expect(spent).toBeLessThanOrEqual(AUTO_CHECK_BUDGET);
  });

  it("picks nothing when every small session is in the index or was tried: such a view costs nothing", () => {
    const rows = [row("a", { quality: q({ poor: 1 }) }), row("b", { quality: q({ good: 4 }) }), row("c")];
    expect(planAutoChecks(rows, { tried: new Set(["c"]) })).toEqual({ picked: [], waiting: [] });
    expect(planAutoChecks(rows, { budget: 0 }).waiting.map((s) => s.id)).toEqual(["c"]);
  });
});

describe("planPageChecks", () => {
  it("takes every session not fully checked, in the page's order, and leaves the big ones to their page", () => {
    const rows = [
      row("full", { quality: q({ good: 4 }) }),
      row("partial", { quality: q({ good: 2 }) }),
      row("live", { status: "live" }),
      row("webinar", { peakParticipants: 1_000 }),
      row("done"),
      row("unknown-size", { peakParticipants: null }),
      row("empty", { peakParticipants: 0 }),
    ];
    const plan = planPageChecks(rows, new Set(["done"]));
    expect(plan.todo.map((s) => s.id)).toEqual(["partial", "live", "unknown-size"]);
    expect(plan.tooBig.map((s) => s.id)).toEqual(["webinar"]);
  });
});

describe("qualityFromResults", () => {
  const r = (peerId: string, level: HealthResult["level"], extra: Partial<HealthResult> = {}): HealthResult => ({
    peerId,
    level,
    reason: null,
    ...extra,
  });

  it("counts as the index does: no-samples unknowns kept, failures and not-yet-checked left out", () => {
    const results = [
      r("a", "poor"),
      r("b", "poor"),
      r("c", "degraded"),
      r("d", "good"),
      r("e", "unknown", { reason: NO_SAMPLES_REASON }),
      r("f", "unknown", { reason: "No call statistics for this peer" }),
      r("g", "unknown", { reason: "Not checked", retryAfterS: 30 }),
      r("a", "poor"),
    ];
    expect(qualityFromResults(results)).toEqual({ checked: 5, poor: 2, degraded: 1, good: 1, unknown: 1 });
    expect(qualityFromResults([r("f", "unknown", { reason: "Could not check" })])).toBeNull();
  });
});

describe("patchQuality", () => {
  const page: Page<SessionWithQuality> = {
    items: [row("a"), row("b", { quality: q({ good: 3 }) })],
    page: 1,
    perPage: 20,
    total: 2,
    startOffset: 1,
    endOffset: 2,
    hasMore: false,
  };

  it("replaces one row's quality, never with a count that knows fewer participants", () => {
    const patched = patchQuality(page, "a", q({ poor: 2, degraded: 1, good: 1 }));
    expect(patched.items[0]?.quality).toEqual(q({ poor: 2, degraded: 1, good: 1 }));
    expect(patched.items[1]).toBe(page.items[1]);
    expect(page.items[0]?.quality).toBeNull();
    expect(patchQuality(page, "b", q({ poor: 1 }))).toBe(page);
    expect(patchQuality(page, "b", q({ poor: 1, good: 3 })).items[1]?.quality?.poor).toBe(1);
    expect(patchQuality(page, "a", null)).toBe(page);
  });
});

describe("walkPoorSessions", () => {
  function upstream(n: number, poorEvery: number) {
    const all = Array.from({ length: n }, (_, i) => row(`s${i}`, { hoursAgo: i }));
    const calls: number[] = [];
    const listPage = async (page: number, perPage: number): Promise<Page<Session>> => {
      calls.push(page);
      const items = all.slice((page - 1) * perPage, page * perPage);
      return { items, page, perPage, total: n, startOffset: null, endOffset: null, hasMore: page * perPage < n };
    };
    const withQuality = async (p: Page<Session>): Promise<Page<SessionWithQuality>> => ({
      ...p,
      items: p.items.map((s) => {
        const i = Number(s.id.slice(1));
        return { ...s, quality: i % poorEvery === 0 ? q({ poor: 1, good: 1 }) : i % 2 ? q({ good: 2 }) : null };
      }),
    });
    return { listPage, withQuality, calls };
  }

  it("keeps only sessions with a poor participant, and pages them", async () => {
    const u = upstream(250, 7);
    const first = await walkPoorSessions(u.listPage, u.withQuality, { page: 1, perPage: 20 });
    expect(u.calls).toEqual([1, 2, 3]);
    expect(first.total).toBe(36);
    expect(first.items.map((s) => s.id).slice(0, 3)).toEqual(["s0", "s7", "s14"]);
    expect(first.items.every((s) => (s.quality?.poor ?? 0) > 0)).toBe(true);
    expect(first).toMatchObject({
      startOffset: 1,
      endOffset: 20,
      hasMore: true,
      walk: { searched: 250, capped: false },
    });
    const second = await walkPoorSessions(u.listPage, u.withQuality, { page: 2, perPage: 20 });
    expect(second).toMatchObject({ startOffset: 21, endOffset: 36, hasMore: false });
    expect(second.items[0]?.id).toBe("s140");
  });

  it("reads at most QUALITY_WALK_MAX_PAGES pages and says it was capped", async () => {
    const u = upstream(QUALITY_WALK_MAX_PAGES * QUALITY_WALK_PER_PAGE + 5, 50);
    const out = await walkPoorSessions(u.listPage, u.withQuality, { page: 1, perPage: 20 });
    expect(u.calls).toHaveLength(QUALITY_WALK_MAX_PAGES);
    expect(out.walk).toEqual({ searched: 1_000, capped: true });
    expect(out.total).toBe(20);

    const exact = upstream(QUALITY_WALK_MAX_PAGES * QUALITY_WALK_PER_PAGE, 50);
    expect((await walkPoorSessions(exact.listPage, exact.withQuality, { page: 1, perPage: 20 })).walk).toEqual({
      searched: 1_000,
      capped: false,
    });
  });

  it("answers an empty page when nothing checked was poor", async () => {
    const u = upstream(30, 1_000_000);
    // s0 is poor with any modulus: only it matches.
    const out = await walkPoorSessions(u.listPage, u.withQuality, { page: 2, perPage: 20 });
    expect(out).toMatchObject({ items: [], total: 1, startOffset: null, endOffset: null, hasMore: false });
  });
});

describe("what the checks bar says", () => {
  it("names what ran automatically, within which budget, and what waits for the button", () => {
    const auto = { planned: 5, checked: 5, spent: 37, waiting: 3, stopped: null };
    expect(describeAutoChecks({ state: "running", ...auto, checked: 2 })).toBe(
      "Checking small ended sessions automatically: 2 of 5 done…",
    );
    expect(describeAutoChecks({ state: "done", ...auto })).toBe(
      "Checked 5 small sessions automatically (at most 37 of the 40 RealtimeKit requests a view may spend); " +
        "3 more wait for \u201cCheck this page\u201d.",
    );
    expect(describeAutoChecks({ state: "done", ...auto, checked: 1, waiting: 1, stopped: "The share is spent" })).toBe(
      "Checked 1 small session automatically (at most 37 of the 40 RealtimeKit requests a view may spend); " +
        "stopped: The share is spent; 1 more waits for \u201cCheck this page\u201d.",
    );
    expect(
      describeAutoChecks({ state: "done", planned: 0, checked: 0, spent: 0, waiting: 0, stopped: null }),
    ).toBeNull();
  });

  it("shows progress, the pause and its wait, and what could not be checked", () => {
    const p: PageChecks = {
      state: "running",
      current: 3,
      total: 12,
      checked: 2,
      failed: 0,
      partial: 0,
      tooBig: 0,
      message: null,
      retryAfterS: null,
    };
    expect(describePageChecks(p)).toBe("Checking 3 of 12 sessions…");
    expect(describePageChecks({ ...p, state: "paused", message: "The share is spent.", retryAfterS: 41.2 })).toBe(
      "Paused at session 3 of 12: The share is spent. Continue in about 42 s.",
    );
    expect(describePageChecks({ ...p, state: "done", checked: 10, failed: 1, partial: 1, tooBig: 1 })).toBe(
      "Checked 10 of 12 sessions on this page; 1 session could not be checked; in 1 session some participants " +
        "have no verdict (no report, or it could not be read). 1 session with more than 100 participants is left " +
        "to its own page, which checks it with a progress bar.",
    );
    expect(describePageChecks({ ...p, state: "idle" })).toBeNull();
  });
});
