import "server-only";
import { z } from "zod";
import { parseList, type AllowList } from "@/lib/auth/allow-list";
import { isEmail, parseUsers } from "@/lib/auth/passwords";
import { parseThresholds, type Thresholds } from "@/lib/report/thresholds";

/**
 * The deployment's configuration: the one place that reads the environment. Every variable is
 * described once below (validation, default), the whole is validated together so a misconfigured
 * deployment fails with one message naming every bad variable, and the rest of the app asks the
 * typed getters at the end of this file.
 */

const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
export const DEFAULT_MAX_BODY_MB = 32;
const DEFAULT_AUTO_HEALTH_MAX = 25;
const DEFAULT_INDEX_TTL_DAYS = 30;
const DEFAULT_SCAN_SHARE_PCT = 50;

// Values the simulator answers to; used only when DEMO_MODE is on (see simulator/scenarios.ts).
export const DEMO_UPSTREAM = {
  token: "sim-token",
  accountId: "0123456789abcdef0123456789abcdef",
  baseUrl: "http://127.0.0.1:8787/client/v4",
} as const;

const HTTP_URL = /^https?:\/\/[^/]/i;

// An empty value (as copied from .env.example) means unset.
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

/** An email or domain allow-list, one problem per entry that is not one. */
const allowList = (kind: "emails" | "domains") =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = parseList(v?.trim(), kind);
        for (const entry of list) {
          const ok = kind === "emails" ? isEmail(entry) : /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(entry);
          if (!ok)
            ctx.issues.push({
              code: "custom",
              input: v,
              message: `"${entry}" is not ${kind === "emails" ? "an email address" : "a domain"}`,
            });
        }
        return list;
      }),
  );

// Lenient on purpose: anything but 1 or true means no trusted proxy, as Auth.js reads it.
const trueish = z
  .string()
  .optional()
  .transform((v) => /^(1|true)$/i.test(v?.trim() ?? ""));

/** Problems that already start with the variable's name (INSPECTOR_THRESHOLDS.lossPct: …). */
const NAMED = { named: true } as const;

const upstreamFields = {
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
  REALTIMEKIT_MAX_BODY_MB: positiveInt(DEFAULT_MAX_BODY_MB, 1024),
};

const authFields = {
  AUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string({ error: "required (generate one with `openssl rand -base64 33`)" })
      .trim()
      .min(32, { error: "must be at least 32 characters" }),
  ),
  AUTH_URL: z.preprocess(
    emptyAsUndefined,
    z.string().trim().regex(HTTP_URL, { error: "must be an http(s) URL" }).optional(),
  ),
  AUTH_TRUST_HOST: trueish,
  // Vercel sets VERCEL, and replaces X-Forwarded-For with the address it saw.
  VERCEL: z
    .string()
    .optional()
    .transform((v) => !!v?.trim()),
  AUTH_USERS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        const { users, problems } = parseUsers(v);
        for (const message of problems) ctx.issues.push({ code: "custom", input: v, message });
        return users;
      }),
  ),
  AUTH_OIDC_ISSUER: optionalString,
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  AUTH_OIDC_NAME: optionalString,
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_ALLOWED_EMAILS: allowList("emails"),
  AUTH_ALLOWED_DOMAINS: allowList("domains"),
  // Who sees addresses, user agents and cities unmasked (docs/privacy.md).
  AUTH_ADMIN_EMAILS: allowList("emails"),
  AUTH_OIDC_ADMIN_GROUP: optionalString,
  // Ends every session signed in before it (README.md, "Signing out and ending sessions").
  AUTH_SESSIONS_NOT_BEFORE: z.preprocess(
    emptyAsUndefined,
    z.iso
      .datetime({ offset: true, error: "must be an ISO date and time with its zone, e.g. 2026-12-01T09:00:00Z" })
      .optional()
      .transform((v) => (v === undefined ? null : Date.parse(v))),
  ),
};

