import "server-only";
import { z } from "zod";
import { parseList, type AllowList } from "@/lib/auth/allow-list";
import { behindTrustedProxy } from "@/lib/auth/client-address";
import { isEmail, parseUsers } from "@/lib/auth/passwords";
import { parseThresholds } from "@/lib/report/thresholds";

/**
 * The deployment's configuration, read once from the environment and validated as a whole, so a
 * misconfigured deployment fails with one message naming every bad variable instead of the first.
 */

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

// Values the simulator answers to; used only when DEMO_MODE is on (see simulator/scenarios.ts).
export const DEMO_UPSTREAM = {
  token: "sim-token",
  accountId: "0123456789abcdef0123456789abcdef",
  baseUrl: "http://127.0.0.1:8787/client/v4",
} as const;

const emptyAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const optionalString = z.preprocess(emptyAsUndefined, z.string().trim().optional());

const booleanFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
      error: "must be true or false",
    })
    .optional()
    .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on"),
);

const positiveInt = (fallback: number, max: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

const commaList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id)), {
      error: "must be a comma-separated list of app ids",
    }),
);

const rawEnvSchema = z.object({
  DEMO_MODE: booleanFlag,
  CLOUDFLARE_API_TOKEN: optionalString,
  CLOUDFLARE_ACCOUNT_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[0-9a-f]{32}$/i, { error: "must be the 32-hex-digit Cloudflare account id" })
      .optional(),
  ),
  CLOUDFLARE_API_BASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .optional()
      .transform((v) => v?.replace(/\/+$/, "")),
  ),
  REALTIMEKIT_APP_IDS: commaList,
  REALTIMEKIT_RATE_LIMIT: positiveInt(1200, 1_000_000),
  REALTIMEKIT_RATE_WINDOW_S: positiveInt(300, 86_400),
  REALTIMEKIT_USER_SHARE_PCT: positiveInt(25, 100),
  REALTIMEKIT_TIMEOUT_MS: positiveInt(15_000, 120_000),
  REALTIMEKIT_CACHE_MB: positiveInt(64, 4096),
  REALTIMEKIT_MAX_BODY_MB: positiveInt(32, 1024),
});

