import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "./config";
import { createLog, scrubLine } from "./log";

const TOKEN = "upstream-token-9d1c7e55aa";
// The shape of Auth.js's session cookie (a compact JWE), as a browser sends it.
const COOKIE_VALUE =
  "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiYWJjIn0..dGVzdGl2.Y2lwaGVydGV4dC1ib2R5LWhlcmU.dGFnLXZhbHVl";
const EMAIL = "ops@example.com";

function capture(secrets: readonly string[] = [TOKEN]) {
  const lines: string[] = [];
  const log = createLog({ level: "debug", destination: { write: (l) => lines.push(l) }, secrets: () => secrets });
  return { log, lines, text: () => lines.join("") };
}

describe("the log's redaction", () => {
  it("blanks the fields known to carry secrets, at the top and one level down", () => {
    const { log, lines } = capture([]);
    log.info(
      {
        authorization: "Bearer abc",
        cookie: "authjs.session-token=abc",
        token: "t0k3n",
        password: "hunter22",
        headers: { authorization: "Bearer def", cookie: "x=ghi" },
        req: { secret: "s3cr3t" },
      },
      "request",
    );
    const line = JSON.parse(lines[0] as string);
    expect(line.authorization).toBe("[redacted]");
    expect(line.cookie).toBe("[redacted]");
    expect(line.token).toBe("[redacted]");
    expect(line.password).toBe("[redacted]");
    expect(line.headers).toEqual({ authorization: "[redacted]", cookie: "[redacted]" });
    expect(line.req.secret).toBe("[redacted]");
  });

  it("never prints the upstream token, wherever it is: a message, a field, an error", () => {
    const { log, text } = capture();
    log.warn(`GET /apps failed: upstream said invalid token ${TOKEN}`);
    log.warn({ detail: `Authorization: Bearer ${TOKEN}`, url: `https://x/?t=${TOKEN}` }, "failed");
    log.error({ err: new Error(`token ${TOKEN} refused`) }, "unexpected error");
    expect(text()).not.toContain(TOKEN);
    expect(text()).toContain("[redacted]");
  });

  it("never prints a session cookie's value, even in a field no one thought of", () => {
    const { log, text } = capture();
    log.info({ note: `authjs.session-token=${COOKIE_VALUE}; other=1` }, "odd");
    log.info(`cookie was ${COOKIE_VALUE}`);
    expect(text()).not.toContain(COOKIE_VALUE);
    expect(text()).not.toContain("eyJhbGciOiJkaXIi");
  });

  it("drops e-mail addresses, except from audit lines, which exist to say who looked", () => {
    const { log, lines } = capture();
    log.info({ user: EMAIL }, `signed in as ${EMAIL}`);
    log.info({ audit: true, who: EMAIL, what: "peer report" }, "audit");
    expect(lines[0]).not.toContain(EMAIL);
    expect(lines[0]).toContain("[email]");
    expect(JSON.parse(lines[1] as string).who).toBe(EMAIL);
  });

  it("drops unmasked IP addresses, v4 and v6; masked prefixes stay", () => {
    const { log, lines } = capture();
    log.info({ ip: "203.0.113.77", v6: "2001:db8:85a3::8a2e:370:7334", full: "2001:0db8:0:0:0:0:0:1" }, "from");
    log.info({ audit: true, from: "198.51.100.23" }, "audit");
    log.info({ ip: "203.0.113.0/24", v6: "2001:db8:1::/48" }, "masked");
    expect(lines[0]).not.toMatch(/203\.0\.113\.77|2001:db8:85a3|2001:0db8/);
    expect(lines[1]).not.toContain("198.51.100.23");
    expect(JSON.parse(lines[2] as string)).toMatchObject({ ip: "203.0.113.0/24", v6: "2001:db8:1::/48" });
  });

  it("drops an address that ends a sentence, or that carries a prefix too long to hide it", () => {
    const { log, lines } = capture();
    log.info({ detail: "failed to reach 203.0.113.7." }, "x");
    log.info({ host: "203.0.113.8/32", net: "203.0.113.0/24" }, "y");
    expect(lines[0]).not.toContain("203.0.113.7");
    expect(lines[1]).not.toContain("203.0.113.8");
    expect(lines[1]).toContain("203.0.113.0/24");
  });

  it("leaves what a line is for alone: times, versions, ids, durations, paths", () => {
    const line =
      '{"time":"2026-12-01T02:41:46.123Z","route":"/api/apps/[appId]/peers/[peerId]",' +
      '"path":"/api/apps/app-1/peers/6f1c2d3e-aaaa-bbbb-cccc-0123456789ab","next":"16.4.6",' +
      '"durationMs":12.5,"requestId":"a1b2c3d4-e5f6-7890-abcd-ef0123456789","at":"10:20:30"}';
    expect(scrubLine(line, [TOKEN])).toBe(line);
  });

  it("keeps each line valid JSON after scrubbing", () => {
    const { log, lines } = capture();
    log.info({ a: `x ${TOKEN} ${EMAIL} 10.0.0.1 ${COOKIE_VALUE}`, b: "redis://user:pw@h:6379" }, "all at once");
    const line = JSON.parse(lines[0] as string);
    expect(line.a).toBe("x [redacted] [email] [ip] [redacted]");
    expect(line.b).toBe("redis://[redacted]@h:6379");
  });
});

