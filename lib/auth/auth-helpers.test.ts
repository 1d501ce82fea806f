import { describe, expect, it } from "vitest";
import { isAllowedEmail, parseList } from "./allow-list";
import { formatUserEntry, hashPassword, isPasswordHash, parseUsers, verifyPassword } from "./passwords";
import { authRedirect, safeReturnPath, sameOriginPath } from "./return-path";

const fast = { log2N: 10, r: 8, p: 1 };

describe("password hashes", () => {
  it("verifies the right password and refuses a wrong one; salts differ", async () => {
    const a = await hashPassword("correct horse battery", fast);
    const b = await hashPassword("correct horse battery", fast);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("default hashes are slow scrypt (N = 2^15) and survive .env parsing", async () => {
    const h = await hashPassword("pw-for-format-check");
    expect(h).toMatch(/^scrypt\.15\.8\.1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(h).not.toMatch(/[$,:'"\s]/);
    expect(isPasswordHash(h)).toBe(true);
  });

  it("parses AUTH_USERS entries and names bad ones without echoing hashes", async () => {
    const h = await hashPassword("pw", fast);
    const { users, problems } = parseUsers(` ${formatUserEntry("Ops@Example.com", h)} , bad-entry, x@y.co:scrypt.1.2.3.short.hash, ${formatUserEntry("ops@example.com", h)}`);
    expect([...users.keys()]).toEqual(["ops@example.com"]);
    expect(problems).toEqual([
      "entry 2 does not start with an email address followed by ':'",
      "entry 3 (x@y.co) is not a hash made by 'npm run --silent hash-password'",
      "entry 4 repeats ops@example.com",
    ]);
    expect(problems.join()).not.toContain(h);
  });
});

describe("allow-list", () => {
  const list = { emails: parseList("Boss@Partner.io", "emails"), domains: parseList("@example.com, ops.example.org", "domains") };

  it("admits listed emails and exact domains only", () => {
    expect(isAllowedEmail("boss@partner.io", list)).toBe(true);
    expect(isAllowedEmail("Alice@Example.com", list)).toBe(true);
    expect(isAllowedEmail("bob@ops.example.org", list)).toBe(true);
    expect(isAllowedEmail("eve@evil-example.com", list)).toBe(false);
    expect(isAllowedEmail("eve@example.com.evil.io", list)).toBe(false);
    expect(isAllowedEmail("eve@sub.example.com", list)).toBe(false);
    expect(isAllowedEmail(null, list)).toBe(false);
  });

  it("an empty list admits whoever the IdP vouches for", () => {
    expect(isAllowedEmail("anyone@anywhere.test", { emails: [], domains: [] })).toBe(true);
  });
});

describe("return paths", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeReturnPath("/apps/a/peers/p?from=2026-08-10T14:00:00Z&to=x#charts")).toBe("/apps/a/peers/p?from=2026-08-10T14:00:00Z&to=x#charts");
    expect(safeReturnPath("/apps/a/sessions?search=stand%20up")).toBe("/apps/a/sessions?search=stand%20up");
    // The query is never decoded for the check: a search for `//x` is just a search.
    expect(safeReturnPath("/apps/a/sessions?search=%2F%2Fevil.example%5C")).toBe("/apps/a/sessions?search=%2F%2Fevil.example%5C");
  });

  it("returns the normalised path, dot segments resolved", () => {
    expect(safeReturnPath("/apps/./a/../b/sessions")).toBe("/apps/b/sessions");
    expect(safeReturnPath("/x/%2e%2e/apps")).toBe("/apps");
  });

  // Each of these reached http://evil.example/ from a browser, directly or after one more decoding.
  it.each([
    "https://evil.example/x",
    "http:evil.example",
    "https:evil.example",
    "HTTPS://evil.example",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "/x/..//evil.example",
    "/x/../\\evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/%252e//evil.example",
    "/%25252e//evil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%252f%252fevil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "/%255cevil.example",
    "/%09/evil.example",
    "/%0d%0a/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/%E0%A4%A",
    "/%2525252525252e//evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    null,
  ])("refuses %j", (v) => {
    expect(safeReturnPath(v)).toBe("/");
    expect(sameOriginPath(v)).toBeNull();
  });

  it("never returns to the sign-in flow, though same-origin checks allow it", () => {
    expect(safeReturnPath("/login?callbackUrl=/x")).toBe("/");
    expect(safeReturnPath("/./login")).toBe("/");
    expect(safeReturnPath("/%6cogin")).toBe("/");
    expect(safeReturnPath("/api/auth/signout")).toBe("/");
    expect(sameOriginPath("/login?signedOut=1")).toBe("/login?signedOut=1");
  });
});

describe("Auth.js redirect callback", () => {
  const baseUrl = "http://127.0.0.1:3100";

  it("answers relative same-origin paths, its own origin stripped", () => {
    expect(authRedirect({ url: `${baseUrl}/apps/a/sessions?status=live`, baseUrl })).toBe("/apps/a/sessions?status=live");
    expect(authRedirect({ url: "/login?signedOut=1", baseUrl })).toBe("/login?signedOut=1");
  });

  it.each(["/.//evil.example/x", `${baseUrl}/.//evil.example/x`, `${baseUrl}//evil.example`, "/%252e//evil.example", "http://localhost:3100.evil.example/", "https://evil.example/"])(
    "sends %j home instead",
    (url) => {
      expect(authRedirect({ url, baseUrl })).toBe("/");
    },
  );
});
