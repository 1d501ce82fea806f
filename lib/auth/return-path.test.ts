import { describe, expect, it } from "vitest";
import { authRedirect, safeReturnPath, sameOriginPath } from "./return-path";

describe("return paths", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeReturnPath("/apps/a/peers/p?from=2026-08-10T14:00:00Z&to=x#charts")).toBe(
      "/apps/a/peers/p?from=2026-08-10T14:00:00Z&to=x#charts",
    );
    expect(safeReturnPath("/apps/a/sessions?search=stand%20up")).toBe("/apps/a/sessions?search=stand%20up");
    // The query is never decoded for the check: a search for `//x` is just a search.
    expect(safeReturnPath("/apps/a/sessions?search=%2F%2Fevil.example%5C")).toBe(
      "/apps/a/sessions?search=%2F%2Fevil.example%5C",
    );
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
    expect(authRedirect({ url: `${baseUrl}/apps/a/sessions?status=live`, baseUrl })).toBe(
      "/apps/a/sessions?status=live",
    );
    expect(authRedirect({ url: "/login?signedOut=1", baseUrl })).toBe("/login?signedOut=1");
  });

  it.each([
    "/.//evil.example/x",
    `${baseUrl}/.//evil.example/x`,
    `${baseUrl}//evil.example`,
    "/%252e//evil.example",
    "http://localhost:3100.evil.example/",
    "https://evil.example/",
  ])("sends %j home instead", (url) => {
    expect(authRedirect({ url, baseUrl })).toBe("/");
  });
});

// Ids and titles in real links carry spaces, quotes and accented letters: each decodes to a
// character the URL parser encodes again, which must end the decoding, not exhaust it.
describe("return paths whose decoding comes back to itself", () => {
  it.each([
    ["/apps/x/sessions/a%22b", "/apps/x/sessions/a%22b"],
    ["/apps/x/sessions/a%20b", "/apps/x/sessions/a%20b"],
    ["/apps/caf%C3%A9/sessions", "/apps/caf%C3%A9/sessions"],
    [
      "/apps/caf%c3%a9/peers/p?from=2026-08-10T14:00:00Z#charts",
      "/apps/caf%c3%a9/peers/p?from=2026-08-10T14:00:00Z#charts",
    ],
    // Typed rather than encoded: the parser encodes them once, and that form is kept.
    ["/apps/café/sessions", "/apps/caf%C3%A9/sessions"],
    ["/apps/x/sessions/a b", "/apps/x/sessions/a%20b"],
    ["/apps/%E6%97%A5%E6%9C%AC/sessions/%3C%3E", "/apps/%E6%97%A5%E6%9C%AC/sessions/%3C%3E"],
    // Encoded twice (a callbackUrl inside a link): two layers, then the fixed point.
    ["/apps/caf%25C3%25A9/sessions", "/apps/caf%25C3%25A9/sessions"],
    ["/apps/a%2520b", "/apps/a%2520b"],
  ])("keeps %j", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
    expect(sameOriginPath(value)).toBe(expected);
    expect(authRedirect({ url: `http://127.0.0.1:3100${expected}`, baseUrl: "http://127.0.0.1:3100" })).toBe(expected);
  });

  // The same characters beside every trick the check exists for: none of them gets through.
  it.each([
    "/a%20b/..//evil.example",
    "/a%20b/%2e%2e//evil.example",
    "/caf%C3%A9/%252e%252e//evil.example",
    "/%2f%2fevil.example%20x",
    "/%20/%5cevil.example",
    "/%C3%A9%0d%0aSet-Cookie:%20x=1",
    "/%C3%A9/%09/evil.example",
    "/%2525252525252e//evil%20example",
    "//evil.example/caf%C3%A9",
    "/\\evil.example/a%20b",
    "/%C3",
    "/%E0%A4%A%20",
  ])("still refuses %j", (value) => {
    expect(safeReturnPath(value)).toBe("/");
    expect(sameOriginPath(value)).toBeNull();
  });

  it("a spelling of the sign-in page with a space is still not a return path", () => {
    expect(safeReturnPath("/login?next=a%20b")).toBe("/");
    expect(safeReturnPath("/api/auth/signin/caf%C3%A9")).toBe("/");
  });
});