export interface UpstreamConfig {
  demoMode: boolean;
  token: string;
  accountId: string;
  baseUrl: string;
  /** Empty means every app the token can list. */
  allowedAppIds: string[];
  rateLimit: { requests: number; windowMs: number };
  /** Most of the rate budget one signed-in user may spend in a window, in percent (100: no per-user cap). */
  userSharePct: number;
  /** Deadline for all the upstream work of one inbound request. */
  timeoutMs: number;
  cacheMaxBytes: number;
  /** Largest upstream body accepted, decompressed. */
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws one ConfigError that lists every problem found. */
export function parseUpstreamConfig(source: Record<string, string | undefined>): UpstreamConfig {
  const parsed = rawEnvSchema.safeParse(source);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  // Checked even when other variables are bad, so that one message names every problem.
  const field = <K extends keyof typeof rawEnvSchema.shape>(name: K) => rawEnvSchema.shape[name].safeParse(source[name]);
  const demoFlag = field("DEMO_MODE");
  const demoOn = demoFlag.success && demoFlag.data;
  const tokenField = field("CLOUDFLARE_API_TOKEN");
  const accountField = field("CLOUDFLARE_ACCOUNT_ID");
  if (!demoOn && tokenField.success && !tokenField.data) problems.push("CLOUDFLARE_API_TOKEN: required (an API token with the Realtime permission)");
  if (!demoOn && accountField.success && !accountField.data) problems.push("CLOUDFLARE_ACCOUNT_ID: required (the 32-hex-digit account id)");
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const env = parsed.data;
  const demo = env.DEMO_MODE;
  const token = env.CLOUDFLARE_API_TOKEN ?? (demo ? DEMO_UPSTREAM.token : undefined);
  const accountId = env.CLOUDFLARE_ACCOUNT_ID ?? (demo ? DEMO_UPSTREAM.accountId : undefined);
  if (!token || !accountId) throw new ConfigError(problems);

  return {
    demoMode: demo,
    token,
    accountId: accountId.toLowerCase(),
    baseUrl: env.CLOUDFLARE_API_BASE_URL ?? (demo ? DEMO_UPSTREAM.baseUrl : DEFAULT_BASE_URL),
    allowedAppIds: env.REALTIMEKIT_APP_IDS,
    rateLimit: { requests: env.REALTIMEKIT_RATE_LIMIT, windowMs: env.REALTIMEKIT_RATE_WINDOW_S * 1000 },
    userSharePct: env.REALTIMEKIT_USER_SHARE_PCT,
    timeoutMs: env.REALTIMEKIT_TIMEOUT_MS,
    cacheMaxBytes: env.REALTIMEKIT_CACHE_MB * 1024 * 1024,
    maxBodyBytes: env.REALTIMEKIT_MAX_BODY_MB * 1024 * 1024,
  };
}

let cached: UpstreamConfig | undefined;

/** The process-wide configuration, parsed on first use. */
export function upstreamConfig(): UpstreamConfig {
  cached ??= parseUpstreamConfig(process.env);
  return cached;
}

// ---- Sign-in configuration (Auth.js) ----

export interface AuthConfig {
  /** Built-in accounts: email → scrypt hash. */
  users: Map<string, string>;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  github: { clientId: string; clientSecret: string } | null;
  allowList: AllowList;
}

/** Parses the sign-in variables; problems are returned, not thrown, so they join the upstream's. */
export function parseAuthConfig(source: Record<string, string | undefined>): { config: AuthConfig; problems: string[] } {
  const problems: string[] = [];
  const get = (k: string) => {
    const v = source[k]?.trim();
    return v ? v : undefined;
  };

  const secret = get("AUTH_SECRET");
  if (!secret) problems.push("AUTH_SECRET: required (generate one with `openssl rand -base64 33`)");
  else if (secret.length < 32) problems.push("AUTH_SECRET: must be at least 32 characters");
  // Vercel sets VERCEL and Auth.js then trusts the host header itself.
  if (!get("AUTH_URL") && !behindTrustedProxy(source)) {
    problems.push("AUTH_URL or AUTH_TRUST_HOST: set AUTH_URL to the public URL, or AUTH_TRUST_HOST=true behind a trusted proxy");
  }
  if (get("AUTH_URL") && !/^https?:\/\/[^/]/i.test(get("AUTH_URL") as string)) problems.push("AUTH_URL: must be an http(s) URL");

  const { users, problems: userProblems } = parseUsers(get("AUTH_USERS"));
  problems.push(...userProblems.map((p) => `AUTH_USERS: ${p}`));

  let oidc: AuthConfig["oidc"] = null;
  const oidcVars = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"] as const;
  const oidcSet = oidcVars.filter((k) => get(k));
  if (oidcSet.length > 0 && oidcSet.length < oidcVars.length) {
    for (const k of oidcVars) if (!get(k)) problems.push(`${k}: required when the other AUTH_OIDC_* variables are set`);
  } else if (oidcSet.length === oidcVars.length) {
    const issuer = get("AUTH_OIDC_ISSUER") as string;
    if (!/^https?:\/\/[^/]/i.test(issuer)) problems.push("AUTH_OIDC_ISSUER: must be the IdP's issuer URL (https://…)");
    oidc = { issuer, clientId: get("AUTH_OIDC_ID") as string, clientSecret: get("AUTH_OIDC_SECRET") as string, name: get("AUTH_OIDC_NAME") ?? "SSO" };
  }

  let github: AuthConfig["github"] = null;
  const ghId = get("AUTH_GITHUB_ID");
  const ghSecret = get("AUTH_GITHUB_SECRET");
  if (!!ghId !== !!ghSecret) problems.push(`${ghId ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"}: required when the other is set`);
  else if (ghId && ghSecret) github = { clientId: ghId, clientSecret: ghSecret };

  const allowList: AllowList = {
    emails: parseList(get("AUTH_ALLOWED_EMAILS"), "emails"),
    domains: parseList(get("AUTH_ALLOWED_DOMAINS"), "domains"),
  };
  for (const e of allowList.emails) if (!isEmail(e)) problems.push(`AUTH_ALLOWED_EMAILS: "${e}" is not an email address`);
  for (const d of allowList.domains) if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)) problems.push(`AUTH_ALLOWED_DOMAINS: "${d}" is not a domain`);

  // Anyone can create a GitHub account: without a list, "sign in with GitHub" would admit the world.
  if (github && allowList.emails.length === 0 && allowList.domains.length === 0) {
    problems.push("AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_DOMAINS: required when GitHub sign-in is enabled (GitHub accounts are public)");
  }
  if (users.size === 0 && !oidc && !github) {
    problems.push("AUTH_USERS, AUTH_OIDC_* or AUTH_GITHUB_*: configure at least one way to sign in");
  }
  return { config: { users, oidc, github, allowList }, problems };
}

let cachedAuth: AuthConfig | undefined;

/** The process-wide sign-in configuration; throws a ConfigError naming every problem. */
export function authConfig(): AuthConfig {
  if (!cachedAuth) {
    const { config, problems } = parseAuthConfig(process.env);
    if (problems.length) throw new ConfigError(problems);
    cachedAuth = config;
  }
  return cachedAuth;
}

/**
 * Validates the whole configuration at start-up and reports every problem in one message, from
 * the upstream and the sign-in variables alike.
 */
export function validateConfig(source: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  try {
    parseUpstreamConfig(source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  problems.push(...parseAuthConfig(source).problems);
  problems.push(...parseThresholds(source.INSPECTOR_THRESHOLDS).problems);
  const autoHealth = source.INSPECTOR_AUTO_HEALTH_MAX?.trim();
  if (autoHealth && !/^\d{1,4}$/.test(autoHealth)) problems.push("INSPECTOR_AUTO_HEALTH_MAX: must be a whole number (0 turns automatic checks off)");
  return problems;
}
