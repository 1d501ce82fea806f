import "server-only";
import { configProblems, runtimeConfig } from "./config";

/** Stops the server with one message naming every configuration problem. */
export function checkConfigAtStartup(): void {
  // `next build` also loads instrumentation; configuration belongs to the running server only.
  if (runtimeConfig().buildPhase) return;
  const problems = configProblems();
  if (problems.length === 0) return;
  console.error(
    "RealtimeKit Inspector cannot start. Fix these settings (see .env.example):\n" +
      problems.map((p) => `  - ${p}`).join("\n"),
  );
  process.exit(1);
}