/** `value` under `keys`, one level per key: nest(["a", "b"], v) is { a: { b: v } }. */
function nest(keys: readonly string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}
const DEPTHS = [1, 2, 3, 4] as const;
const PARENTS = ["req", "headers", "config", "inner"];

describe("the log's scrubbing at any depth", () => {
  const SESSION = "authjs.session-token=opaque-session-value-123";
  it.each([
    "cookie",
    "Cookie",
    "COOKIE",
    "set-cookie",
    "Set-Cookie",
    "authorization",
    "Authorization",
    "Proxy-Authorization",
  ])("blanks %s at depths 1 to 4", (key) => {
    const { log, lines } = capture([]);
    for (const depth of DEPTHS) {
      log.info(nest([...PARENTS.slice(0, depth - 1), key], `${SESSION}; Bearer abcdef123456`) as object, "req");
      log.info(nest([...PARENTS.slice(0, depth - 1), key], [SESSION, "theme=dark-opaque-42"]) as object, "res");
    }
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      expect(line).not.toMatch(/opaque|abcdef123456/);
      expect(line).toContain("[redacted]");
      JSON.parse(line);
    }
  });

  it("blanks an error's request headers (err.config.headers.Cookie), set-cookie arrays and tokens", () => {
    const { log, lines } = capture([]);
    const err = Object.assign(new Error("request failed"), {
      config: { headers: { Cookie: "sid=opaque-1", Authorization: "Bearer opaque-2" } },
      response: { headers: { "set-cookie": ["a=opaque-3; Path=/", "b=opaque-4"] }, data: { access_token: "opaque-5" } },
    });
    log.error({ err }, "upstream failed");
    log.info({ a: { b: { c: { clientSecret: "opaque-6", refresh_token: "opaque-7", password: "opaque-8" } } } }, "x");
    expect(lines.join("")).not.toContain("opaque");
    const line = JSON.parse(lines[0] as string);
    expect(line.err.message).toBe("request failed");
    expect(line.err.config.headers).toEqual({ Cookie: "[redacted]", Authorization: "[redacted]" });
  });

  it("leaves flags and ordinary fields named alike alone", () => {
    const { log, lines } = capture([]);
    log.info({ hasToken: true, tokens: 3, secretName: "audit", requestId: "r-1", budgetLeft: 12 }, "ok");
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      hasToken: true,
      tokens: 3,
      secretName: "audit",
      requestId: "r-1",
      budgetLeft: 12,
    });
  });

  it("blanks cookies and credentials written out in messages and stacks", () => {
    const { log, text } = capture([]);
    log.warn("retrying with Cookie: authjs.session-token=opaque-a; theme=opaque-b");
    log.warn({ detail: "sent set-cookie: __Secure-authjs.session-token.0=opaque-c; HttpOnly" }, "x");
    log.warn("upstream said: Authorization: Basic b3BhcXVlLWQ6cHc= refused");
    log.warn({ err: new Error("401 with Bearer opaque-e for authjs.csrf-token=opaque-f%7Chash") }, "y");
    expect(text()).not.toMatch(/opaque|b3BhcXVl/);
  });
});

