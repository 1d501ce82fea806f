import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import {
  configProblems,
  ConfigError,
  DEMO_UPSTREAM,
  inspectorConfig,
  orThrow,
  parseConfig,
  resetConfig,
  upstreamConfig,
  type AuthConfig,
} from "./config";

/** The upstream section, or the ConfigError naming its problems. */
const parseUpstreamConfig = (env: Record<string, string>) => orThrow(parseConfig(env).upstream);
/** The sign-in section's value (when valid) and its problems alone. */
function parseAuthConfig(env: Record<string, string>): { config: AuthConfig | null; problems: string[] } {
  const auth = parseConfig(env).auth;
  return auth.ok ? { config: auth.value, problems: [] } : { config: null, problems: auth.problems };
}
const validateConfig = (env: Record<string, string>) => parseConfig(env).problems;

const valid = { CLOUDFLARE_API_TOKEN: "tok", CLOUDFLARE_ACCOUNT_ID: "0123456789ABCDEF0123456789abcdef" };

function problems(env: Record<string, string>): string[] {
  try {
    parseUpstreamConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("upstream configuration", () => {
  it("applies defaults", () => {
    const c = parseUpstreamConfig(valid);
    expect(c).toMatchObject({
      demoMode: false,
      accountId: "0123456789abcdef0123456789abcdef",
      baseUrl: "https://api.cloudflare.com/client/v4",
      allowedAppIds: [],
      rateLimit: { requests: 1200, windowMs: 300_000 },
      timeoutMs: 15_000,
    });
  });

  it("names every missing or invalid variable at once", () => {
    const p = problems({
      CLOUDFLARE_ACCOUNT_ID: "nope",
      CLOUDFLARE_API_BASE_URL: "ftp://x",
      REALTIMEKIT_RATE_LIMIT: "0",
      REALTIMEKIT_APP_IDS: "ok,bad id",
    });
    expect(p.join("\n")).toMatch(/CLOUDFLARE_ACCOUNT_ID/);
    expect(p.join("\n")).toMatch(/CLOUDFLARE_API_BASE_URL/);
    expect(p.join("\n")).toMatch(/REALTIMEKIT_RATE_LIMIT/);
    expect(p.join("\n")).toMatch(/REALTIMEKIT_APP_IDS/);
    expect(problems({})).toEqual([
      "CLOUDFLARE_API_TOKEN: required (an API token with the Realtime permission)",
      "CLOUDFLARE_ACCOUNT_ID: required (the 32-hex-digit account id)",
    ]);
  });

  it("demo mode points at the simulator and needs no real token", () => {
    expect(parseUpstreamConfig({ DEMO_MODE: "1" })).toMatchObject({ demoMode: true, ...DEMO_UPSTREAM });
    expect(
      parseUpstreamConfig({ DEMO_MODE: "true", CLOUDFLARE_API_BASE_URL: "http://127.0.0.1:9999/client/v4/" }).baseUrl,
    ).toBe("http://127.0.0.1:9999/client/v4");
  });

  it("reads the app allow-list and treats empty strings as unset", () => {
    const c = parseUpstreamConfig({ ...valid, REALTIMEKIT_APP_IDS: " a1, b2 ,", REALTIMEKIT_TIMEOUT_MS: "" });
    expect(c.allowedAppIds).toEqual(["a1", "b2"]);
    expect(c.timeoutMs).toBe(15_000);
  });

  it("caps upstream bodies at REALTIMEKIT_MAX_BODY_MB, 32 MiB unless set", () => {
    expect(parseUpstreamConfig(valid).maxBodyBytes).toBe(32 * 1024 * 1024);
    expect(parseUpstreamConfig({ ...valid, REALTIMEKIT_MAX_BODY_MB: "8" }).maxBodyBytes).toBe(8 * 1024 * 1024);
    expect(() => parseUpstreamConfig({ ...valid, REALTIMEKIT_MAX_BODY_MB: "0" })).toThrow(
      /REALTIMEKIT_MAX_BODY_MB: must be at least 1/,
    );
  });

  it("names missing variables even when others are malformed", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseUpstreamConfig(env);
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.split(":")[0]);
      }
      return [];
    };
    expect(problems({ REALTIMEKIT_TIMEOUT_MS: "abc" }).sort()).toEqual([
      "CLOUDFLARE_ACCOUNT_ID",
      "CLOUDFLARE_API_TOKEN",
      "REALTIMEKIT_TIMEOUT_MS",
    ]);
    expect(problems({ CLOUDFLARE_ACCOUNT_ID: "bad" }).sort()).toEqual([
      "CLOUDFLARE_ACCOUNT_ID",
      "CLOUDFLARE_API_TOKEN",
    ]);
    // Demo mode fills in the upstream; a bad value is still named.
    expect(problems({ DEMO_MODE: "1", REALTIMEKIT_RATE_LIMIT: "0" })).toEqual(["REALTIMEKIT_RATE_LIMIT"]);
  });

  it("never puts the token in its error message", () => {
    const err = (() => {
      try {
        parseUpstreamConfig({ CLOUDFLARE_API_TOKEN: "super-secret", CLOUDFLARE_ACCOUNT_ID: "bad" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).not.toContain("super-secret");
  });
});

describe("sign-in configuration", () => {
  const base = { AUTH_SECRET: "s".repeat(40), AUTH_TRUST_HOST: "true", AUTH_USERS: "" };
  const entry = "ops@example.com:scrypt.15.8.1.E-t8W3h_bVi7joTzR00yVQ.tlrdAvNd49lnvzcMKPPIQqBdqZBonolLfdfPWIH_RLI";

  it("enables each provider from its variables", () => {
    const { config, problems } = parseAuthConfig({
      ...base,
      AUTH_USERS: entry,
      AUTH_OIDC_ISSUER: "https://idp.example.com",
      AUTH_OIDC_ID: "id",
      AUTH_OIDC_SECRET: "secret",
      AUTH_GITHUB_ID: "gh",
      AUTH_GITHUB_SECRET: "ghs",
      AUTH_ALLOWED_DOMAINS: "example.com",
    });
    expect(problems).toEqual([]);
    if (!config) throw new Error("no config");
    expect(config.users.has("ops@example.com")).toBe(true);
    expect(config.oidc).toMatchObject({ issuer: "https://idp.example.com", name: "SSO" });
    expect(config.github).toMatchObject({ clientId: "gh" });
  });

  it("refuses GitHub without an allow-list", () => {
    const { problems } = parseAuthConfig({ ...base, AUTH_GITHUB_ID: "gh", AUTH_GITHUB_SECRET: "ghs" });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_DOMAINS: required when GitHub/),
    ]);
  });

  it("names every sign-in problem together with upstream ones", () => {
    const problems = validateConfig({ AUTH_OIDC_ISSUER: "idp", AUTH_ALLOWED_DOMAINS: "not a domain" });
    const vars = problems.map((p) => p.split(":")[0]);
    expect(vars).toEqual(
      expect.arrayContaining([
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_ACCOUNT_ID",
        "AUTH_SECRET",
        "AUTH_URL or AUTH_TRUST_HOST",
        "AUTH_OIDC_ID",
        "AUTH_OIDC_SECRET",
        "AUTH_ALLOWED_DOMAINS",
      ]),
    );
  });

  it("reads the admins: AUTH_ADMIN_EMAILS in lower case, AUTH_OIDC_ADMIN_GROUP as given, none by default", () => {
    const users = { ...base, AUTH_USERS: entry };
    expect(parseAuthConfig(users).config).toMatchObject({ adminEmails: [], oidcAdminGroup: null });
    const set = parseAuthConfig({
      ...users,
      AUTH_ADMIN_EMAILS: " Lead@Example.com, sec@example.com ",
      AUTH_OIDC_ADMIN_GROUP: " ops-admins ",
    });
    expect(set.config).toMatchObject({
      adminEmails: ["lead@example.com", "sec@example.com"],
      oidcAdminGroup: "ops-admins",
    });
    expect(parseAuthConfig({ ...users, AUTH_ADMIN_EMAILS: "lead@example.com,not-an-email" }).problems).toEqual([
      expect.stringMatching(/^AUTH_ADMIN_EMAILS: "not-an-email" is not an email address/),
    ]);
  });

  it("needs at least one way to sign in", () => {
    expect(parseAuthConfig(base).problems).toEqual([
      "AUTH_USERS, AUTH_OIDC_* or AUTH_GITHUB_*: configure at least one way to sign in",
    ]);
  });
});

