import "server-only";
import pino from "pino";
import { configuredSecrets as deploymentSecrets, runtimeConfig, upstreamConfig } from "./config";
import { processWide } from "./process-wide";

/**
 * The server's structured log: one JSON object per line on stdout, which Vercel and any container
 * platform collect as is. Every server module logs through it; what a line may carry is in
 * README.md ("Logs and probes"): never a token, a cookie or unmasked personal data.
 *
 * Two layers keep it so. pino's `redact` blanks the fields known to carry secrets at the top and
 * one level down; then every finished line is read back and scrubbed whole, at any depth (an
 * error's `config.headers.Cookie`, a request's `headers["set-cookie"]` array): fields named like a
 * credential (authorization, cookie, set-cookie, *token, *secret, *password, in any letter case)
 * are blanked, and every string, messages and stacks included, loses what must not appear whatever
 * holds it: the configured secrets (AUTH_SECRET, the API token, the SSO client secrets, REDIS_URL's
 * password, AUDIT_WEBHOOK_URL's secret parts), a header written out ("Cookie: …", "Bearer …"), a
 * session cookie by name or by shape (a JWT/JWE), credentials in a URL, IP addresses (a masked one,
 * `203.0.113.0/24` or `2001:db8:1::/48`, stays) and e-mail addresses, except in audit lines
 * (`audit: true`), which exist to say who looked.
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

// A field whose value is a credential, by its name without case or separators: `Set-Cookie`,
// `proxy_authorization`, `access_token`, `clientSecret`, `AUTH_SECRET`, `x-api-key`…
const CREDENTIAL_KEY = /^(?:(?:proxy)?authorization|(?:set)?cookies?|x?apikey|.*(?:token|secret|passw(?:or)?d))$/;
// The same written out in a string: a header line, a cookie by name, a bearer credential.
const HEADER_TEXT = /\b((?:proxy-)?authorization|(?:set-)?cookie)(["']?\s*[:=]\s*)[^\n"]+/gi;
const AUTH_COOKIE = /\b((?:__Secure-|__Host-)?(?:authjs|next-auth)\.[\w.-]+=)[^;\s"',]+/gi;
// Not "basic", a common word: "Authorization: Basic …" is caught by the header pattern above.
const BEARER = /\b(bearer)(\s+|%20|\+)[^\s"',;&]+/gi;
// Shorter values are not replaced by value (they would blank common words); their fields still are.
const MIN_SECRET_CHARS = 8;

/**
 * Scrubs one serialized line: read back as JSON and scrubbed at every depth, keys and values (see
 * above); e-mail addresses stay in audit lines only. A line that does not read back as JSON (none
 * should) is scrubbed as text.
 */
export function scrubLine(line: string, secrets: readonly string[]): string {
  const forms = secretForms(secrets);
  const end = line.endsWith("\n") ? "\n" : "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    const text = forms.reduce((out, f) => out.split(JSON.stringify(f).slice(1, -1)).join(REDACTED), line);
    return scrubText(text, [], AUDIT.test(line));
  }
  const audit = isRecord(parsed) && parsed.audit === true;
  return JSON.stringify(scrubValue(parsed, forms, audit)) + end;
}

/** Each secret as it may appear: as is, and URL-encoded (in a query string). */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_CHARS) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function scrubValue(value: unknown, secrets: readonly string[], audit: boolean): unknown {
  if (typeof value === "string") return scrubText(value, secrets, audit);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, audit));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const credential = CREDENTIAL_KEY.test(key.toLowerCase().replace(/[^a-z]/g, ""));
    // A flag (`cookie: false`) says nothing secret; anything else under such a name is blanked.
    const blank = credential && v !== null && typeof v !== "boolean";
    out[scrubText(key, secrets, audit)] = blank ? REDACTED : scrubValue(v, secrets, audit);
  }
  return out;
}

function scrubText(text: string, secrets: readonly string[], audit: boolean): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  out = out.replace(HEADER_TEXT, `$1$2${REDACTED}`).replace(AUTH_COOKIE, `$1${REDACTED}`);
  out = out.replace(BEARER, `$1$2${REDACTED}`);
  out = out.replace(JWT, REDACTED).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  out = out.replace(IPV4, "[ip]").replace(IPV6, (m) => (isIpv6(m) ? "[ip]" : m));
  if (!audit) out = out.replace(EMAIL, "[email]");
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
  // The token in force (the simulator's in demo mode), and every secret the environment holds.
  add(() => [upstreamConfig().token]);
  add(() => deploymentSecrets());
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
