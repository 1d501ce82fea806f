import "server-only";
import { configProblems, runtimeConfig } from "./config";
import { log } from "./log";
import { sharedRedis } from "./store/redis";

/** Stops the server with one message naming every configuration problem. */
export function checkConfigAtStartup(): void {
  // `next build` also loads instrumentation; configuration belongs to the running server only.
  if (runtimeConfig().buildPhase) return;
  const problems = configProblems();
  if (problems.length === 0) return;
  // One line a log collector keeps whole, naming every problem; the log's destination writes synchronously,
  // so it is out before the exit.
  log.fatal(
    { problems },
    `RealtimeKit Inspector cannot start. Fix these settings (see .env.example): ${problems.join("; ")}`,
  );
  process.exit(1);
}

/**
 * Starts the shared store's first connection as the server starts, when REDIS_URL is set
 * (docs/shared-store.md, "When Redis is down"): the first requests then find it made instead of
 * waiting for it, or answering from memory, which for the revocation list would accept a cookie
 * signed out on another instance. Never waits for it, and never fails start-up: a Redis that is
 * down is the usual outage, reconnected to in the background.
 */
export function connectSharedStoreAtStartup(): void {
  if (runtimeConfig().buildPhase) return;
  try {
    sharedRedis();
  } catch (err) {
    log.warn(
      { store: "redis", error: err instanceof Error ? err.name : "error" },
      "shared store not connected at start",
    );
  }
}
