import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { audit, auditLine, resetAuditWarnings, SINK_TIMEOUT_MS, type AuditWhat } from "./audit";
import { resetConfig } from "./config";
import { log } from "./log";

const what: AuditWhat = { kind: "peer-export", appId: "app-1", sessionId: "s-1", peerId: "p-1", format: "csv" };
const from = (h: Record<string, string>) => new Headers(h);

let dir: string;
let server: Server;
let webhookUrl: string;
const received: { body: string; type: string | undefined }[] = [];
/** How the test webhook answers the next POST. */
let behaviour: "ok" | "fail" | "hang" = "ok";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "audit-test-"));
  server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, type: req.headers["content-type"] });
      if (behaviour === "hang") return; // never answers
      res.statusCode = behaviour === "fail" ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit?key=hook-secret`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
  behaviour = "ok";
  resetAuditWarnings();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetConfig();
});

function configure(env: Record<string, string>) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  resetConfig();
}

describe("the audit line", () => {
  it("says who, what, when and from where, the address cut to /24 as everywhere in the log", () => {
    configure({ AUTH_TRUST_HOST: "true" });
    const line = auditLine({
      who: "ops@example.com",
      what,
      headers: from({ "x-forwarded-for": "198.51.100.250, 203.0.113.77", "x-request-id": "req-42" }),
      unmasked: false,
      now: Date.UTC(2026, 11, 1, 3, 0, 0),
    });
    // The rightmost entry is the one the trusted proxy added, as for the sign-in throttle.
    expect(line).toEqual({
      audit: true,
      who: "ops@example.com",
      what,
      when: "2026-12-01T03:00:00.000Z",
      from: "203.0.113.0/24",
      unmasked: false,
      requestId: "req-42",
    });
  });

  it("believes no forwarded address without a trusted proxy, and keeps no request id a client made up", () => {
    configure({ AUTH_TRUST_HOST: "" });
    const line = auditLine({
      who: null,
      what,
      headers: from({ "x-forwarded-for": "203.0.113.77", "x-request-id": "<script>" }),
      unmasked: true,
    });
    expect(line).toMatchObject({ from: null, requestId: null, unmasked: true });
  });

  it("goes to the structured log at once, sinks or not", async () => {
    configure({ AUTH_TRUST_HOST: "true" });
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    await audit({ who: "ops@example.com", what, headers: from({ "x-real-ip": "2001:db8:1:2::9" }), unmasked: false });
    expect(info).toHaveBeenCalledTimes(1);
    const [fields, msg] = info.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(msg).toBe("audit");
    expect(fields).toMatchObject({ audit: true, who: "ops@example.com", what, from: "2001:db8:1::/48" });
  });
});

describe("the sinks", () => {
  beforeEach(() => {
    vi.spyOn(log, "info").mockImplementation(() => undefined);
  });

  it("append one JSON line per view to AUDIT_LOG_FILE", async () => {
    const file = join(dir, "audit.jsonl");
    configure({ AUDIT_LOG_FILE: file });
    await audit({ who: "a@example.com", what, headers: from({}), unmasked: false });
    await Promise.all([
      audit({
        who: "b@example.com",
        what: { kind: "peer-page", appId: "app-1", peerId: "p-2" },
        headers: from({}),
        unmasked: true,
      }),
      audit({
        who: "c@example.com",
        what: { kind: "session-summary", appId: "app-1", sessionId: "s-1" },
        headers: from({}),
        unmasked: false,
      }),
    ]);
    const lines = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.who)).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    expect(lines[0]).toMatchObject({ audit: true, what, from: null });
  });

  it("POST each line to AUDIT_WEBHOOK_URL as JSON", async () => {
    configure({ AUDIT_WEBHOOK_URL: webhookUrl });
    await audit({ who: "ops@example.com", what, headers: from({}), unmasked: false });
    expect(received).toHaveLength(1);
    expect(received[0]?.type).toBe("application/json");
    expect(JSON.parse(received[0]!.body)).toMatchObject({ audit: true, who: "ops@example.com", what });
  });

  it("never fail the view: a webhook answering 500 or not at all is given up after the cap, warned once", async () => {
    configure({ AUDIT_WEBHOOK_URL: webhookUrl, AUDIT_LOG_FILE: join(dir, "no-such-dir", "audit.jsonl") });
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    behaviour = "fail";
    await expect(audit({ who: "x@example.com", what, headers: from({}), unmasked: false })).resolves.toBeUndefined();
    behaviour = "hang";
    const started = Date.now();
    await audit({ who: "x@example.com", what, headers: from({}), unmasked: false });
    expect(Date.now() - started).toBeLessThan(SINK_TIMEOUT_MS + 1500);
    expect(received).toHaveLength(2);
    // One warning per sink, not one per view; never the webhook's URL (it may hold a key).
    const sinks = warn.mock.calls.map((c) => (c[0] as unknown as { sink: string }).sink).sort();
    expect(sinks).toEqual(["file", "webhook"]);
    expect(JSON.stringify(warn.mock.calls)).not.toContain("hook-secret");
  });

  it("stay quiet when none is configured", async () => {
    configure({});
    const warn = vi.spyOn(log, "warn").mockImplementation(() => undefined);
    await audit({ who: "ops@example.com", what, headers: from({}), unmasked: false });
    expect(received).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });
});
