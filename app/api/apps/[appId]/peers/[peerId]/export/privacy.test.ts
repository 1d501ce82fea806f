import { describe, expect, it, vi } from "vitest";
import type { PeerExport } from "@/lib/report/export";
import { maskAddress } from "@/lib/report/privacy";
import { captureAudits } from "@/lib/test/audits";
import { withSimulatedUpstream } from "@/lib/test/demo-env";
import { viewer } from "@/lib/test/viewers";
import { SIM } from "@/simulator/scenarios";

/** The peer exports on the simulator over real HTTP: masked for a non-admin, exact for an admin, each audited. */

vi.mock("@/auth", () => import("@/lib/test/viewers").then((m) => m.authAsViewer));
vi.mock("@/lib/server/apps", () => ({ isAppAllowed: async () => true }));

withSimulatedUpstream();

const APP = SIM.apps.prod.id;
const PEER = SIM.peers.mobile4g;
const audits = captureAudits();

async function download(admin: boolean, format: "json" | "csv") {
  viewer.admin = admin;
  const { GET } = await import("./route");
  const res = await GET(new Request(`http://app.test/api/apps/${APP}/peers/${PEER}/export?format=${format}`), {
    params: Promise.resolve({ appId: APP, peerId: PEER }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe("GET /api/apps/{appId}/peers/{peerId}/export: privacy", () => {
  it("JSON: an admin's file has the exact address, city and user agent; a non-admin's them masked", async () => {
    const exact = JSON.parse(await download(true, "json")) as PeerExport;
    const maskedText = await download(false, "json");
    const masked = JSON.parse(maskedText) as PeerExport;
    const ip = exact.report.network?.ipv4 ?? "";
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(exact.report.network?.city).toBeTruthy();
    expect(exact.report.device?.userAgent).toMatch(/^Mozilla\//);
    expect(exact.notes.join(" ")).not.toMatch(/cut to \/24/);

    expect(masked.report.network?.ipv4).toBe(maskAddress(ip));
    expect(masked.report.network?.city).toBeNull();
    expect(masked.report.device?.userAgent).toMatch(/ on /);
    expect(masked.notes.join(" ")).toMatch(/cut to \/24/);
    const leaked = [`"${ip}"`, `"city":"${exact.report.network!.city}"`, exact.report.device!.userAgent!].filter((v) =>
      maskedText.includes(v),
    );
    expect(leaked).toEqual([]);
    // The findings are the same: masking never changes a verdict.
    expect(masked.findings).toEqual(exact.findings);
  });

  it("CSV: samples only, no address or user agent for anyone; the same file for both", async () => {
    const admin = await download(true, "csv");
    const ops = await download(false, "csv");
    expect(ops).toBe(admin);
    expect(ops).not.toMatch(/(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])/);
    expect(ops).not.toContain("Mozilla");
  });

  it("writes an audit line per download, naming the format and the session", async () => {
    await download(false, "csv");
    await download(true, "json");
    expect(audits).toEqual([
      expect.objectContaining({
        audit: true,
        who: "ops@example.com",
        what: expect.objectContaining({ kind: "peer-export", appId: APP, peerId: PEER, format: "csv" }),
        unmasked: false,
      }),
      expect.objectContaining({
        who: "lead@example.com",
        what: expect.objectContaining({ kind: "peer-export", format: "json" }),
        unmasked: true,
      }),
    ]);
    expect((audits[0]?.what as { sessionId?: string }).sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
