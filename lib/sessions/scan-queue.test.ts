import { describe, expect, it } from "vitest";
import type { HealthResult } from "@/lib/validations/health";
import type { ScanBudgetState } from "@/lib/validations/session-quality";
import { applyBatch, estimateLeftMs, formatLeft, pendingPeers, runScan, unjudged, worstSoFar } from "./scan-queue";

const good = (peerId: string): HealthResult => ({ peerId, level: "good", reason: null });
const later = (peerId: string, retryAfterS: number): HealthResult => ({
  peerId,
  level: "unknown",
  reason: "Not checked yet",
  retryAfterS,
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe("pendingPeers", () => {
  it("resumes: participants the index already knows are not asked again, the others keep the roster's order", () => {
    expect(pendingPeers(["a", "b", "c", "d"], { b: good("b"), d: good("d") })).toEqual(["a", "c"]);
  });
});

describe("unjudged", () => {
  it("names the unknown the index does not hold (a failed check), not a judged report without samples", () => {
    const known: Record<string, HealthResult> = {
      a: { peerId: "a", level: "unknown", reason: "No call-quality samples in the report" },
      B: { peerId: "B", level: "unknown", reason: "Could not check: RealtimeKit did not answer within 2 s" },
      c: good("c"),
    };
    expect(unjudged(known, new Set(["a", "c"]))).toEqual(["B"]);
    expect(unjudged(known, new Set(["a", "b", "c"]))).toEqual([]);
  });
});

describe("applyBatch", () => {
  it("keeps the judged, sends results with retryAfterS back to the queue and waits the longest asked", () => {
    const out = applyBatch(["a", "b", "c"], [good("a"), later("b", 12), later("c", 30)]);
    expect(Object.keys(out.results)).toEqual(["a"]);
    expect(out.deferred).toEqual(["b", "c"]);
    expect(out.waitS).toBe(30);
    expect(out.missing).toEqual([]);
  });

  it("names participants the answer left out, whatever the case of their ids", () => {
    const out = applyBatch(["A1", "b2"], [good("a1")]);
    expect(out.missing).toEqual(["b2"]);
    expect(out.waitS).toBeNull();
  });
});

/** A scan over a fake health API and a fake clock: what it asked, and how long it waited. */
function fakeScan(all: string[], answer: (batch: string[], call: number) => HealthResult[], known = {}) {
  const state = { known: { ...known } as Record<string, HealthResult>, asked: [] as string[][], waits: [] as number[] };
  let clock = 0;
  const driver = {
    ids: () => all,
    known: () => state.known,
    check: async (batch: string[]) => {
      state.asked.push(batch);
      return { results: answer(batch, state.asked.length) };
    },
    sleep: async (ms: number) => {
      state.waits.push(ms);
      clock += ms;
    },
    onBatch: (out: ReturnType<typeof applyBatch>) => Object.assign(state.known, out.results),
    onWait: () => undefined,
    now: () => clock,
    batchSize: 2,
  };
  return { state, driver };
}

describe("runScan", () => {
  it("asks in batches only for the unknown, one batch at a time, until everyone is judged", async () => {
    const { state, driver } = fakeScan(ids(5), (batch) => batch.map(good), { p1: good("p1") });
    await runScan(driver, new AbortController().signal);
    expect(state.asked).toEqual([
      ["p0", "p2"],
      ["p3", "p4"],
    ]);
    expect(Object.keys(state.known).sort()).toEqual(ids(5));
  });

  it("waits retryAfterS when the share is spent, then asks again for the deferred first", async () => {
    const { state, driver } = fakeScan(ids(4), (batch, call) =>
      call === 2 ? [good(batch[0]!), later(batch[1]!, 7)] : batch.map(good),
    );
    await runScan(driver, new AbortController().signal);
    expect(state.asked).toEqual([["p0", "p1"], ["p2", "p3"], ["p3"]]);
    expect(state.waits).toEqual([7_000]);
  });

  it("stops with an error rather than ask forever for participants the API leaves out", async () => {
    const { state, driver } = fakeScan(ids(3), (batch) => [good(batch[0]!)]);
    await expect(runScan(driver, new AbortController().signal)).rejects.toThrow(
      "The check gave no answer for 1 of the 2 participants asked.",
    );
    expect(state.asked).toHaveLength(1);
  });

  it("stops when aborted (the page went away or the user paused)", async () => {
    const ac = new AbortController();
    const { state, driver } = fakeScan(ids(6), (batch) => {
      ac.abort();
      return batch.map(good);
    });
    await runScan(driver, ac.signal);
    expect(state.asked).toHaveLength(1);
  });
});

describe("estimateLeftMs", () => {
  const share: ScanBudgetState = { limit: 600, windowMs: 300_000, used: 100, retryAfterS: null };

  it("is what the share allows: the rest of this window free, then `limit` per window", () => {
    // 500 free now; 1,000 more at 600 per 5 min.
    expect(estimateLeftMs({ remaining: 1_500, budget: share })).toBe((1_000 / 600) * 300_000);
    expect(estimateLeftMs({ remaining: 400, budget: share })).toBe(0);
  });

  it("adds the wait asked for, after which a whole share is free", () => {
    expect(estimateLeftMs({ remaining: 900, budget: { ...share, used: 600, retryAfterS: 40 } })).toBe(
      40_000 + (300 / 600) * 300_000,
    );
  });

  it("is never faster than the pace seen so far, and unknown before either is known", () => {
    expect(estimateLeftMs({ remaining: 400, budget: share, msPerPeer: 200 })).toBe(80_000);
    expect(estimateLeftMs({ remaining: 400, budget: null })).toBeNull();
    expect(estimateLeftMs({ remaining: 0, budget: null })).toBe(0);
  });

  it("words the time left", () => {
    expect(formatLeft(20_000)).toBe("less than a minute left");
    expect(formatLeft(500_000)).toBe("about 8 min left");
    expect(formatLeft(3 * 3_600_000)).toBe("about 3 h left");
  });
});

describe("worstSoFar", () => {
  it("lists poor, then degraded, then unknown, by name, and leaves the good out", () => {
    const known: Record<string, HealthResult> = {
      a: good("a"),
      b: { peerId: "b", level: "degraded", reason: "Jitter" },
      c: { peerId: "c", level: "poor", reason: "Loss" },
      d: { peerId: "d", level: "unknown", reason: "No samples" },
      e: { peerId: "e", level: "poor", reason: "Loss" },
    };
    const names: Record<string, string> = { c: "Zoe", e: "Ann" };
    expect(worstSoFar(known, (id) => names[id] ?? id).map((r) => r.peerId)).toEqual(["e", "c", "b", "d"]);
    expect(worstSoFar(known, (id) => id, 2)).toHaveLength(2);
  });
});
