import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionHealthApi } from "@/lib/routes";
import { MAX_PEERS_PER_CHECK } from "@/lib/validations/health";
import { fetchHealth } from "./use-session-health";

const APP = "14a396e7-ca44-4937-bf1f-050a69118543";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const peer = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

afterEach(() => vi.unstubAllGlobals());

describe("fetchHealth (the session page's check)", () => {
  it("asks in batches of the API's own limit, at the builder's address, and merges the answers by peer", async () => {
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      asked.push(url);
      const peers = new URL(url, "http://x.invalid").searchParams.get("peers")!.split(",");
      return new Response(
        JSON.stringify({ results: peers.map((peerId) => ({ peerId, level: "good", reason: null })) }),
      );
    });
    const ids = Array.from({ length: MAX_PEERS_PER_CHECK * 2 + 1 }, (_, i) => peer(i));
    const out = await fetchHealth(APP, SESSION, ids);
    // One constant: a second copy in the client could drift from what the API accepts.
    expect(asked).toEqual([
      sessionHealthApi(APP, SESSION, ids.slice(0, MAX_PEERS_PER_CHECK)),
      sessionHealthApi(APP, SESSION, ids.slice(MAX_PEERS_PER_CHECK, MAX_PEERS_PER_CHECK * 2)),
      sessionHealthApi(APP, SESSION, ids.slice(MAX_PEERS_PER_CHECK * 2)),
    ]);
    expect(asked[0]).toMatch(new RegExp(`^/api/apps/${APP}/sessions/${SESSION}/health\\?peers=`));
    expect(Object.keys(out)).toEqual(ids);
    expect(out[peer(3)]).toEqual({ peerId: peer(3), level: "good", reason: null });
  });

  it("fails with the API's message when a batch is refused", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ error: { code: "bad_request", message: "peers: must list 1 to 25 peer ids" } }), {
          status: 400,
        }),
    );
    await expect(fetchHealth(APP, SESSION, [peer(1)])).rejects.toThrow("peers: must list 1 to 25 peer ids");
  });
});
