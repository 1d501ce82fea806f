import { describe, expect, it } from "vitest";
import { MAX_URL_CHARS, unreadablePage, unreadableUrl } from "./request-url";

const at = (path: string) => new URL(path, "http://inspector.test");

describe("unreadableUrl", () => {
  it.each(["/apps/%ZZ/sessions", "/apps/%", "/apps/a/peers/%E0%A4%A", "/%"])(
    "refuses the malformed escape in %s",
    (path) => {
      expect(unreadableUrl(at(path))?.reason).toBe("malformed");
    },
  );

  it("keeps well-formed escapes, and leaves the query to the page's own lenient parsing", () => {
    expect(unreadableUrl(at("/apps/a%20b/sessions?search=stand%20up"))).toBeNull();
    expect(unreadableUrl(at("/apps/a/sessions?search=%ZZ"))).toBeNull();
  });

  it("refuses addresses over the limit, counting path and query", () => {
    const path = "/apps/a/sessions?search=";
    expect(unreadableUrl(at(path + "x".repeat(MAX_URL_CHARS - path.length)))).toBeNull();
    expect(unreadableUrl(at(path + "x".repeat(MAX_URL_CHARS - path.length + 1)))?.reason).toBe("too-long");
    expect(unreadableUrl(at("/" + "x".repeat(9000)))?.message).toContain(String(MAX_URL_CHARS));
  });
});

describe("unreadablePage", () => {
  it("is a 404 without scripts, under a policy that allows none, naming nothing from the address", async () => {
    const res = unreadablePage({ reason: "malformed", message: "The address has a malformed %-escape in its path." });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/<script/i);
  });
});
