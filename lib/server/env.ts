import "server-only";
import { z } from "zod";

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
  REALTIMEKIT_TIMEOUT_MS: positiveInt(15_000, 120_000),
  REALTIMEKIT_CACHE_MB: positiveInt(64, 4096),
});

export interface UpstreamConfig {
  demoMode: boolean;
  token: string;
  accountId: string;
  baseUrl: string;
  /** Empty means every app the token can list. */
  allowedAppIds: string[];
  rateLimit: { requests: number; windowMs: number };
  timeoutMs: number;
  cacheMaxBytes: number;
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
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join(".")}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const demo = env.DEMO_MODE;
  const token = env.CLOUDFLARE_API_TOKEN ?? (demo ? DEMO_UPSTREAM.token : undefined);
  const accountId = env.CLOUDFLARE_ACCOUNT_ID ?? (demo ? DEMO_UPSTREAM.accountId : undefined);
  if (!token) problems.push("CLOUDFLARE_API_TOKEN: required (an API token with the Realtime permission)");
  if (!accountId) problems.push("CLOUDFLARE_ACCOUNT_ID: required (the 32-hex-digit account id)");
  if (problems.length > 0 || !token || !accountId) throw new ConfigError(problems);

  return {
    demoMode: demo,
    token,
    accountId: accountId.toLowerCase(),
    baseUrl: env.CLOUDFLARE_API_BASE_URL ?? (demo ? DEMO_UPSTREAM.baseUrl : DEFAULT_BASE_URL),
    allowedAppIds: env.REALTIMEKIT_APP_IDS,
    rateLimit: { requests: env.REALTIMEKIT_RATE_LIMIT, windowMs: env.REALTIMEKIT_RATE_WINDOW_S * 1000 },
    timeoutMs: env.REALTIMEKIT_TIMEOUT_MS,
    cacheMaxBytes: env.REALTIMEKIT_CACHE_MB * 1024 * 1024,
  };
}

let cached: UpstreamConfig | undefined;

/** The process-wide configuration, parsed on first use. */
export function upstreamConfig(): UpstreamConfig {
  cached ??= parseUpstreamConfig(process.env);
  return cached;
}