describe("inspector options", () => {
  const inspector = (env: Record<string, string>) => orThrow(parseConfig(env).inspector);

  it("defaults to the built-in thresholds and automatic checks up to 25 participants", () => {
    expect(inspector({})).toEqual({
      thresholds: DEFAULT_THRESHOLDS,
      autoHealthMax: 25,
      indexTtlDays: 30,
      scanSharePct: 50,
      audit: { file: null, webhookUrl: null },
    });
    expect(inspector({ INSPECTOR_AUTO_HEALTH_MAX: " ", INSPECTOR_THRESHOLDS: "" })).toEqual({
      thresholds: DEFAULT_THRESHOLDS,
      autoHealthMax: 25,
      indexTtlDays: 30,
      scanSharePct: 50,
      audit: { file: null, webhookUrl: null },
    });
    expect(inspector({ INSPECTOR_AUTO_HEALTH_MAX: " 40 " }).autoHealthMax).toBe(40);
    expect(inspector({ INSPECTOR_AUTO_HEALTH_MAX: "0" }).autoHealthMax).toBe(0);
    expect(inspector({ INSPECTOR_THRESHOLDS: '{"lossPct":{"warn":3,"poor":8}}' }).thresholds.lossPct).toMatchObject({
      warn: 3,
      poor: 8,
    });
  });

  it("reads exactly what it validates: a refused value is never used", () => {
    // Start-up refused these while the reader took 1000, 12345 and the defaults.
    for (const value of ["1e3", "12345", "-1", "2.5"]) {
      expect(parseConfig({ INSPECTOR_AUTO_HEALTH_MAX: value }).inspector).toEqual({
        ok: false,
        problems: ["INSPECTOR_AUTO_HEALTH_MAX: must be a whole number (0 turns automatic checks off)"],
      });
    }
    expect(() => inspector({ INSPECTOR_THRESHOLDS: "{" })).toThrow(ConfigError);
  });

  it("keeps ended sessions' verdicts INSPECTOR_INDEX_TTL_DAYS days, refusing anything but a whole number", () => {
    expect(inspector({ INSPECTOR_INDEX_TTL_DAYS: " 7 " }).indexTtlDays).toBe(7);
    expect(inspector({ INSPECTOR_INDEX_TTL_DAYS: "" }).indexTtlDays).toBe(30);
    for (const value of ["0", "1.5", "ten", "99999"]) {
      const parsed = parseConfig({ INSPECTOR_INDEX_TTL_DAYS: value }).inspector;
      expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^INSPECTOR_INDEX_TTL_DAYS: must be/)]);
    }
  });

  it("lets checks spend INSPECTOR_SCAN_SHARE_PCT % of the budget, a whole number from 1 to 100 (default 50)", () => {
    expect(inspector({ INSPECTOR_SCAN_SHARE_PCT: " 20 " }).scanSharePct).toBe(20);
    expect(inspector({ INSPECTOR_SCAN_SHARE_PCT: "100" }).scanSharePct).toBe(100);
    expect(inspector({ INSPECTOR_SCAN_SHARE_PCT: "" }).scanSharePct).toBe(50);
    for (const value of ["0", "101", "12.5", "half", "-5"]) {
      const parsed = parseConfig({ INSPECTOR_SCAN_SHARE_PCT: value }).inspector;
      expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^INSPECTOR_SCAN_SHARE_PCT: must be/)]);
    }
  });

  it("sends audit lines to AUDIT_LOG_FILE and AUDIT_WEBHOOK_URL, refusing a webhook that is not http(s)", () => {
    expect(
      inspector({
        AUDIT_LOG_FILE: " /var/log/inspector-audit.jsonl ",
        AUDIT_WEBHOOK_URL: "https://siem.example.com/in",
      }).audit,
    ).toEqual({
      file: "/var/log/inspector-audit.jsonl",
      webhookUrl: "https://siem.example.com/in",
    });
    const parsed = parseConfig({ AUDIT_WEBHOOK_URL: "siem.example.com" }).inspector;
    expect(parsed.ok ? [] : parsed.problems).toEqual(["AUDIT_WEBHOOK_URL: must be an http(s) URL"]);
  });

  it("names threshold problems once, under the variable's own name", () => {
    const { inspector } = parseConfig({ INSPECTOR_THRESHOLDS: '{"lossPct":{"warn":"x"},"nope":1}' });
    const problems = inspector.ok ? [] : inspector.problems;
    expect(problems.length).toBeGreaterThan(1);
    for (const p of problems) expect(p).toMatch(/^INSPECTOR_THRESHOLDS[.:]/);
    expect(problems.join("\n")).not.toMatch(/INSPECTOR_THRESHOLDS: INSPECTOR_THRESHOLDS/);
  });
});

