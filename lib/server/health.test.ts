import { describe, expect, it, vi } from "vitest";
import { UserShareExceeded } from "./user-share";

/** The health check once the asking user's share of the upstream budget has run out. */

const state = vi.hoisted(() => ({ asked: 0 }));
vi.mock("./realtimekit/client", () => ({
  realtimeKit: () => ({
    async getPeerReport() {
      state.asked++;
      throw new UserShareExceeded(300, 300_000, 30_000);
    },
  }),
}));

const { checkPeers } = await import("./health");

describe("checkPeers when the user's share is spent", () => {
  it("stops asking and says whose limit it was, not that the whole budget ran out", async () => {
    const peers = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const results = await checkPeers("6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10", peers);
    expect(results.every((r) => r.level === "unknown")).toBe(true);
    // The workers already under way (4) each got the refusal; the rest were not asked.
    expect(state.asked).toBeLessThanOrEqual(4);
    expect(results.every((r) => /your share/i.test(r.reason ?? ""))).toBe(true);
    expect(results.some((r) => /budget is exhausted/.test(r.reason ?? ""))).toBe(false);
  });
});

describe("checkPeers for a page that went away", () => {
  it("asks the upstream nothing once the request is aborted", async () => {
    state.asked = 0;
    const peers = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const gone = new AbortController();
    gone.abort();
    const results = await checkPeers("6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10", peers, { signal: gone.signal });
    expect(state.asked).toBe(0);
    expect(results.every((r) => r.level === "unknown" && /went away/.test(r.reason ?? ""))).toBe(true);
  });
});
