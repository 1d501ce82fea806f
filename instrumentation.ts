/**
 * Runs once when the server starts: a misconfigured deployment stops here with one message naming
 * every missing or invalid variable, instead of failing request by request.
 */
export async function register() {
  // `next build` also loads this file; configuration belongs to the running server only.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { checkConfigAtStartup } = await import("@/lib/server/startup");
    checkConfigAtStartup();
  }
}
