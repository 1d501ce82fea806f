import type { Account, Profile, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { buildConfig } from "@/auth";
import { resetConfig } from "@/lib/server/config";
import { formatUserEntry, hashPassword } from "./passwords";
import { githubProfile, verifiedGithubEmail } from "./github";
import { emailVerifiedClaim, listableEmail, ssoSignInAllowed, unverifiedUnderAllowList } from "./verified-email";

// next-auth cannot be loaded by plain Node here: stood in for (lib/test/next-auth-stubs.ts).
vi.mock("next-auth", () => import("@/lib/test/next-auth-stubs").then((m) => m.nextAuth));
vi.mock("next-auth/providers/credentials", () =>
  import("@/lib/test/next-auth-stubs").then((m) => m.credentialsProvider),
);
vi.mock("next-auth/providers/github", () => import("@/lib/test/next-auth-stubs").then((m) => m.githubProvider));

const NONE = { emails: [], domains: [] };
const DOMAIN = { emails: [], domains: ["example.com"] };

describe("an IdP's email_verified claim", () => {
  it('is true only for true or the string "true"', () => {
    expect(emailVerifiedClaim({ email_verified: true })).toBe(true);
    expect(emailVerifiedClaim({ email_verified: "true" })).toBe(true);
    for (const v of [false, "false", "TRUE", 1, "yes", null, undefined]) {
      expect(emailVerifiedClaim({ email_verified: v })).toBe(false);
    }
    expect(emailVerifiedClaim({})).toBe(false);
    expect(emailVerifiedClaim(null)).toBe(false);
  });

  it("decides which address the lists may match: a built-in account's always, an IdP's when verified", () => {
    expect(listableEmail("ops@example.com", { passwordUser: true, emailVerified: undefined })).toBe("ops@example.com");
    expect(listableEmail("ops@example.com", { passwordUser: false, emailVerified: true })).toBe("ops@example.com");
    expect(listableEmail("ops@example.com", { passwordUser: false, emailVerified: undefined })).toBeNull();
    expect(listableEmail("ops@example.com", { passwordUser: false, emailVerified: "true" })).toBeNull();
    expect(listableEmail(null, { passwordUser: true, emailVerified: true })).toBeNull();
  });

  it("admits SSO sign-ins: any account under an empty list unless said unverified; a verified one on a list", () => {
    expect(ssoSignInAllowed("a@example.com", { email_verified: true }, DOMAIN)).toBe(true);
    expect(ssoSignInAllowed("a@example.com", { email_verified: "true" }, DOMAIN)).toBe(true);
    expect(ssoSignInAllowed("a@example.com", {}, DOMAIN)).toBe(false);
    expect(ssoSignInAllowed("a@example.com", { email_verified: false }, DOMAIN)).toBe(false);
    expect(ssoSignInAllowed("a@example.com", {}, NONE)).toBe(true);
    expect(ssoSignInAllowed("a@example.com", { email_verified: false }, NONE)).toBe(false);
    expect(ssoSignInAllowed("a@example.com", { email_verified: "false" }, NONE)).toBe(false);
  });

  it("ends an unverified SSO session once an allow-list is set", () => {
    expect(unverifiedUnderAllowList({ passwordUser: false, emailVerified: false }, DOMAIN)).toBe(true);
    expect(unverifiedUnderAllowList({ passwordUser: false, emailVerified: undefined }, DOMAIN)).toBe(true);
    expect(unverifiedUnderAllowList({ passwordUser: false, emailVerified: false }, NONE)).toBe(false);
    expect(unverifiedUnderAllowList({ passwordUser: false, emailVerified: true }, DOMAIN)).toBe(false);
    expect(unverifiedUnderAllowList({ passwordUser: true, emailVerified: undefined }, DOMAIN)).toBe(false);
  });
});

describe("GitHub's addresses", () => {
  it("count as verified only when /user/emails says so", () => {
    const list = [
      { email: "eve@example.com", primary: true, verified: false },
      { email: "Eve@Personal.test", primary: false, verified: true },
    ];
    // Auth.js alone would take the unverified primary: none is taken. The public one is kept when verified.
    expect(verifiedGithubEmail(null, list)).toEqual({ email: null, email_verified: false });
    expect(verifiedGithubEmail("eve@personal.test", list)).toEqual({
      email: "Eve@Personal.test",
      email_verified: true,
    });
    expect(verifiedGithubEmail(null, [{ email: "a@example.com", primary: true, verified: true }])).toEqual({
      email: "a@example.com",
      email_verified: true,
    });
    expect(verifiedGithubEmail("x@example.com", "not a list")).toEqual({
      email: "x@example.com",
      email_verified: false,
    });
    expect(verifiedGithubEmail(undefined, [])).toEqual({ email: null, email_verified: false });
  });

  it("are read with the access token from GitHub's API", async () => {
    const seen: string[] = [];
    const fetchStub = (async (url: string, init?: RequestInit) => {
      seen.push(`${url} ${new Headers(init?.headers).get("authorization")}`);
      const body = url.endsWith("/user/emails")
        ? [{ email: "eve@example.com", primary: true, verified: false }]
        : { id: 7, login: "eve", email: null };
      return Response.json(body);
    }) as typeof fetch;
    const profile = await githubProfile({ tokens: { access_token: "gho_x" } }, fetchStub);
    expect(profile).toMatchObject({ id: 7, login: "eve", email: null, email_verified: false });
    expect(seen).toEqual([
      "https://api.github.com/user Bearer gho_x",
      "https://api.github.com/user/emails Bearer gho_x",
    ]);
  });
});

/**
 * auth.ts's own callbacks, as Auth.js calls them at an OIDC sign-in and at later requests. The
 * configuration is the deployment's (an OIDC IdP, a built-in account, an admin list).
 */
describe("auth.ts: admins and the allow-list read only verified addresses", () => {
  const OPS = "ops@example.com";
  const LEAD = "lead@example.com";
  let users = "";
  beforeAll(async () => {
    users = formatUserEntry(OPS, await hashPassword("not used here", { log2N: 10, r: 8, p: 1 }));
  });
  beforeEach(() => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", "x".repeat(40));
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    vi.stubEnv("AUTH_OIDC_ISSUER", "https://idp.example.com");
    vi.stubEnv("AUTH_OIDC_ID", "inspector");
    vi.stubEnv("AUTH_OIDC_SECRET", "oidc-client-secret-123");
    vi.stubEnv("AUTH_USERS", users);
    vi.stubEnv("AUTH_ALLOWED_EMAILS", "");
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "");
    vi.stubEnv("AUTH_ADMIN_EMAILS", `${LEAD},${OPS}`);
    vi.stubEnv("AUTH_OIDC_ADMIN_GROUP", "");
    vi.stubEnv("REDIS_URL", "");
    resetConfig();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  type Callbacks = {
    signIn(a: { user: User; account: Account | null; profile?: Profile }): boolean | Promise<boolean | string>;
    jwt(a: { token: JWT; account?: Account | null; profile?: Profile; user?: User }): Promise<JWT | null>;
    session(a: { session: Session; token: JWT }): Session;
  };
  const callbacks = () => buildConfig().callbacks as unknown as Callbacks;
  const oidc = { provider: "oidc", type: "oidc", providerAccountId: "sub-1" } as Account;
  const password = { provider: "password", type: "credentials", providerAccountId: OPS } as Account;

  /** Signs in as Auth.js would, then reads the session as a later request does. */
  async function signIn(account: Account, email: string, profile?: Profile) {
    const cb = callbacks();
    const user = { id: email, email } as User;
    const allowed = await cb.signIn({ user, account, profile });
    if (allowed !== true) return { allowed, token: null, admin: null };
    const token = (await cb.jwt({ token: { email, sub: email }, account, profile, user })) as JWT;
    const later = await cb.jwt({ token });
    if (!later) return { allowed, token: null, admin: null };
    const session = cb.session({ session: { user: { email }, expires: "" } as Session, token: later });
    return { allowed, token: later, admin: session.user.admin };
  }

  it("an OIDC e-mail on AUTH_ADMIN_EMAILS makes an admin only when email_verified is true", async () => {
    expect((await signIn(oidc, LEAD, { email: LEAD, email_verified: true })).admin).toBe(true);
    expect((await signIn(oidc, LEAD, { email: LEAD, email_verified: "true" } as unknown as Profile)).admin).toBe(true);
    const without = await signIn(oidc, LEAD, { email: LEAD });
    expect(without.allowed).toBe(true);
    expect(without.admin).toBe(false);
    expect((await signIn(oidc, LEAD, { email: LEAD, email_verified: false })).allowed).toBe(false);
  });

  it("GitHub's provider reads the addresses GitHub verified", () => {
    vi.stubEnv("AUTH_GITHUB_ID", "gh-id");
    vi.stubEnv("AUTH_GITHUB_SECRET", "gh-secret-123");
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "example.com");
    resetConfig();
    const github = buildConfig().providers.find((p) => (p as { id?: string }).id === "github");
    expect((github as { options: { userinfo: { request: unknown } } }).options.userinfo.request).toBe(githubProfile);
  });

  it("a built-in account's e-mail is verified by definition", async () => {
    expect((await signIn(password, OPS)).admin).toBe(true);
  });

  it("the allow-list admits only a verified address, at sign-in and at each request after", async () => {
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "example.com");
    resetConfig();
    expect((await signIn(oidc, LEAD, { email: LEAD, email_verified: true })).token).not.toBeNull();
    expect((await signIn(oidc, LEAD, { email: LEAD })).allowed).toBe(false);
    expect((await signIn(oidc, LEAD, { email: LEAD, email_verified: false })).allowed).toBe(false);

    // Admitted unverified while the list was empty; the list set since ends the session.
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "");
    resetConfig();
    const { token } = await signIn(oidc, LEAD, { email: LEAD });
    expect(token?.emailVerified).toBe(false);
    vi.stubEnv("AUTH_ALLOWED_DOMAINS", "example.com");
    resetConfig();
    expect(await callbacks().jwt({ token: token as JWT })).toBeNull();
  });
});
