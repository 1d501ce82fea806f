import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryRevocationStore } from "@/lib/server/auth/revocation";
import { createRedisConnection, type RedisConnection } from "@/lib/server/store/redis";
import { createSharedRevocationStore } from "@/lib/server/store/shared-revocation";
import { describeRedis, eventually } from "@/lib/test/redis";
import { REDIS_BINARY } from "@/lib/test/redis-server";

/**
 * compose.yaml's Redis (docs/shared-store.md, "Persistence"): its options as written, checked, then
 * run for real with Debian's redis-server (no Docker here): a restart must not forget the
 * revocation list, and memory pressure must evict cached answers, never the revocation keys.
 */

const ROOT = join(import.meta.dirname, "..");
// js-yaml is already installed (for ESLint) and has no types of its own here.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };
const compose = yaml.load(readFileSync(join(ROOT, "compose.yaml"), "utf8")) as {
  services: Record<string, { command?: string[]; volumes?: string[] }>;
  volumes?: Record<string, unknown>;
};
const redisService = compose.services.redis ?? {};
const command = redisService.command ?? [];

/** redis-server's option as compose.yaml gives it (`--name value`; the last of a repeated one wins). */
function option(name: string): string | undefined {
  const at = command.lastIndexOf(`--${name}`);
  return at < 0 ? undefined : command[at + 1];
}

describe("compose.yaml's Redis", () => {
  it("persists to an append-only file on a named volume", () => {
    expect(command[0]).toBe("redis-server");
    expect(option("appendonly")).toBe("yes");
    expect(option("appendfsync")).toMatch(/^(everysec|always)$/);
    // The image keeps its files in /data: on a named volume, they outlive the container.
    const mount = redisService.volumes?.find((v) => v.endsWith(":/data")) ?? "";
    const volume = mount.split(":")[0] as string;
    expect(volume).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it("bounds memory and evicts only keys with a lifetime (the revocation keys have none)", () => {
    expect(option("maxmemory")).toMatch(/^\d+(mb|gb)$/);
    expect(option("maxmemory-policy")).toBe("volatile-lru");
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describeRedis("compose.yaml's Redis, run", () => {
  const HOUR = 3_600_000;
  // For this test's own bulk commands: the usual 250 ms is for requests, not for filling Redis.
  const LONG = { timeoutMs: 10_000 };
  const started: ChildProcess[] = [];
  const connections: RedisConnection[] = [];
  const dirs: string[] = [];

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    for (const proc of started.splice(0)) {
      if (proc.exitCode !== null || proc.signalCode !== null || !proc.pid) continue;
      const gone = new Promise((r) => proc.once("exit", r));
      process.kill(proc.pid, "SIGKILL");
      await gone;
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** redis-server with compose.yaml's options, then this test's (port, a directory for /data). */
  async function startServer(port: number, dir: string, extra: string[] = []): Promise<ChildProcess> {
    const args = [...command.slice(1), "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, ...extra];
    const proc = spawn(REDIS_BINARY, args, { stdio: "ignore" });
    started.push(proc);
    return proc;
  }

  async function connect(port: number): Promise<RedisConnection> {
    const conn = createRedisConnection({ url: `redis://127.0.0.1:${port}`, prefix: "rki:" });
    connections.push(conn);
    await eventually(() => conn.healthy());
    return conn;
  }

  const revocations = (conn: RedisConnection) => createSharedRevocationStore(conn, createMemoryRevocationStore());
  /**
   * What Redis itself holds: asked through a store with nothing in its own memory, until Redis
   * answers (a call over its 250 ms timeout on a busy machine falls back to that empty memory).
   */
  const inRedis = async (conn: RedisConnection, sessionId: string, notBefore: number) =>
    eventually(async () => {
      const fresh = revocations(conn);
      return (await fresh.isRevoked(sessionId)) && (await fresh.notBefore()) === notBefore;
    });

  it("a restarted Redis still knows the signed-out sessions and the 'not before' time", async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "rki-redis-"));
    dirs.push(dir);
    const first = await startServer(port, dir);
    const before = revocations(await connect(port));
    const notBefore = Date.now() - 1000;
    await before.revoke("sid-signed-out", Date.now() + HOUR);
    await before.setNotBefore(notBefore);
    await inRedis(await connect(port), "sid-signed-out", notBefore);

    // An outage, not a shutdown: no chance to save on the way out.
    await Promise.all(connections.splice(0).map((c) => c.close()));
    const gone = new Promise((r) => first.once("exit", r));
    process.kill(first.pid as number, "SIGKILL");
    await gone;

    await startServer(port, dir);
    // A fresh instance: nothing in its own memory.
    const conn = await connect(port);
    await inRedis(conn, "sid-signed-out", notBefore);
    expect(await revocations(conn).isRevoked("sid-other")).toBe(false);
  });

  it("under memory pressure evicts cached answers, never the revocation list", async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "rki-redis-"));
    dirs.push(dir);
    // compose.yaml's policy with a small maxmemory (a later option wins), so the test fills it fast.
    await startServer(port, dir, ["--maxmemory", "4mb"]);
    const conn = await connect(port);
    const store = revocations(conn);
    await store.revoke("sid-signed-out", Date.now() + HOUR);
    await store.setNotBefore(1_000);

    // 16 MB of cached answers, each with its lifetime as the cache writes them (PX).
    const body = "x".repeat(64 * 1024);
    await conn.run(async (c) => {
      for (let i = 0; i < 256; i++) {
        await c.set(`rki:cache:report|app|${i}`, body, { expiration: { type: "PX", value: 900_000 } });
      }
    }, LONG);
    const keys = await conn.run((c) => c.dbSize(), LONG);
    expect(keys).toBeLessThan(256);
    await inRedis(conn, "sid-signed-out", 1_000);
  });
});