const inspectorFields = {
  INSPECTOR_THRESHOLDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      // Any problem leaves the defaults in force (see parseThresholds); start-up still refuses it.
      const { thresholds, problems } = parseThresholds(v);
      for (const message of problems) ctx.issues.push({ code: "custom", input: v, message, params: NAMED });
      return thresholds;
    }),
  INSPECTOR_AUTO_HEALTH_MAX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, { error: "must be a whole number (0 turns automatic checks off)" })
      .optional()
      .transform((v) => (v === undefined ? DEFAULT_AUTO_HEALTH_MAX : Number(v))),
  ),
  INSPECTOR_INDEX_TTL_DAYS: positiveInt(DEFAULT_INDEX_TTL_DAYS, 3650),
  INSPECTOR_SCAN_SHARE_PCT: positiveInt(DEFAULT_SCAN_SHARE_PCT, 100),
  AUDIT_LOG_FILE: optionalString,
  AUDIT_WEBHOOK_URL: z.preprocess(
    emptyAsUndefined,
    z.string().trim().regex(HTTP_URL, { error: "must be an http(s) URL" }).optional(),
  ),
};

// The shared store (docs/shared-store.md). Its password is never repeated in a message.
const storeFields = {
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((v) => /^rediss?:\/\/[^/]/i.test(v) && URL.canParse(v), {
        error: "must be a redis:// or rediss:// (TLS) URL",
      })
      .optional(),
  ),
};

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

// NODE_ENV and NEXT_PHASE are set by Next.js, never by the deployment; none of these can be wrong
// (an unknown LOG_LEVEL logs at info).
const runtimeFields = {
  NODE_ENV: z.string().optional(),
  NEXT_PHASE: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
};

/** Every variable the app reads, each with its validation and default. */
const envSchema = z.object({ ...upstreamFields, ...authFields, ...inspectorFields, ...storeFields, ...runtimeFields });

type Env = z.output<typeof envSchema>;
type Name = keyof Env;

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

/** Sign-in configuration (Auth.js). */
export interface AuthConfig {
  /** Built-in accounts: email → scrypt hash. */
  users: Map<string, string>;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  github: { clientId: string; clientSecret: string } | null;
  allowList: AllowList;
  /** AUTH_ADMIN_EMAILS, lower case: these accounts see personal data unmasked (docs/privacy.md). */
  adminEmails: string[];
  /** AUTH_OIDC_ADMIN_GROUP: an OIDC user whose `groups` claim holds it is an admin. */
  oidcAdminGroup: string | null;
  /**
   * Whether Auth.js may trust the Host header: behind a trusted proxy, or with AUTH_URL set. Decided
   * here rather than by Auth.js, which takes an empty AUTH_URL (as copied from .env.example) as
   * "set" and then distrusts every host.
   */
  trustHost: boolean;
  /** AUTH_SESSIONS_NOT_BEFORE (epoch ms): from then on, sessions signed in before it are refused. */
  sessionsNotBefore: number | null;
}

export interface InspectorConfig {
  thresholds: Thresholds;
  /** Sessions up to this many participants get their call quality checked without asking; 0: never. */
  autoHealthMax: number;
  /** How long the quality index keeps the verdicts of ended sessions (docs/quality-index.md). */
  indexTtlDays: number;
  /** Most of the upstream rate budget health checks may spend per window, in percent (docs/quality-index.md). */
  scanSharePct: number;
  /** Where audit lines go besides the log (docs/privacy.md): a file appended to, a URL POSTed to. */
  audit: { file: string | null; webhookUrl: string | null };
}

export interface StoreConfig {
  /** REDIS_URL: the store every instance shares (docs/shared-store.md); null keeps each process's own memory. */
  redisUrl: string | null;
}

/** Facts about the running process; reading them never fails. */
export interface RuntimeConfig {
  /** NODE_ENV is not production (next dev): the CSP allows what the dev server needs. */
  dev: boolean;
  /** Running inside `next build`, not serving. */
  buildPhase: boolean;
  /** AUTH_URL's origin, when set and readable. */
  publicOrigin: string | null;
  /** AUTH_TRUST_HOST=true (or 1) says a trusted proxy is in front; on Vercel one always is. */
  trustedProxy: boolean;
  /** LOG_LEVEL, one of LOG_LEVELS; anything else logs at info (the log must work before all else). */
  logLevel: (typeof LOG_LEVELS)[number];
}

