import "server-only";
import { createHash } from "node:crypto";
import { createClient, type RedisClientOptions } from "redis";
import { runtimeConfig, storeConfig } from "../config";
import { log } from "../log";
import { processWide } from "../process-wide";

/**
 * The store every instance shares, when REDIS_URL is set (docs/shared-store.md). One client per
 * process, created on first use. Redis is never a reason for a page to fail: a store that cannot
 * reach it answers that one call from its in-memory default (this instance's own view, as without
 * Redis), the first such call of an outage logs one warning, and node-redis reconnects in the
 * background, so Redis coming back is used again without a restart. Requests never queue for it:
 * commands fail at once while the connection is down (no offline queue) and time out quickly when
 * it hangs.
 */

export type RedisClient = ReturnType<typeof createClient>;

/** What `/api/ready` says about the store. `lastError` never carries the URL or its password. */
export interface StoreState {
  configured: boolean;
  connected: boolean;
  lastError: string | null;
}

/** Longest a small command (a budget claim, a counter) may take before the call is served from memory. */
export const COMMAND_TIMEOUT_MS = 250;
/** A cached report can be megabytes: it gets longer to cross the network before it counts as a failure. */
export const VALUE_TIMEOUT_MS = 2_000;
/** How often a Redis that stopped answering (without closing the connection) is asked again. */
const PROBE_EVERY_MS = 1_000;

export interface RedisConnection {
  /** Prefix of every key this app writes, so one Redis can serve other things too. */
  readonly prefix: string;
  /** Runs Redis work; throws (at once when disconnected) when it cannot, after noting the outage. */
  run<T>(work: (client: RedisClient) => Promise<T>, opts?: { timeoutMs?: number }): Promise<T>;
  /** Redis work, or the memory default for this call when Redis cannot answer. */
  attempt<T>(
    work: (client: RedisClient) => Promise<T>,
    fallback: () => T | Promise<T>,
    opts?: { timeoutMs?: number },
  ): Promise<T>;
  /** Whether the last thing heard from Redis was good (a command answered, the connection ready). */
  healthy(): boolean;
  state(): StoreState;
  close(): Promise<void>;
}

export const KEY_PREFIX = "rki:";

/** The client's options: TLS exactly when the URL says `rediss://` (managed Redis, e.g. Vercel's marketplace). */
export function redisClientOptions(url: string) {
  const socket = {
    connectTimeout: 2_000,
    // Never give up: Redis coming back must be picked up without a restart. node-redis's own
    // default stops after a socket timeout. Backs off to 2 s, with jitter so instances spread.
    reconnectStrategy: (retries: number) => Math.min(2 ** retries * 50, 2_000) + Math.floor(Math.random() * 200),
  };
  return {
    url,
    // Fail at once while disconnected instead of queueing requests behind a reconnect.
    disableOfflineQueue: true,
    socket:
      new URL(url).protocol === "rediss:" ? { ...socket, tls: true as const } : { ...socket, tls: false as const },
  } satisfies RedisClientOptions;
}

/** An error's message without anything that looks like a URL with credentials. */
function safeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  return message.replace(/rediss?:\/\/\S+/gi, "redis://…").slice(0, 300);
}

