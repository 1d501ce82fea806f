import "server-only";
import { configProblems, runtimeConfig } from "./config";
import { log } from "./log";

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
