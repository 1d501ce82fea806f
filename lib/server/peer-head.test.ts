import { describe, expect, it } from "vitest";
import type { PeerReport } from "@/lib/realtimekit/types";
import { UpstreamError } from "./realtimekit/errors";
import { headReport } from "./peer-head";

const PEER = "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18";

function report(
  name: string | null,
  sessionId: string | null = name ? "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10" : null,
): PeerReport {
  const participant = {
    peerId: PEER,
    sessionId,
    userId: null,
    customParticipantId: null,
    name,
    preset: null,
    joinedAt: null,
    leftAt: null,
    durationS: null,
    peerEvents: null,
    reconnects: null,
  };
  return { participant } as PeerReport;
}
const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));
const failLater = (ms: number, err: unknown) => new Promise<never>((_, reject) => setTimeout(() => reject(err), ms));
const notFound = () => new UpstreamError({ kind: "http", status: 404, path: "/x" });
const serverError = () => new UpstreamError({ kind: "http", status: 503, path: "/x" });
const shareSpent = () => new UpstreamError({ kind: "user-share", path: "/x" });

describe("headReport", () => {
  it("takes the small section when it answers first and names the participant", async () => {
    const small = report("Asha Verma");
    expect(await headReport(later(1, small), later(30, report("whole")))).toBe(small);
  });

  it("takes the whole report when it answers first", async () => {
    const whole = report("whole");
    expect(await headReport(later(30, report("small")), later(1, whole))).toBe(whole);
  });

  it("a 404 from either settles it: the peer does not exist", async () => {
    await expect(headReport(failLater(1, notFound()), later(30, report("whole")))).rejects.toMatchObject({
      isNotFound: true,
    });
    await expect(headReport(later(30, report("small")), failLater(1, notFound()))).rejects.toMatchObject({
      isNotFound: true,
    });
  });

  it.each([
    ["a passing 5xx", serverError],
    ["the user's share spent after the whole report went out", shareSpent],
  ])("waits for the whole report when the small one fails with %s", async (_, error) => {
    const whole = report("whole");
    expect(await headReport(failLater(1, error()), later(20, whole))).toBe(whole);
  });

  it("waits for the whole report when the small one does not say who the participant is", async () => {
    const whole = report("whole");
    expect(await headReport(later(1, report(null)), later(20, whole))).toBe(whole);
  });

  it("falls back to a nameless small report if the whole one fails; if both fail, the whole one's error", async () => {
    const small = report(null);
    expect(await headReport(later(1, small), failLater(20, serverError()))).toBe(small);
    const wholeError = serverError();
    await expect(headReport(failLater(1, shareSpent()), failLater(20, wholeError))).rejects.toBe(wholeError);
  });
});