describe("the log's secrets, read from the configuration", () => {
  const SECRETS = {
    AUTH_SECRET: "auth-secret-4b1d6e0f2a9c8d7e6f5a4b3c2d1e0f99",
    AUTH_OIDC_SECRET: "oidc-client-secret-77aa55cc",
    AUTH_GITHUB_SECRET: "github-client-secret-0099ff",
    REDIS_PASSWORD: "redis-pass-w0rd-31337",
    WEBHOOK_TOKEN: "XyZ123webhookTOKEN456abcDEF",
    WEBHOOK_QUERY: "query-key-5e5e5e5e",
  };
  const WEBHOOK = `https://hooks.example.net/services/T000/${SECRETS.WEBHOOK_TOKEN}?key=${SECRETS.WEBHOOK_QUERY}`;

  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  function configured() {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", SECRETS.AUTH_SECRET);
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    vi.stubEnv("AUTH_OIDC_ISSUER", "https://idp.example.com");
    vi.stubEnv("AUTH_OIDC_ID", "inspector");
    vi.stubEnv("AUTH_OIDC_SECRET", SECRETS.AUTH_OIDC_SECRET);
    vi.stubEnv("AUTH_GITHUB_ID", "gh");
    vi.stubEnv("AUTH_GITHUB_SECRET", SECRETS.AUTH_GITHUB_SECRET);
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "example.com");
    vi.stubEnv("REDIS_URL", `redis://default:${SECRETS.REDIS_PASSWORD}@redis.internal:6379/0`);
    vi.stubEnv("AUDIT_WEBHOOK_URL", WEBHOOK);
    resetConfig();
    const lines: string[] = [];
    // The process's own secrets: no `secrets` option, as `log` is made.
    const log = createLog({ destination: { write: (l) => lines.push(l) } });
    return { log, lines };
  }

  it.each(Object.entries(SECRETS))("never prints %s, in a message or a field at depths 1 to 4", (_name, secret) => {
    const { log, lines } = configured();
    log.warn(`failed with ${secret} in it`);
    for (const depth of DEPTHS) {
      log.warn(nest([...PARENTS.slice(0, depth - 1), "detail"], `value=${secret}`) as object, "nested");
      log.warn(nest([...PARENTS.slice(0, depth - 1), "list"], [`x ${encodeURIComponent(secret)}`]) as object, "enc");
    }
    log.error({ err: new Error(`boom ${secret}`) }, "error");
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      expect(line).not.toContain(secret);
      JSON.parse(line);
    }
  });

  it("never prints the webhook's address, nor REDIS_URL's", () => {
    const { log, lines } = configured();
    log.warn({ sink: { url: WEBHOOK } }, `POST ${WEBHOOK} failed`);
    log.warn({ redis: `redis://default:${SECRETS.REDIS_PASSWORD}@redis.internal:6379/0` }, "redis");
    const text = lines.join("");
    expect(text).not.toContain(SECRETS.WEBHOOK_TOKEN);
    expect(text).not.toContain(SECRETS.REDIS_PASSWORD);
    expect(text).not.toContain("hooks.example.net/services/T000/XyZ");
  });

  it("still knows them when the sign-in configuration does not validate", () => {
    const { log, lines } = configured();
    // A broken AUTH_URL fails the whole sign-in section (authConfig() throws), not the secrets.
    vi.stubEnv("AUTH_URL", "not a url");
    resetConfig();
    log.warn(`secret ${SECRETS.AUTH_SECRET} and ${SECRETS.AUTH_OIDC_SECRET}`);
    expect(lines.join("")).not.toMatch(/auth-secret-4b1d|oidc-client-secret/);
  });
});
