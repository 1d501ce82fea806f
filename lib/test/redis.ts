import { afterAll, afterEach, beforeAll, describe, expect } from "vitest";
import { createRedisConnection, type RedisConnection } from "@/lib/server/store/redis";
import { eventually, REDIS_BINARY, redisAvailable, startRedis, type TestRedis } from "./redis-server";

export { eventually, redisAvailable, startRedis, type TestRedis };

/**
 * Redis for the unit tests: without the binary the suites that need it are skipped with a note,
 * except in CI, where that is a failure.
 */
if (!redisAvailable && process.env.CI) {
  throw new Error(`${REDIS_BINARY} is not installed: the shared-store tests need it (apt-get install redis-server)`);
}

/** `describe` when redis-server is installed, else a skipped suite that says why. */
export const describeRedis: typeof describe = redisAvailable
  ? describe
  : (((name: string, ...rest: unknown[]) =>
      (describe.skip as (...a: unknown[]) => void)(
        `${name} (skipped: ${REDIS_BINARY} is not installed)`,
        ...rest,
      )) as unknown as typeof describe);

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