export type Section<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface ParsedConfig {
  upstream: Section<UpstreamConfig>;
  auth: Section<AuthConfig>;
  inspector: Section<InspectorConfig>;
  store: Section<StoreConfig>;
  runtime: RuntimeConfig;
  /** Every problem, upstream then sign-in then inspector options then the shared store. */
  problems: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Each variable is parsed on its own, so one bad value neither hides another nor stops the rules
 * that join several variables (a required token, a complete OIDC set) from being checked.
 */
function parseFields(source: Record<string, string | undefined>) {
  const env: Partial<Env> = {};
  const problems = new Map<Name, string[]>();
  for (const name of Object.keys(envSchema.shape) as Name[]) {
    const parsed = envSchema.shape[name].safeParse(source[name]);
    if (parsed.success) (env as Record<Name, unknown>)[name] = parsed.data;
    else
      problems.set(
        name,
        parsed.error.issues.map((i) => (i.code === "custom" && i.params?.named ? i.message : `${name}: ${i.message}`)),
      );
  }
  return {
    env,
    failed: (name: Name) => problems.has(name),
    problemsOf: (fields: object) => Object.keys(fields).flatMap((name) => problems.get(name as Name) ?? []),
  };
}
type Fields = ReturnType<typeof parseFields>;

function upstreamSection({ env: e, failed, problemsOf }: Fields): Section<UpstreamConfig> {
  const problems = problemsOf(upstreamFields);
  const demo = e.DEMO_MODE === true;
  if (!demo && !failed("CLOUDFLARE_API_TOKEN") && !e.CLOUDFLARE_API_TOKEN) {
    problems.push("CLOUDFLARE_API_TOKEN: required (an API token with the Realtime permission)");
  }
  if (!demo && !failed("CLOUDFLARE_ACCOUNT_ID") && !e.CLOUDFLARE_ACCOUNT_ID) {
    problems.push("CLOUDFLARE_ACCOUNT_ID: required (the 32-hex-digit account id)");
  }
  if (problems.length > 0) return { ok: false, problems };
  const env = e as Pick<Env, keyof typeof upstreamFields>;
  return {
    ok: true,
    value: {
      demoMode: demo,
      token: env.CLOUDFLARE_API_TOKEN ?? DEMO_UPSTREAM.token,
      accountId: (env.CLOUDFLARE_ACCOUNT_ID ?? DEMO_UPSTREAM.accountId).toLowerCase(),
      baseUrl: env.CLOUDFLARE_API_BASE_URL ?? (demo ? DEMO_UPSTREAM.baseUrl : DEFAULT_BASE_URL),
      allowedAppIds: env.REALTIMEKIT_APP_IDS,
      rateLimit: { requests: env.REALTIMEKIT_RATE_LIMIT, windowMs: env.REALTIMEKIT_RATE_WINDOW_S * 1000 },
      userSharePct: env.REALTIMEKIT_USER_SHARE_PCT,
      timeoutMs: env.REALTIMEKIT_TIMEOUT_MS,
      cacheMaxBytes: env.REALTIMEKIT_CACHE_MB * 1024 * 1024,
      maxBodyBytes: env.REALTIMEKIT_MAX_BODY_MB * 1024 * 1024,
    },
  };
}

function authSection(fields: Fields, source: Record<string, string | undefined>): Section<AuthConfig> {
  const { env: e, failed, problemsOf } = fields;
  const problems = problemsOf(authFields);
  // A set but malformed AUTH_URL is named above; it is not also missing.
  const urlSet = failed("AUTH_URL") || !!e.AUTH_URL;
  if (!urlSet && !trustedProxy(e)) {
    problems.push(
      "AUTH_URL or AUTH_TRUST_HOST: set AUTH_URL to the public URL, or AUTH_TRUST_HOST=true behind a trusted proxy",
    );
  }

  let oidc: AuthConfig["oidc"] = null;
  const oidcVars = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"] as const;
  const oidcSet = oidcVars.filter((k) => e[k]);
  if (oidcSet.length > 0 && oidcSet.length < oidcVars.length) {
    for (const k of oidcVars) if (!e[k]) problems.push(`${k}: required when the other AUTH_OIDC_* variables are set`);
  } else if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) {
    if (!HTTP_URL.test(e.AUTH_OIDC_ISSUER)) {
      problems.push("AUTH_OIDC_ISSUER: must be the IdP's issuer URL (https://…)");
    }
    oidc = {
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_ID,
      clientSecret: e.AUTH_OIDC_SECRET,
      name: e.AUTH_OIDC_NAME ?? "SSO",
    };
  }

  let github: AuthConfig["github"] = null;
  const { AUTH_GITHUB_ID: ghId, AUTH_GITHUB_SECRET: ghSecret } = e;
  if (!!ghId !== !!ghSecret)
    problems.push(`${ghId ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"}: required when the other is set`);
  else if (ghId && ghSecret) github = { clientId: ghId, clientSecret: ghSecret };

  // A list that failed has entries: they are named above.
  const listed = (name: "AUTH_ALLOWED_EMAILS" | "AUTH_ALLOWED_DOMAINS") => failed(name) || (e[name]?.length ?? 0) > 0;
  // Anyone can create a GitHub account: without a list, "sign in with GitHub" would admit the world.
  if (github && !listed("AUTH_ALLOWED_EMAILS") && !listed("AUTH_ALLOWED_DOMAINS")) {
    problems.push(
      "AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_DOMAINS: required when GitHub sign-in is enabled " +
        "(GitHub accounts are public)",
    );
  }
  // Only the good entries of a bad AUTH_USERS count as accounts.
  const users = e.AUTH_USERS ?? parseUsers(source.AUTH_USERS?.trim()).users;
  if (users.size === 0 && !oidc && !github) {
    problems.push("AUTH_USERS, AUTH_OIDC_* or AUTH_GITHUB_*: configure at least one way to sign in");
  }
  if (problems.length > 0) return { ok: false, problems };
  const allowed: AllowList = { emails: e.AUTH_ALLOWED_EMAILS ?? [], domains: e.AUTH_ALLOWED_DOMAINS ?? [] };
  const admins = { adminEmails: e.AUTH_ADMIN_EMAILS ?? [], oidcAdminGroup: e.AUTH_OIDC_ADMIN_GROUP ?? null };
  const sessionsNotBefore = e.AUTH_SESSIONS_NOT_BEFORE ?? null;
  return {
    ok: true,
    value: {
      users,
      oidc,
      github,
      allowList: allowed,
      ...admins,
      trustHost: trustedProxy(e) || urlSet,
      sessionsNotBefore,
    },
  };
}