describe("shared store", () => {
  it("reads REDIS_URL (redis:// or rediss://), none by default, refusing anything else without echoing it", () => {
    expect(parseConfig({}).store).toEqual({ ok: true, value: { redisUrl: null } });
    expect(parseConfig({ REDIS_URL: " " }).store).toEqual({ ok: true, value: { redisUrl: null } });
    const tls = "rediss://default:s3cret-pw@redis.example.com:6380";
    expect(parseConfig({ REDIS_URL: tls }).store).toEqual({ ok: true, value: { redisUrl: tls } });
    expect(parseConfig({ REDIS_URL: "redis://127.0.0.1:6379/1" }).store.ok).toBe(true);
    for (const bad of ["http://user:s3cret-pw@redis.example.com", "redis.example.com:6379", "redis://"]) {
      const { store, problems } = parseConfig({ REDIS_URL: bad });
      expect(store).toEqual({ ok: false, problems: ["REDIS_URL: must be a redis:// or rediss:// (TLS) URL"] });
      // Among every problem the deployment is told at start-up, without the password.
      expect(problems).toContain("REDIS_URL: must be a redis:// or rediss:// (TLS) URL");
      expect(problems.join()).not.toContain("s3cret");
    }
  });
});

describe("runtime facts", () => {
  it("reads the build, the mode and the public origin, and never fails", () => {
    expect(parseConfig({}).runtime).toEqual({
      dev: true,
      buildPhase: false,
      publicOrigin: null,
      trustedProxy: false,
      logLevel: "info",
    });
    expect(parseConfig({ LOG_LEVEL: " Debug " }).runtime.logLevel).toBe("debug");
    expect(parseConfig({ LOG_LEVEL: "loud" }).runtime.logLevel).toBe("info");
    expect(parseConfig({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).runtime).toMatchObject({
      dev: false,
      buildPhase: true,
    });
    expect(parseConfig({ AUTH_URL: " https://inspector.example.com/base " }).runtime.publicOrigin).toBe(
      "https://inspector.example.com",
    );
    // Malformed: named by the sign-in section, and no origin is made up from it.
    expect(parseConfig({ AUTH_URL: "ftp://inspector.example.com" }).runtime.publicOrigin).toBeNull();
    expect(parseConfig({ AUTH_TRUST_HOST: "TRUE" }).runtime.trustedProxy).toBe(true);
    expect(parseConfig({ AUTH_TRUST_HOST: "yes" }).runtime.trustedProxy).toBe(false);
    expect(parseConfig({ VERCEL: "1" }).runtime.trustedProxy).toBe(true);
  });
});

describe("sections", () => {
  const signIn = {
    AUTH_SECRET: "s".repeat(40),
    AUTH_OIDC_ISSUER: "https://idp.example.com",
    AUTH_OIDC_ID: "i",
    AUTH_OIDC_SECRET: "x",
  };

  it("lets Auth.js trust the host behind a trusted proxy or with AUTH_URL set", () => {
    const trustHost = (env: Record<string, string>) => orThrow(parseConfig({ ...signIn, ...env }).auth).trustHost;
    expect(trustHost({ AUTH_URL: "https://inspector.example.com" })).toBe(true);
    expect(trustHost({ AUTH_TRUST_HOST: "1" })).toBe(true);
    expect(trustHost({ AUTH_TRUST_HOST: "false", VERCEL: "1" })).toBe(true);
  });

  it("keeps each section's problems to itself", () => {
    const c = parseConfig({ ...valid, AUTH_SECRET: "short" });
    expect(c.upstream.ok).toBe(true);
    expect(c.inspector.ok).toBe(true);
    expect(c.auth).toMatchObject({
      ok: false,
      problems: expect.arrayContaining(["AUTH_SECRET: must be at least 32 characters"]),
    });
    expect(c.problems).toEqual((c.auth as { problems: string[] }).problems);
    expect(parseConfig({ ...signIn, AUTH_URL: "x" }).auth).toEqual({
      ok: false,
      problems: ["AUTH_URL: must be an http(s) URL"],
    });
  });

  it("requires AUTH_SECRET and names bad sign-in lists by entry", () => {
    const problems = parseConfig({
      AUTH_TRUST_HOST: "true",
      AUTH_USERS: "nobody",
      AUTH_ALLOWED_EMAILS: "a@b.co, nope",
    }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        "AUTH_SECRET: required (generate one with `openssl rand -base64 33`)",
        "AUTH_USERS: entry 1 does not start with an email address followed by ':'",
        'AUTH_ALLOWED_EMAILS: "nope" is not an email address',
        // No good account among AUTH_USERS, as before: still no way to sign in.
        "AUTH_USERS, AUTH_OIDC_* or AUTH_GITHUB_*: configure at least one way to sign in",
      ]),
    );
    expect(problems.filter((p) => p.startsWith("AUTH_URL"))).toEqual([]);
  });

  it("reads an app allow-list of separators only as no allow-list", () => {
    expect(parseUpstreamConfig({ ...valid, REALTIMEKIT_APP_IDS: " , " }).allowedAppIds).toEqual([]);
  });
});

describe("the process's configuration", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it("is read from the environment once, until reset", () => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("REALTIMEKIT_TIMEOUT_MS", "5000");
    resetConfig();
    expect(upstreamConfig().timeoutMs).toBe(5000);
    vi.stubEnv("REALTIMEKIT_TIMEOUT_MS", "6000");
    expect(upstreamConfig().timeoutMs).toBe(5000);
    resetConfig();
    expect(upstreamConfig().timeoutMs).toBe(6000);
  });

  it("throws a ConfigError naming the section's problems", () => {
    vi.stubEnv("DEMO_MODE", "");
    vi.stubEnv("CLOUDFLARE_API_TOKEN", "");
    vi.stubEnv("CLOUDFLARE_ACCOUNT_ID", "");
    vi.stubEnv("INSPECTOR_AUTO_HEALTH_MAX", "many");
    resetConfig();
    expect(() => upstreamConfig()).toThrow(/CLOUDFLARE_API_TOKEN: required/);
    expect(() => inspectorConfig()).toThrow(/INSPECTOR_AUTO_HEALTH_MAX: must be a whole number/);
    expect(configProblems()).toEqual(expect.arrayContaining([expect.stringMatching(/^CLOUDFLARE_ACCOUNT_ID/)]));
  });
});
