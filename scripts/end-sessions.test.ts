import { describe, expect, it } from "vitest";
import { createMemoryRevocationStore, type RevocationStore } from "@/lib/server/auth/revocation";
import { endSessions } from "./end-sessions";

const NOW = Date.parse("2026-12-01T09:30:00Z");
const noPause = async () => {};

/** A stand-in for a shared store: the memory one, flagged shared, failing its first `failures` writes. */
function sharedStore(failures = 0): RevocationStore & { writes: number } {
  const inner = createMemoryRevocationStore(() => NOW);
  const store = {
    ...inner,
    shared: true,
    writes: 0,
    async setNotBefore(at: number) {
      store.writes++;
      if (store.writes <= failures) throw new Error("store unreachable");
      await inner.setNotBefore(at);
    },
  };
  return store;
}

describe("npm run end-sessions", () => {
  it("sets the shared store's not-before to now", async () => {
    const store = sharedStore();
    const result = await endSessions(store, () => NOW, noPause);
    expect(result).toEqual({ ok: true, message: expect.stringContaining("2026-12-01T09:30:00.000Z") });
    expect(await store.notBefore()).toBe(NOW);
  });

  it("retries a store that fails for a moment, and says so when it never takes the change", async () => {
    const flaky = sharedStore(2);
    expect((await endSessions(flaky, () => NOW, noPause)).ok).toBe(true);
    expect(await flaky.notBefore()).toBe(NOW);

    const down = sharedStore(99);
    const result = await endSessions(down, () => NOW, noPause);
    expect(result).toEqual({ ok: false, message: expect.stringContaining("store unreachable") });
    expect(down.writes).toBe(3);
    expect(await down.notBefore()).toBeNull();
  });

  it("without a shared store, changes nothing and names the variable to set instead", async () => {
    const local = createMemoryRevocationStore(() => NOW);
    const result = await endSessions(local, () => NOW, noPause);
    expect(result.ok).toBe(false);
    expect(result.message).toContain("AUTH_SESSIONS_NOT_BEFORE=2026-12-01T09:30:00.000Z");
    expect(result.message).toContain("AUTH_SECRET");
    expect(await local.notBefore()).toBeNull();
  });
});