function trustedProxy(e: Partial<Env>): boolean {
  return !!e.AUTH_TRUST_HOST || !!e.VERCEL;
}

function inspectorSection({ env, problemsOf }: Fields): Section<InspectorConfig> {
  const problems = problemsOf(inspectorFields);
  if (problems.length > 0) return { ok: false, problems };
  const e = env as Pick<Env, keyof typeof inspectorFields>;
  return {
    ok: true,
    value: {
      thresholds: e.INSPECTOR_THRESHOLDS,
      autoHealthMax: e.INSPECTOR_AUTO_HEALTH_MAX,
      indexTtlDays: e.INSPECTOR_INDEX_TTL_DAYS,
      scanSharePct: e.INSPECTOR_SCAN_SHARE_PCT,
      audit: { file: e.AUDIT_LOG_FILE ?? null, webhookUrl: e.AUDIT_WEBHOOK_URL ?? null },
    },
  };
}

function storeSection({ env, problemsOf }: Fields): Section<StoreConfig> {
  const problems = problemsOf(storeFields);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { redisUrl: env.REDIS_URL ?? null } };
}

function runtimeSection({ env: e }: Fields): RuntimeConfig {
  let publicOrigin: string | null = null;
  try {
    if (e.AUTH_URL) publicOrigin = new URL(e.AUTH_URL).origin;
  } catch {
    // named by the sign-in section; the request's own host serves meanwhile
  }
  return {
    dev: e.NODE_ENV !== "production",
    buildPhase: e.NEXT_PHASE === "phase-production-build",
    publicOrigin,
    trustedProxy: trustedProxy(e),
    logLevel: LOG_LEVELS.find((l) => l === e.LOG_LEVEL?.trim().toLowerCase()) ?? "info",
  };
}

