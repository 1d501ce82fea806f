import { describe, expect, it } from "vitest";
import { isAllowedEmail, parseList } from "./allow-list";
import { formatUserEntry, hashPassword, isPasswordHash, parseUsers, verifyPassword } from "./passwords";

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
    const { users, problems } = parseUsers(
      ` ${formatUserEntry("Ops@Example.com", h)} , bad-entry, x@y.co:scrypt.1.2.3.short.hash, ` +
        formatUserEntry("ops@example.com", h),
    );
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
  const list = {
    emails: parseList("Boss@Partner.io", "emails"),
    domains: parseList("@example.com, ops.example.org", "domains"),
  };

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
