import { describe, expect, it } from "vitest";
import { authRedirect, safeReturnPath, sameOriginPath } from "./return-path";

// Ids and titles in real links carry spaces, quotes and accented letters: each decodes to a
// character the URL parser encodes again, which must end the decoding, not exhaust it.
describe("return paths whose decoding comes back to itself", () => {
  it.each([
    ["/apps/x/sessions/a%22b", "/apps/x/sessions/a%22b"],
    ["/apps/x/sessions/a%20b", "/apps/x/sessions/a%20b"],
    ["/apps/caf%C3%A9/sessions", "/apps/caf%C3%A9/sessions"],
    ["/apps/caf%c3%a9/peers/p?from=2026-08-10T14:00:00Z#charts", "/apps/caf%c3%a9/peers/p?from=2026-08-10T14:00:00Z#charts"],
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
