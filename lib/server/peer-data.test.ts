import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { report } from "@/lib/report/test-builders";
import { ticketSummary } from "@/lib/report/summary";

/** The one road a peer report takes to a person: masked unless an admin asks (docs/privacy.md). */

const cached = vi.hoisted(() => ({ report: null as unknown }));
vi.mock("./realtimekit/client", () => ({ realtimeKit: () => ({ getPeerReport: async () => cached.report }) }));

const { peerReportFor, shownTo, viewerOf } = await import("./peer-data");

const full = report({
  network: {
    ipv4: "198.51.100.7",
    city: "Lisbon",
    region: "Lisbon District",
    country: "PT",
    timezone: "Europe/Lisbon",
    org: null,
    asn: "AS2860",
    asnName: "NOS",
    asnDomain: null,
    asnRoute: null,
    asnType: "isp",
  },
});

describe("viewerOf", () => {
  it("is an admin only when the session says so; no session sees masked data", () => {
    expect(viewerOf({ user: { email: "lead@example.com", admin: true }, expires: "" })).toEqual({
      who: "lead@example.com",
      admin: true,
    });
    expect(viewerOf({ user: { email: "ops@example.com" }, expires: "" })).toEqual({
      who: "ops@example.com",
      admin: false,
    });
    expect(viewerOf(null)).toEqual({ who: null, admin: false });
  });
});

describe("peerReportFor", () => {
  it("masks a non-admin's copy and leaves the client's (the cached one) untouched", async () => {
    cached.report = full;
    const masked = await peerReportFor({ who: "ops@example.com", admin: false }, "app", "peer");
    expect(masked.network).toMatchObject({ ipv4: "198.51.100.0/24", city: null, region: "Lisbon District" });
    expect(full.network).toMatchObject({ ipv4: "198.51.100.7", city: "Lisbon" });
    expect(await peerReportFor({ who: "lead@example.com", admin: true }, "app", "peer")).toBe(full);
  });

  it("so the ticket summary, written from what the viewer got, has the city only for an admin", () => {
    const input = { findings: [], sessionTitle: null, sessionStatus: null, sessionUrl: "", viewUrl: "", window: null };
    const forOps = ticketSummary({ ...input, report: shownTo({ who: null, admin: false }, full) });
    const forAdmin = ticketSummary({ ...input, report: shownTo({ who: null, admin: true }, full) });
    expect(forAdmin).toContain("Lisbon, Lisbon District, PT");
    expect(forOps).toContain("Lisbon District, PT");
    expect(forOps).not.toMatch(/Lisbon, Lisbon District/);
  });
});

describe("the choke point", () => {
  it("is the only way pages and route handlers read a peer report", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          if (/\.getPeerReport\(/.test(readFileSync(path, "utf8"))) offenders.push(path);
        }
      }
    };
    walk("app");
    walk("components");
    expect(offenders).toEqual([]);
  });
});
