import { describe, expect, it, vi } from "vitest";
import type { PeerReport } from "@/lib/realtimekit/types";
import { maskAddress } from "@/lib/report/privacy";
import { captureAudits } from "@/lib/test/audits";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import { viewer } from "@/lib/test/viewers";
import { SIM } from "@/simulator/scenarios";

/**
 * The peer API on the simulator over real HTTP: a non-admin gets addresses cut to their network, no
 * city and a reduced user agent; an admin the report as RealtimeKit sent it. Each read is audited.
 */

vi.mock("@/auth", () => import("@/lib/test/viewers").then((m) => m.authAsViewer));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

withSimulatedUpstream();

const APP = SIM.apps.prod.id;
const PEER = SIM.peers.lossBurst;

const audits = captureAudits();

async function read(admin: boolean, query = "") {
  viewer.admin = admin;
  const seen = audits.length;
  const { GET } = await import("./route");
  const res = await GET(
    new Request(`http://app.test/api/apps/${APP}/peers/${PEER}${query}`, {
      headers: { "x-request-id": `privacy-${admin ? "admin" : "ops"}` },
    }),
    { params: Promise.resolve({ appId: APP, peerId: PEER }) },
  );
  expect(res.status).toBe(200);
  return { body: (await res.json()) as PeerReport, audits: audits.slice(seen) };
}

describe("GET /api/apps/{appId}/peers/{peerId}: privacy", () => {
  it("gives an admin the exact address, city and user agent, and a non-admin them masked", async () => {
    const { body: exact } = await read(true);
    const { body: masked } = await read(false);
    const ip = exact.network?.ipv4 ?? "";
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(exact.network?.city).toBeTruthy();
    expect(exact.device?.userAgent).toMatch(/^Mozilla\/5\.0 \(/);

    expect(masked.network?.ipv4).toBe(maskAddress(ip));
    expect(masked.network?.ipv4).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    expect(masked.network?.city).toBeNull();
    expect(masked.network?.country).toBe(exact.network?.country);
    expect(masked.device?.userAgent).toMatch(/^\w[\w ]* \d+ on \w+/);
    expect(masked.device?.userAgent).not.toContain("Mozilla");

    // Nowhere else in the answer either: candidate pairs, events, anything (booleans: the report is long).
    const text = JSON.stringify(masked);
    const addresses = exact.candidatePairs.flatMap((p) => [p.local.address, p.local.relatedAddress, p.remote.address]);
    expect(addresses.filter(Boolean).length).toBeGreaterThan(0);
    const exactValues = [ip, ...addresses].filter((a): a is string => !!a).map((a) => `"${a}"`);
    const leaked = [...exactValues, `"city":"${exact.network!.city}"`, exact.device!.userAgent!].filter((v) =>
      text.includes(v),
    );
    expect(leaked).toEqual([]);
    // The rest is the same report.
    expect(masked.tracks).toEqual(exact.tracks);
    expect(masked.participant).toEqual(exact.participant);
  });

  it("keeps the admins' answer and everyone else's apart when it answers a repeat from stored bytes", async () => {
    const exact = await read(true, "?sections=network");
    const masked = await read(false, "?sections=network");
    const maskedAgain = await read(false, "?sections=network");
    const exactAgain = await read(true, "?sections=network");
    expect(maskedAgain.body).toEqual(masked.body);
    expect(maskedAgain.body.network?.ipv4).toMatch(/\.0\/24$/);
    expect(exactAgain.body).toEqual(exact.body);
    expect(exactAgain.body.network?.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // A repeat is a read like any other: audited, with the session it belongs to.
    expect(maskedAgain.audits).toEqual([
      expect.objectContaining({
        unmasked: false,
        what: expect.objectContaining({ sessionId: masked.body.participant.sessionId }),
      }),
    ]);
  });

  it("masks a section read on its own too", async () => {
    const { body } = await read(false, "?sections=network");
    expect(body.network?.ipv4).toMatch(/\.0\/24$/);
    expect(body.network?.city).toBeNull();
  });

  it("writes one audit line per read: who, which peer, whether unmasked", async () => {
    const { audits } = await read(false, "?sections=quality");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      audit: true,
      who: "ops@example.com",
      what: { kind: "peer-report", appId: APP, peerId: PEER, sections: ["quality"] },
      unmasked: false,
      requestId: "privacy-ops",
    });
    expect(Date.parse(audits[0]!.when as string)).not.toBeNaN();
    const admin = await read(true);
    expect(admin.audits).toEqual([expect.objectContaining({ who: "lead@example.com", unmasked: true })]);
  });
});
