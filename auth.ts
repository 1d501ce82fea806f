import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { inAdminGroup, isAdmin } from "@/lib/auth/admin";
import { githubProfile } from "@/lib/auth/github";
import {
  emailVerifiedClaim,
  listableEmail,
  ssoSignInAllowed,
  unverifiedUnderAllowList,
} from "@/lib/auth/verified-email";
import { decoyHash, normaliseEmail, verifyPassword } from "@/lib/auth/passwords";
import { authRedirect } from "@/lib/auth/return-path";
import { accountKey, addressKey, signInThrottle, throttledSignIn } from "@/lib/server/auth/throttle";
import { sessionRevocations } from "@/lib/server/auth/revocation";
import {
  OIDC_PROVIDER,
  PASSWORD_PROVIDER,
  newSessionMark,
  revokeSession,
  sessionEndReason,
} from "@/lib/server/auth/revocation-checks";
import { log } from "@/lib/server/log";
import { clientAddress } from "@/lib/auth/client-address";
import { authConfig, runtimeConfig } from "@/lib/server/config";
import { publicLocation } from "@/lib/http/origin";
import { publicOrigin } from "@/lib/server/public-origin";
import { AUTH_API_BASE, loginPath } from "@/lib/routes";
import { BASE_PATH, withBasePath } from "@/lib/base-path";
import { NextRequest } from "next/server";

/**
 * Ops shifts are long; after 12 hours from sign-in (not from the last request: proxy.ts keeps the
 * cookie from rolling) the user signs in again and is re-checked against the IdP.
 */
const SESSION_MAX_AGE_S = 12 * 60 * 60;
const SESSION_MAX_AGE_MS = SESSION_MAX_AGE_S * 1000;

export { OIDC_PROVIDER, PASSWORD_PROVIDER };

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

// Shared by the sign-in page's server action and the Auth.js route handler (separate bundles).
const throttle = signInThrottle();

/** The whole Auth.js configuration from today's; exported for its tests (lib/auth/verified-email.test.ts). */
export function buildConfig(): NextAuthConfig {
  const cfg = authConfig();
  const providers: NextAuthConfig["providers"] = [];

  if (cfg.users.size > 0) {
    providers.push(
      Credentials({
        id: PASSWORD_PROVIDER,
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const email = normaliseEmail(String(credentials?.email ?? ""));
          const password = String(credentials?.password ?? "");
          const address = clientAddress(request.headers, runtimeConfig().trustedProxy);
          const keys = address ? [accountKey(email), addressKey(address)] : [accountKey(email)];
          const hash = cfg.users.get(email);
          // Counted before the password is checked, in one step with the lock's check (lib/server/auth/throttle.ts).
          const outcome = await throttledSignIn(throttle, keys, async () => {
            // Unknown accounts cost the same time as known ones.
            const ok = await verifyPassword(password, hash ?? (await decoyHash()));
            return hash !== undefined && ok && password.length > 0;
          });
          if (outcome === "locked") throw new TooManyAttempts();
          if (outcome === "wrong") throw new InvalidCredentials();
          return { id: email, email, name: email.slice(0, email.indexOf("@")) };
        },
      }),
    );
  }
  if (cfg.oidc) {
    providers.push({
      id: OIDC_PROVIDER,
      name: cfg.oidc.name,
      type: "oidc",
      issuer: cfg.oidc.issuer,
      clientId: cfg.oidc.clientId,
      clientSecret: cfg.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
    });
  }
  if (cfg.github) {
    // Reads which of the user's addresses GitHub verified (lib/auth/github.ts).
    const { clientId, clientSecret } = cfg.github;
    providers.push(GitHub({ clientId, clientSecret, userinfo: { request: githubProfile } }));
  }

  return {
    providers,
    trustHost: cfg.trustHost,
    // Under a sub-path Auth.js's routes are below it too (README.md, "Deploying"): it reads its action
    // from the address the browser used, which carries the sub-path.
    basePath: withBasePath(AUTH_API_BASE),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: loginPath(), error: loginPath() },
    callbacks: {
      signIn({ user, account, profile }) {
        if (account?.provider === PASSWORD_PROVIDER) return true;
        // Only an address the IdP says is verified is matched against the allow-list (docs/privacy.md).
        const email = user.email ?? (typeof profile?.email === "string" ? profile.email : null);
        return ssoSignInAllowed(email, profile, cfg.allowList);
      },
      redirect: authRedirect,
      session({ session, token }) {
        if (session.user && typeof token.provider === "string") session.user.provider = token.provider;
        // Admins see personal data unmasked (docs/privacy.md); the e-mail list is read at every request,
        // and matches only an address verified at sign-in.
        if (session.user) {
          const email = listableEmail(session.user.email, emailProof(token));
          session.user.admin = isAdmin(email, token.admin === true, cfg);
        }
        return session;
      },
      // Runs at sign-in (with `account`) and on every request that reads the session: returning null
      // there ends the session and clears its cookie (README.md, "Signing out and ending sessions").
      async jwt({ token, account, profile }) {
        if (account) {
          // The groups claim is read once, here; the token keeps only the answer (docs/privacy.md).
          const admin = inAdminGroup(account.provider === OIDC_PROVIDER ? profile : null, cfg.oidcAdminGroup);
          // Whether the IdP verified the address, for the admin and allow-lists at each request.
          const emailVerified = account.provider === PASSWORD_PROVIDER || emailVerifiedClaim(profile);
          return { ...token, ...newSessionMark(), provider: account.provider, admin, emailVerified };
        }
        const ended = await sessionEndReason(token, {
          store: sessionRevocations(),
          auth: cfg,
          maxAgeMs: SESSION_MAX_AGE_MS,
        });
        // An unverified address admitted while the allow-list was empty is not on the list set since.
        const reason = ended ?? (unverifiedUnderAllowList(emailProof(token), cfg.allowList) ? "user_removed" : null);
        if (reason === null) return token;
        log.info({ event: "session_ended", reason, provider: token.provider }, "session refused");
        return null;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const store = sessionRevocations();
        if (await revokeSession(token, { store, maxAgeMs: SESSION_MAX_AGE_MS })) {
          log.info({ event: "signed_out", shared: store.shared }, "session revoked");
        }
      },
    },
    logger: {
      error(error) {
        // Expected outcomes (a wrong password, a refused account) are not server errors. Never the
        // error object itself: Auth.js's carry the request's details.
        const type = (error as { type?: string }).type;
        if (type === "CredentialsSignin" || type === "AccessDenied") {
          log.warn({ auth: type }, "[auth] sign-in refused");
          return;
        }
        log.error({ auth: type ?? "error", reason: error.message }, "[auth] error");
      },
      warn(code) {
        if (code !== "debug-enabled") log.warn({ auth: code }, "[auth] warning");
      },
    },
  };
}

