import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_UPSTREAM, parseAuthConfig, parseUpstreamConfig, validateConfig } from "./env";

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
    const p = problems({ CLOUDFLARE_ACCOUNT_ID: "nope", CLOUDFLARE_API_BASE_URL: "ftp://x", REALTIMEKIT_RATE_LIMIT: "0", REALTIMEKIT_APP_IDS: "ok,bad id" });
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
    expect(parseUpstreamConfig({ DEMO_MODE: "true", CLOUDFLARE_API_BASE_URL: "http://127.0.0.1:9999/client/v4/" }).baseUrl).toBe(
      "http://127.0.0.1:9999/client/v4",
    );
  });

  it("reads the app allow-list and treats empty strings as unset", () => {
    const c = parseUpstreamConfig({ ...valid, REALTIMEKIT_APP_IDS: " a1, b2 ,", REALTIMEKIT_TIMEOUT_MS: "" });
    expect(c.allowedAppIds).toEqual(["a1", "b2"]);
    expect(c.timeoutMs).toBe(15_000);
  });

  it("caps upstream bodies at REALTIMEKIT_MAX_BODY_MB, 32 MiB unless set", () => {
    expect(parseUpstreamConfig(valid).maxBodyBytes).toBe(32 * 1024 * 1024);
    expect(parseUpstreamConfig({ ...valid, REALTIMEKIT_MAX_BODY_MB: "8" }).maxBodyBytes).toBe(8 * 1024 * 1024);
    expect(() => parseUpstreamConfig({ ...valid, REALTIMEKIT_MAX_BODY_MB: "0" })).toThrow(/REALTIMEKIT_MAX_BODY_MB: must be at least 1/);
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
    expect(problems({ REALTIMEKIT_TIMEOUT_MS: "abc" }).sort()).toEqual(["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN", "REALTIMEKIT_TIMEOUT_MS"]);
    expect(problems({ CLOUDFLARE_ACCOUNT_ID: "bad" }).sort()).toEqual(["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN"]);
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
    expect(config.users.has("ops@example.com")).toBe(true);
    expect(config.oidc).toMatchObject({ issuer: "https://idp.example.com", name: "SSO" });
    expect(config.github).toMatchObject({ clientId: "gh" });
  });

  it("refuses GitHub without an allow-list", () => {
    const { problems } = parseAuthConfig({ ...base, AUTH_GITHUB_ID: "gh", AUTH_GITHUB_SECRET: "ghs" });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_ALLOWED_EMAILS or AUTH_ALLOWED_DOMAINS: required when GitHub/)]);
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

  it("needs at least one way to sign in", () => {
    expect(parseAuthConfig(base).problems).toEqual(["AUTH_USERS, AUTH_OIDC_* or AUTH_GITHUB_*: configure at least one way to sign in"]);
  });
});
