import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authjsRequest } from "@/auth";
import { resetConfig } from "@/lib/server/config";

// next-auth cannot be loaded by plain Node here: stood in for (lib/test/next-auth-stubs.ts).
vi.mock("next-auth", () => import("@/lib/test/next-auth-stubs").then((m) => m.nextAuth));
vi.mock("next-auth/providers/credentials", () =>
  import("@/lib/test/next-auth-stubs").then((m) => m.credentialsProvider),
);
vi.mock("next-auth/providers/github", () => import("@/lib/test/next-auth-stubs").then((m) => m.githubProvider));

/**
 * The address Auth.js reads a request at, which it builds an IdP's redirect URI from. Next.js hands
 * route handlers its bind address; behind a proxy (README.md, "Deploying") the browser's address is
 * another, and the IdP must be given the same one at sign-in and when the code is redeemed.
 */
describe("auth.ts: the request Auth.js reads", () => {
  const callback = "http://localhost:3000/api/auth/callback/oidc?code=c0de&state=s1";
  const behindProxy = () =>
    new NextRequest(callback, {
      headers: { "x-forwarded-host": "inspector.example.com", "x-forwarded-proto": "https", host: "app1:3000" },
    });

  beforeEach(() => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", "x".repeat(40));
    vi.stubEnv("AUTH_USERS", "");
    vi.stubEnv("AUTH_OIDC_ISSUER", "https://idp.example.com");
    vi.stubEnv("AUTH_OIDC_ID", "inspector");
    vi.stubEnv("AUTH_OIDC_SECRET", "oidc-client-secret-123");
    vi.stubEnv("REDIS_URL", "");
    resetConfig();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it("is at the proxy's forwarded address with AUTH_TRUST_HOST, path and query kept", () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    resetConfig();
    const req = authjsRequest(behindProxy());
    expect(req.url).toBe("https://inspector.example.com/api/auth/callback/oidc?code=c0de&state=s1");
    expect(req.headers.get("x-forwarded-host")).toBe("inspector.example.com");
  });

  it("is at AUTH_URL's origin when it is set, whatever the headers say", () => {
    vi.stubEnv("AUTH_URL", "https://tools.example.com/api/auth");
    resetConfig();
    expect(authjsRequest(behindProxy()).url).toBe(
      "https://tools.example.com/api/auth/callback/oidc?code=c0de&state=s1",
    );
  });

  it("keeps a POST's body and method", async () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    resetConfig();
    const post = new NextRequest("http://localhost:3000/api/auth/callback/password", {
      method: "POST",
      body: "csrfToken=t&email=a%40example.com",
      headers: { "x-forwarded-host": "inspector.example.com", "content-type": "application/x-www-form-urlencoded" },
    });
    const req = authjsRequest(post);
    expect(req.method).toBe("POST");
    expect(new URL(req.url).host).toBe("inspector.example.com");
    expect(await req.text()).toBe("csrfToken=t&email=a%40example.com");
  });

  it("is the request itself when it already is at the public address", () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    resetConfig();
    const direct = new NextRequest("http://localhost:3000/api/auth/session", { headers: { host: "localhost:3000" } });
    expect(authjsRequest(direct)).toBe(direct);
  });
});
