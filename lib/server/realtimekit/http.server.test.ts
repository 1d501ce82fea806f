import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { upstreamError } from "@/lib/test/upstream-error";
import { createTransport } from "./http";

/** The transport against real local HTTP servers: Node's own fetch, not a fake of it. */

const TOKEN = "real-server-token-0123456789";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const schema = z.looseObject({ data: z.looseObject({ id: z.string() }) });
const OK = JSON.stringify({ success: true, data: { id: "s1" } });

type Hit = { path: string; auth: string | undefined };
let hits: Hit[] = [];
let upstream: Server;
let other: Server;
let base: string;
let otherOrigin: string;
// 64 MiB of zeros: about 64 KB on the wire, the shape of a gzip bomb.
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  other = await listen((req, res) => {
    hits.push({ path: `other:${req.url}`, auth: req.headers.authorization });
    res.writeHead(200, { "content-type": "application/json" }).end(OK);
  });
  otherOrigin = origin(other);
  upstream = await listen((req, res) => {
    const path = (req.url ?? "").replace(`/client/v4/accounts/${ACCOUNT}/realtime/kit`, "");
    hits.push({ path, auth: req.headers.authorization });
    if (path === "/same-host-redirect") res.writeHead(302, { location: "/client/v4/elsewhere" }).end();
    else if (path === "/other-host-redirect") res.writeHead(301, { location: `${otherOrigin}/data` }).end();
    else if (path === "/bomb")
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(bomb);
    else if (path === "/stall") {
      // Headers and half a body, then nothing: the deadline must cover reading the body too.
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,');
    } else res.writeHead(200, { "content-type": "application/json" }).end(OK);
  });
  base = `${origin(upstream)}/client/v4`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
  await new Promise((r) => other.close(r));
});

beforeEach(() => {
  hits = [];
});

function transport(overrides: { timeoutMs?: number; maxBodyBytes?: number } = {}) {
  return createTransport({
    baseUrl: base,
    accountId: ACCOUNT,
    token: TOKEN,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxRetries: 2,
    maxBodyBytes: overrides.maxBodyBytes,
    budget: createMemoryBudget({ limit: 100, windowMs: 60_000 }),
    log: () => {},
  });
}

describe("transport against a real HTTP server", () => {
  it("reads a plain answer", async () => {
    expect((await transport().get("/ok", schema)).data.data.id).toBe("s1");
  });

  it("does not follow a same-host redirect, so the token is not sent again", async () => {
    const err = await upstreamError(transport().get("/same-host-redirect", schema));
    // Node's fetch hands back the 3xx itself (not the spec's opaque status-0 response).
    expect(err).toMatchObject({ kind: "redirect", status: 302 });
    expect(err.detail).toBe("Location: /client/v4/elsewhere");
    expect(hits.map((h) => h.path)).toEqual(["/same-host-redirect"]);
  });

  it("does not follow a redirect to another host, whose data would be shown", async () => {
    const err = await upstreamError(transport().get("/other-host-redirect", schema));
    expect(err).toMatchObject({ kind: "redirect", status: 301 });
    expect(hits.map((h) => h.path)).toEqual(["/other-host-redirect"]);
  });

  it("caps a gzip bomb by its decompressed size", async () => {
    const err = await upstreamError(transport({ maxBodyBytes: 1024 * 1024 }).get("/bomb", schema));
    expect(err.kind).toBe("too-large");
    expect(err.message).toMatch(/more than 1 MB/);
    // Not retried: the same answer would come back.
    expect(hits).toHaveLength(1);
  });

  it("times out a body that stops arriving, within the deadline", async () => {
    // Without the deadline on the body, this read never ends and the test times out.
    const err = await upstreamError(transport({ timeoutMs: 300 }).get("/stall", schema));
    expect(err.kind).toBe("timeout");
    expect(hits).toHaveLength(1);
  });
});
