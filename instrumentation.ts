/**
 * Runs once when the server starts: a misconfigured deployment stops here with one message naming
 * every missing or invalid variable, instead of failing request by request.
 */
export async function register() {
  // Next.js writes NEXT_RUNTIME into each bundle: the Node-only check stays out of the edge one.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigAtStartup } = await import("@/lib/server/startup");
    checkConfigAtStartup();
  }
}