/** Reads a whole environment: each section's value, or the problems that keep it from having one. */
export function parseConfig(source: Record<string, string | undefined>): ParsedConfig {
  const fields = parseFields(source);
  const upstream = upstreamSection(fields);
  const auth = authSection(fields, source);
  const inspector = inspectorSection(fields);
  const store = storeSection(fields);
  const problems = [upstream, auth, inspector, store].flatMap((s) => (s.ok ? [] : s.problems));
  return { upstream, auth, inspector, store, runtime: runtimeSection(fields), problems };
}

/** The section's value; throws one ConfigError naming each of its problems. */
export function orThrow<T>(section: Section<T>): T {
  if (!section.ok) throw new ConfigError(section.problems);
  return section.value;
}

// ---- The process's configuration, read on first use ----

let cached: ParsedConfig | undefined;

function current(): ParsedConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forgets the parsed environment, for tests that change it. */
export function resetConfig(): void {
  cached = undefined;
}

export const upstreamConfig = (): UpstreamConfig => orThrow(current().upstream);
export const authConfig = (): AuthConfig => orThrow(current().auth);
export const inspectorConfig = (): InspectorConfig => orThrow(current().inspector);
export const storeConfig = (): StoreConfig => orThrow(current().store);
export const runtimeConfig = (): RuntimeConfig => current().runtime;
/** Every configuration problem, for the start-up check and the health endpoint. */
export const configProblems = (): string[] => current().problems;

/**
 * Every secret the deployment configured, as the log must never print them (lib/server/log.ts):
 * read from the raw environment, so that a section failing validation still has its secrets kept
 * out of the line that says so. The parts of a URL that are its secret: REDIS_URL's password, and
 * AUDIT_WEBHOOK_URL whole, its query values and any long path segment (Slack's and Discord's
 * webhook tokens are path segments). AUTH_SECRET_1…3 are Auth.js's rotation variables, read by it.
 */
export function secretsOf(source: Record<string, string | undefined>): string[] {
  const value = (name: string) => source[name]?.trim() || null;
  const secrets = [
    "CLOUDFLARE_API_TOKEN",
    "AUTH_SECRET",
    "AUTH_SECRET_1",
    "AUTH_SECRET_2",
    "AUTH_SECRET_3",
    "AUTH_OIDC_SECRET",
    "AUTH_GITHUB_SECRET",
  ].map(value);
  const url = (raw: string | null) => (raw && URL.canParse(raw) ? new URL(raw) : null);
  const redis = url(value("REDIS_URL"));
  if (redis?.password) secrets.push(redis.password, safeDecode(redis.password));
  const webhookRaw = value("AUDIT_WEBHOOK_URL");
  const webhook = url(webhookRaw);
  if (webhookRaw && webhook) {
    secrets.push(webhookRaw, webhook.href, webhook.password, safeDecode(webhook.password), webhook.search.slice(1));
    for (const v of webhook.searchParams.values()) secrets.push(v);
    for (const segment of webhook.pathname.split("/")) if (segment.length >= 16) secrets.push(segment);
  }
  return [...new Set(secrets.filter((s): s is string => !!s))];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The process's configured secrets (secretsOf), for the log. */
export const configuredSecrets = (): string[] => secretsOf(process.env);
