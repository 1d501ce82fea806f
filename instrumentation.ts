/**
 * Runs once when the server starts: a misconfigured deployment stops here with one message naming
 * every missing or invalid variable, instead of failing request by request; with REDIS_URL the
 * shared store's connection starts being made.
 */
export async function register() {
  // Next.js writes NEXT_RUNTIME into each bundle: the Node-only check stays out of the edge one.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigAtStartup, connectSharedStoreAtStartup } = await import("@/lib/server/startup");
    checkConfigAtStartup();
    // The shared store's first connection, begun now rather than by the first request (not awaited).
    connectSharedStoreAtStartup();
  }
}