export function createRedisConnection(opts: {
  url: string;
  prefix?: string;
  timeoutMs?: number;
  /** Told when an outage starts and ends; the warning is logged either way. */
  onOutage?: (down: boolean) => void;
}): RedisConnection {
  const client: RedisClient = createClient(redisClientOptions(opts.url));
  const timeoutMs = opts.timeoutMs ?? COMMAND_TIMEOUT_MS;
  let down = false;
  // While down with the connection still open (a Redis that hangs rather than closes), calls go
  // straight to memory, but for one probe a second: each would otherwise wait out its timeout.
  let probeAtMs = 0;
  let lastError: string | null = null;
  let closed = false;

  const failed = (err: unknown) => {
    lastError = safeMessage(err);
    probeAtMs = Date.now() + PROBE_EVERY_MS;
    if (down || closed) return;
    down = true;
    log.warn(
      { store: "redis", error: lastError },
      "shared store unreachable: each instance uses its own memory (cache, budget, throttle, index) until it is back",
    );
    opts.onOutage?.(true);
  };
  const answered = () => {
    if (!down) return;
    down = false;
    log.info({ store: "redis" }, "shared store reachable again: instances share it again");
    opts.onOutage?.(false);
  };

  const proxies = new Map<number, RedisClient>();
  const timed = (ms: number): RedisClient => {
    let proxy = proxies.get(ms);
    if (!proxy) proxies.set(ms, (proxy = client.withCommandOptions({ timeout: ms }) as unknown as RedisClient));
    return proxy;
  };

  // Without a listener, node-redis's connection errors would crash the process.
  client.on("error", failed);
  client.on("ready", answered);
  // The first connection is made in the background; calls before it is up use memory meanwhile.
  // `firstAnswer` settles on its outcome, connected or refused, whichever comes first.
  const firstAnswer = new Promise<void>((resolve) => {
    client.once("ready", resolve);
    client.once("error", () => resolve());
  });
  client.connect().catch(failed);

  const connection: RedisConnection = {
    prefix: opts.prefix ?? KEY_PREFIX,
    async run(work, runOpts) {
      if (closed) throw new Error("the shared store's client is closed");
      const ms = runOpts?.timeoutMs ?? timeoutMs;
      if (down && client.isReady && Date.now() < probeAtMs) throw new Error(lastError ?? "the shared store is down");
      if (!client.isReady) {
        // Only the very first calls wait, and no longer than a command may take.
        if (!down && lastError === null)
          await Promise.race([firstAnswer, new Promise((r) => setTimeout(r, ms).unref())]);
        if (!client.isReady) {
          const err = new Error(lastError ?? "not connected to the shared store");
          failed(err);
          throw err;
        }
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          work(timed(ms)),
          // The race covers everything the work sends (several commands, a transaction); the
          // commands' own timeout takes them off node-redis's queue so a hung server does not pile them up.
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`the shared store took over ${ms} ms`)), ms);
          }),
        ]);
        answered();
        return result;
      } catch (err) {
        failed(err);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    async attempt(work, fallback, runOpts) {
      try {
        return await connection.run(work, runOpts);
      } catch {
        return fallback();
      }
    },
    healthy: () => !down && client.isReady,
    state: () => ({ configured: true, connected: client.isReady && !down, lastError }),
    async close() {
      closed = true;
      // Still connecting (Redis never came up) there is nothing to close gracefully.
      if (client.isReady) await client.close().catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    },
  };
  return connection;
}

/** The process's connection to the shared store, or null without REDIS_URL (in memory, as before). */
export function sharedRedis(): RedisConnection | null {
  return (
    processWide("redis", () => {
      const { redisUrl } = storeConfig();
      // `next build` serves nobody: no connection that would outlive its work, nor warnings where
      // the build machine cannot reach the deployment's Redis.
      if (!redisUrl || runtimeConfig().buildPhase) return false;
      // processWide keeps a value, not undefined: "none" is remembered as false.
      return createRedisConnection({ url: redisUrl });
    }) || null
  );
}

/** The store's state for `/api/ready`: not configured, connected, or down with its last error. */
export function storeState(): StoreState {
  const redis = sharedRedis();
  return redis ? redis.state() : { configured: false, connected: false, lastError: null };
}

/** Runs a Lua script (atomic on the server); its arguments as strings, its reply as Redis sends it. */
export async function script<T>(
  client: RedisClient,
  source: string,
  keys: string[],
  args: (string | number)[],
): Promise<T> {
  // EVAL, not EVALSHA: a script is a few hundred bytes, and EVALSHA's retry after NOSCRIPT could let
  // a later command (a claim after a hold) overtake it on the connection.
  return (await client.eval(source, { keys, arguments: args.map(String) })) as T;
}

/**
 * A key part that names a person (an e-mail, an address) as it is stored in Redis: hashed, so the
 * store's keys list nobody. Unsalted: the keys need to be the same on every instance.
 */
export function hashedKeyPart(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}
