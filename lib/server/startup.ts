import "server-only";
import { validateConfig } from "./env";

/** Stops the server with one message naming every configuration problem. */
export function checkConfigAtStartup(): void {
  const problems = validateConfig(process.env);
  if (problems.length === 0) return;
  console.error(`RealtimeKit Inspector cannot start. Fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
