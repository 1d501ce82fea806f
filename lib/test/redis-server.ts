import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";

/**
 * A real redis-server (Debian's `redis-server` package; `.ci/run` installs it) started on a free
 * port with nothing written to disk, and stopped by its PID. No test runner here: the unit tests
 * (lib/test/redis.ts) and the browser tests (e2e/shared-store.spec.ts) both start one.
 */

export const REDIS_BINARY = process.env.REDIS_SERVER_BIN || "redis-server";

export const redisAvailable = spawnSync(REDIS_BINARY, ["--version"], { stdio: "ignore" }).status === 0;

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
      REDIS_BINARY,
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
