import "server-only";
import pino from "pino";
import { runtimeConfig } from "./config";
import { processWide } from "./process-wide";

/**
 * The server's structured log: one JSON object per line on stdout, which Vercel and any container
 * platform collect as is. Every server module logs through it; what a line may carry is in
 * README.md ("Logs and probes"): never a token, a cookie or unmasked personal data.
 */
export const log = processWide("log", () =>
  pino({
    level: runtimeConfig().logLevel,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    // Known carriers of secrets, wherever a caller puts them.
    redact: {
      paths: ["authorization", "cookie", "token", "password", "*.authorization", "*.cookie", "*.token", "*.password"],
      censor: "[redacted]",
    },
  }),
);
