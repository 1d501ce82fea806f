import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect } from "vitest";
import { createRedisConnection, type RedisConnection } from "@/lib/server/store/redis";

/**
 * A real redis-server for tests (Debian's `redis-server` package; `.ci/run` installs it): started
 * on a free port with nothing written to disk, stopped by its PID. Without the binary the suites
 * that need it are skipped with a note, except in CI, where that is a failure.
 */

const BINARY = process.env.REDIS_SERVER_BIN || "redis-server";

export const redisAvailable = spawnSync(BINARY, ["--version"], { stdio: "ignore" }).status === 0;

if (!redisAvailable && process.env.CI) {
  throw new Error(`${BINARY} is not installed: the shared-store tests need it (apt-get install redis-server)`);
}

/** `describe` when redis-server is installed, else a skipped suite that says why. */
export const describeRedis: typeof describe = redisAvailable
  ? describe
  : (((name: string, ...rest: unknown[]) =>
      (describe.skip as (...a: unknown[]) => void)(
        `${name} (skipped: ${BINARY} is not installed)`,
        ...rest,
      )) as unknown as typeof describe);

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** PID of the running server, or null while it is stopped. */
  pid(): number | null;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const launch = async () => {
    const proc = spawn(
      BINARY,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
      { stdio: "ignore" },
    );
    child = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}) on port ${port}`))),
    );
    exited.catch(() => {});
    const deadline = Date.now() + 10_000;
    while (!(await accepting(port))) {
      if (proc.exitCode !== null) await exited;
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const halt = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.pid === undefined) return;
    const gone = new Promise((r) => proc.once("exit", r));
    process.kill(proc.pid, signal);
    await gone;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    kill: () => halt("SIGKILL"),
    restart: launch,
    stop: () => halt("SIGTERM"),
  };
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One redis-server for a test file (started before its tests, stopped after) and connections to
 * it, each under a key prefix of its own so tests do not see each other's keys; `instances` gives
 * connections under one prefix: separate clients of one deployment, as two app instances are.
 * After each test every connection must have had no failure: a contract test that quietly fell
 * back to memory would prove nothing about Redis.
 */
export function redisForTests() {
  let server: TestRedis | null = null;
  let open: RedisConnection[] = [];
  let counter = 0;

  if (redisAvailable) {
    beforeAll(async () => {
      server = await startRedis();
    });
    afterEach(async () => {
      const errors = open.map((c) => c.state().lastError).filter((e) => e !== null);
      await Promise.all(open.map((c) => c.close()));
      open = [];
      expect(errors, "a Redis call failed and was served from memory").toEqual([]);
    });
    afterAll(async () => {
      await server?.stop();
    });
  }

  const connectTo = async (prefix: string): Promise<RedisConnection> => {
    if (!server) throw new Error("redis-server is not running (is it installed?)");
    const conn = createRedisConnection({ url: server.url, prefix });
    open.push(conn);
    await eventually(() => conn.healthy());
    return conn;
  };

  return {
    server: () => server,
    /** A connection with a fresh key prefix. */
    connect: () => connectTo(`test${process.pid}.${++counter}:`),
    /** `n` connections sharing one fresh key prefix: `n` instances of one deployment. */
    instances: async (n: number) => {
      const prefix = `test${process.pid}.${++counter}:`;
      return Promise.all(Array.from({ length: n }, () => connectTo(prefix)));
    },
  };
}
