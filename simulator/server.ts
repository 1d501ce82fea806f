// The RealtimeKit simulator: a plain node:http server that answers the Cloudflare RealtimeKit
// read API under /client/v4 with seeded, realistic data, plus loopback-only /__sim control
// endpoints for fault injection and request counting. Demo mode and every test use it in place
// of the real API.

import { realpathSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ReportStore } from "./data/views";
import { buildWorld } from "./data/world";
import type { Fault } from "./faults";
import { faultFromHeaders, FaultInputError, FaultRegistry } from "./faults";
import { Query } from "./query";
import type { LoggedRequest } from "./request-log";
import { RequestLog } from "./request-log";
import { ApiError, bodyForStatus, NO_ROUTE, RATE_LIMITED, serviceError, UNAUTHORIZED } from "./responses";
import { matchRoute } from "./routes";
import { SIM_DEFAULTS } from "./scenarios";

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  accountId?: string;
  seed?: number;
  /** Clock for the anchor (read once at start) and for each request; tests move it to grow the live session. */
  now?: () => number;
  /** Do not log each request to stdout. */
  quiet?: boolean;
}

export interface RunningSimulator {
  /** Base URL to use as CLOUDFLARE_API_BASE_URL, e.g. http://127.0.0.1:8787/client/v4 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 1;

const API_PREFIX = "/client/v4/";
const CONTROL_PREFIX = "/__sim/";
/** A "timeout" fault gives up on the client after this long, as a gateway would. */
const HOLD_MS = 60_000;
const MAX_CONTROL_BODY_BYTES = 64 * 1024;
/** Not JSON, though the content type says so: what a confused proxy might send. */
const MALFORMED_BODY = '{"success": true, "data": {"participant": undefined}}';

interface Reply {
  status: number;
  body: unknown;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const now = opts.now ?? Date.now;
  const token = opts.token ?? SIM_DEFAULTS.token;
  const accountId = opts.accountId ?? SIM_DEFAULTS.accountId;
  const host = opts.host ?? "127.0.0.1";
  const quiet = opts.quiet ?? true;
  const world = buildWorld(opts.seed ?? DEFAULT_SEED, now());
  const reports = new ReportStore(world);
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    return timer;
  }

