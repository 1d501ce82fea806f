import "server-only";
import pino from "pino";
import { authConfig, runtimeConfig, upstreamConfig } from "./config";
import { processWide } from "./process-wide";

/**
 * The server's structured log: one JSON object per line on stdout, which Vercel and any container
 * platform collect as is. Every server module logs through it; what a line may carry is in
 * README.md ("Logs and probes"): never a token, a cookie or unmasked personal data.
 *
 * Two layers keep it so. pino's `redact` blanks the fields known to carry secrets, wherever a
 * caller puts them; then every finished line is scrubbed of what must not appear whatever field
 * or message holds it: the configured secrets, anything shaped like a session cookie (a JWT/JWE),
 * credentials in a URL, IP addresses (a masked one, `203.0.113.0/24` or `2001:db8:1::/48`, stays)
 * and e-mail addresses, except in audit lines (`audit: true`), which exist to say who looked.
 */

export const REDACTED = "[redacted]";

const REDACT_PATHS = [
  "authorization",
  "cookie",
  "set-cookie",
  "token",
  "password",
  "secret",
  "*.authorization",
  "*.cookie",
  "*.set-cookie",
  "*.token",
  "*.password",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
];

// A compact JWS/JWE (Auth.js's session cookie is a JWE): a base64url JSON header, then dots.
const JWT = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){1,4}/g;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"]+@/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Not a masked prefix (followed by /24 or shorter), nor part of a longer dotted run (a version
// number); a full stop after it ends a sentence.
const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\d|\.\d|\/(?:1?\d|2[0-4])(?!\d))/g;
// Candidates only: `isIpv6` keeps those with eight groups, or one `::` and two groups at least (a
// bare `::1` is loopback; a time such as 02:41:46 has neither). Not a masked prefix (`::/48`).
const IPV6 = /(?<![0-9A-Za-z:.])[0-9A-Fa-f:]{3,39}(?![0-9A-Za-z:]|\/\d)/g;
const AUDIT = /"audit":true[,}]/;

/**
 * Scrubs one serialized line. `secrets` are replaced wherever they appear (JSON-escaped as they
 * would be inside a string value); e-mail addresses stay in audit lines only.
 */
export function scrubLine(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped.length >= 8) out = out.split(escaped).join(REDACTED);
  }
  out = out.replace(JWT, REDACTED).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  out = out.replace(IPV4, "[ip]").replace(IPV6, (m) => (isIpv6(m) ? "[ip]" : m));
  if (!AUDIT.test(out)) out = out.replace(EMAIL, "[email]");
  return out;
}

function isIpv6(candidate: string): boolean {
  if (!candidate.includes(":")) return false;
  const double = candidate.split("::");
  if (double.length > 2) return false;
  const groups = candidate.split(":").filter(Boolean);
  if (groups.length < 2 || groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return double.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** The deployment's own secrets, read once they are configured (never a reason for logging to fail). */
function configuredSecrets(): string[] {
  const secrets: string[] = [];
  const add = (read: () => (string | null | undefined)[]) => {
    try {
      for (const s of read()) if (s) secrets.push(s);
    } catch {
      // Not configured (yet): nothing of it can be in a line either.
    }
  };
  add(() => [upstreamConfig().token]);
  add(() => {
    const auth = authConfig();
    return [auth.oidc?.clientSecret, auth.github?.clientSecret];
  });
  return secrets;
}

export interface LogOptions {
  level?: string;
  /** Where lines go (stdout by default); tests read them from here. */
  destination?: { write(line: string): unknown };
  /** Values never to print; read at each line, so a configuration loaded later is covered. */
  secrets?: () => readonly string[];
}

/** A logger with both layers; `log` below is the process's, tests make their own. */
export function createLog(opts: LogOptions = {}): pino.Logger {
  const out = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const secrets = opts.secrets ?? memoSecrets();
  return pino(
    {
      level: opts.level ?? "info",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    { write: (line: string) => out.write(scrubLine(line, secrets())) },
  );
}

// Until the configuration reads, asks again at each line; after, keeps what it found.
function memoSecrets(): () => readonly string[] {
  let found: string[] | undefined;
  return () => {
    if (found) return found;
    const now = configuredSecrets();
    if (now.length > 0) found = now;
    return now;
  };
}

/** LOG_LEVEL; logging never fails for want of a configuration (a test's stand-in may lack it). */
function configuredLevel(): string {
  try {
    return runtimeConfig().logLevel;
  } catch {
    return "info";
  }
}

type LogMethods = Pick<pino.Logger, "trace" | "debug" | "info" | "warn" | "error" | "fatal">;
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/**
 * The process's log. Made on its first line, not on import: LOG_LEVEL is read then, with the rest of
 * the configuration, which a module imported early (a test's, before it sets its environment)
 * must not fix in place. Plain methods, so tests can spy on them.
 */
export const log: LogMethods = Object.fromEntries(
  LEVELS.map((level) => [
    level,
    (...args: unknown[]) => {
      const logger = processWide("log", () => createLog({ level: configuredLevel() }));
      (logger[level] as (...a: unknown[]) => void)(...args);
    },
  ]),
) as unknown as LogMethods;
