import { describe, expect, it } from "vitest";
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