  function send(
    res: ServerResponse,
    entry: LoggedRequest | undefined,
    status: number,
    body: string | Buffer,
    headers: Record<string, string> = {},
  ): void {
    if (entry) entry.status = status;
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(body)),
      ...headers,
    });
    res.end(body);
  }

  function answer(req: IncomingMessage, url: URL): Reply {
    if (!url.pathname.startsWith(API_PREFIX)) return { status: 404, body: NO_ROUTE };
    const auth = req.headers.authorization ?? "";
    const m = /^bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1] !== token) return { status: 401, body: UNAUTHORIZED };
    let segments: string[];
    try {
      segments = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, "").split("/").map(decodeURIComponent);
    } catch {
      return { status: 404, body: NO_ROUTE };
    }
    const [accounts, account, realtime, kit, ...rest] = segments;
    if (accounts !== "accounts" || account !== accountId || realtime !== "realtime" || kit !== "kit")
      return { status: 404, body: NO_ROUTE };
    const match = req.method === "GET" ? matchRoute(rest) : undefined;
    if (!match) return { status: 404, body: NO_ROUTE };
    try {
      return {
        status: 200,
        body: match.handler({ world, reports, nowMs: now(), params: match.params, query: new Query(url.searchParams) }),
      };
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: serviceError(err.status, err.message) };
      throw err;
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const entry = log.record(req.method ?? "GET", url, now());
    let fault: Fault | undefined;
    try {
      fault = faultFromHeaders(req.headers) ?? faults.take(url.pathname);
    } catch (err) {
      if (!(err instanceof FaultInputError)) throw err;
      send(res, entry, 400, JSON.stringify(serviceError(400, `x-sim-fault: ${err.message}`)));
      return;
    }
    switch (fault?.kind) {
      case "reset":
        req.socket.destroy();
        return;
      case "timeout": {
        const timer = later(HOLD_MS, () => req.socket.destroy());
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case "latency":
        await new Promise<void>((done) => later(fault.latencyMs, done));
        break;
      case "status":
        send(res, entry, fault.status, JSON.stringify(bodyForStatus(fault.status)));
        return;
      case "rate-limit":
        send(res, entry, 429, JSON.stringify(RATE_LIMITED), { "retry-after": String(fault.retryAfterS) });
        return;
      case "malformed":
        send(res, entry, 200, MALFORMED_BODY);
        return;
      case "truncated": {
        const full = Buffer.from(JSON.stringify(answer(req, url).body));
        send(res, entry, 200, full.subarray(0, Math.floor(full.length / 2)));
        return;
      }
      case undefined:
        break;
    }
    const reply = answer(req, url);
    send(res, entry, reply.status, JSON.stringify(reply.body));
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) {
      send(res, undefined, 403, JSON.stringify({ message: "control endpoints answer loopback clients only" }));
      return;
    }
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
    const ok = (body: unknown, status = 200) => send(res, undefined, status, JSON.stringify(body));
    switch (route) {
      case "POST /__sim/faults": {
        try {
          const fault = faults.add(JSON.parse(await readBody(req)));
          ok({ id: fault.id }, 201);
        } catch (err) {
          if (!(err instanceof FaultInputError || err instanceof SyntaxError || err instanceof BodyTooLargeError))
            throw err;
          ok({ message: err.message }, 400);
        }
        return;
      }
      case "GET /__sim/faults":
        return ok({ faults: faults.list() });
      case "DELETE /__sim/faults":
        faults.clear();
        return ok({ ok: true });
      case "GET /__sim/requests":
        return ok(log.snapshot());
      case "DELETE /__sim/requests":
        log.clear();
        return ok({ ok: true });
      case "GET /__sim/health":
        return ok({ ok: true, seed: world.seed, anchor: new Date(world.anchorMs).toISOString() });
      default:
        return ok({ message: `no control endpoint ${route}` }, 404);
    }
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    if (!quiet) {
      res.on("finish", () => {
        console.log(
          `${req.method} ${url.pathname}${url.search} ${res.statusCode} ${Math.round(performance.now() - started)}ms`,
        );
      });
    }
    const work = url.pathname.startsWith(CONTROL_PREFIX) ? handleControl(req, res, url) : handleApi(req, res, url);
    work.catch((err: unknown) => {
      console.error("simulator: unexpected error", err);
      if (res.headersSent) res.destroy();
      else send(res, undefined, 500, JSON.stringify(serviceError(500, "Internal Server Error")));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? SIM_DEFAULTS.port, host, () => {
      server.off("error", fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/client/v4`,
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => done());
        // Keep-alive and held ("timeout" fault) connections would otherwise keep close() waiting.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_CONTROL_BODY_BYTES) throw new BodyTooLargeError("body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const accountId = process.env.SIMULATOR_ACCOUNT_ID || SIM_DEFAULTS.accountId;
  const seed = envInt("SIMULATOR_SEED", DEFAULT_SEED, 0, 2 ** 32 - 1);
  const sim = await startSimulator({
    port: envInt("SIMULATOR_PORT", SIM_DEFAULTS.port, 0, 65_535),
    host: process.env.SIMULATOR_HOST || "127.0.0.1",
    token: process.env.SIMULATOR_TOKEN || SIM_DEFAULTS.token,
    accountId,
    seed,
    quiet: process.env.SIMULATOR_QUIET === "1",
  });
  console.log(`RealtimeKit simulator listening on ${sim.url} (account ${accountId}, seed ${seed})`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** True when this file is the entry point (`tsx simulator/server.ts`), not an import. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(resolve(entry)) === real(fileURLToPath(import.meta.url));
}

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    console.error(`simulator: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