function emailProof(token: { provider?: unknown; emailVerified?: unknown }) {
  return { passwordUser: token.provider === PASSWORD_PROVIDER, emailVerified: token.emailVerified };
}

let config: NextAuthConfig | undefined;

// Lazy: the configuration is read at the first request, not at build time.
const authjs = NextAuth(() => {
  config ??= buildConfig();
  return config;
});
export const { auth, signIn, signOut } = authjs;
export const handlers = { GET: atPublicOrigin(authjs.handlers.GET), POST: atPublicOrigin(authjs.handlers.POST) };

/** Auth.js's redirects to its own pages go to the origin the browser uses (see publicLocation). */
function atPublicOrigin(handler: (req: NextRequest) => Promise<Response>) {
  return async (req: NextRequest): Promise<Response> => {
    const res = await handler(authjsRequest(req));
    const location = res.headers.get("location");
    if (!location) return res;
    // Its pages and our return paths are app paths (`/login`, `/apps/…`): the browser needs the sub-path.
    const located = withBasePath(location);
    const moved = publicLocation(located, req.url, publicOrigin(req.headers, req.nextUrl));
    if (moved === location) return res;
    // Response.redirect's headers are immutable: copy them (cookies included) into a new response.
    const headers = new Headers(res.headers);
    headers.set("location", moved);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}

/**
 * The request as Auth.js must read it. At the public origin: Next.js gives route handlers its bind
 * address (lib/http/origin.ts), and without AUTH_URL (AUTH_TRUST_HOST behind a proxy) Auth.js built
 * the IdP's redirect URI from it at the callback, so the code was redeemed with another redirect URI
 * than the sign-in page had sent, which IdPs refuse (found by scripts/try-compose.sh). With the
 * sub-path: route handlers get the address without it, and Auth.js, whose basePath includes it so
 * that the addresses it hands out are right, could not read its action (README.md, "Deploying").
 */
export function authjsRequest(req: NextRequest): NextRequest {
  const { pathname, search, hash } = new URL(req.nextUrl.href);
  const url = new URL(pathname + search + hash, publicOrigin(req.headers, req.nextUrl));
  if (BASE_PATH && !url.pathname.startsWith(`${BASE_PATH}/`)) url.pathname = withBasePath(url.pathname);
  return url.href === req.nextUrl.href ? req : new NextRequest(url, req);
}
