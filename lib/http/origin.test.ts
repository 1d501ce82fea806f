import { describe, expect, it } from "vitest";
import { publicLocation, requestOrigin } from "./origin";

const fallback = { host: "internal:3000", protocol: "http:" };

describe("requestOrigin", () => {
  it("uses the first forwarded host and protocol, then Host, then the fallback", () => {
    expect(
      requestOrigin(
        new Headers({ "x-forwarded-host": "a.example, b.internal", "x-forwarded-proto": "https, http" }),
        fallback,
      ),
    ).toBe("https://a.example");
    expect(requestOrigin(new Headers({ host: "127.0.0.1:3100" }), fallback)).toBe("http://127.0.0.1:3100");
    expect(requestOrigin(new Headers(), fallback)).toBe("http://internal:3000");
  });
});

describe("publicLocation", () => {
  // What `next start` hands a route handler for a request to http://127.0.0.1:3100 (HOSTNAME=127.0.0.1).
  const requestUrl = "http://localhost:3100/api/auth/callback/oidc?error=access_denied";

  it("moves Auth.js's error redirect from the server's own origin to the public one", () => {
    expect(publicLocation("http://localhost:3100/login?error=Configuration", requestUrl, "http://127.0.0.1:3100")).toBe(
      "http://127.0.0.1:3100/login?error=Configuration",
    );
    expect(
      publicLocation("http://localhost:3100/login?error=AccessDenied#x", requestUrl, "https://inspector.example.com"),
    ).toBe("https://inspector.example.com/login?error=AccessDenied#x");
  });

  it("leaves relative redirects and other hosts (the IdP) alone", () => {
    expect(publicLocation("/apps/a/sessions", requestUrl, "http://127.0.0.1:3100")).toBe("/apps/a/sessions");
    expect(publicLocation("http://127.0.0.1:8790/authorize?x=1", requestUrl, "http://127.0.0.1:3100")).toBe(
      "http://127.0.0.1:8790/authorize?x=1",
    );
  });
});
