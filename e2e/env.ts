/**
 * The e2e world: ports, credentials and the environment `next start` runs with. Shared by
 * playwright.config.ts and the specs so they cannot disagree. Test-only values.
 */
import { SIM, SIM_DEFAULTS } from "../simulator/scenarios";

export const PORTS = { app: 3100, simulator: 8788, oidc: 8790, oidcControl: 8791 } as const;
export const APP_URL = `http://127.0.0.1:${PORTS.app}`;
export const SIM_ORIGIN = `http://127.0.0.1:${PORTS.simulator}`;
export const OIDC_ISSUER = `http://127.0.0.1:${PORTS.oidc}`;
export const OIDC_CONTROL = `http://127.0.0.1:${PORTS.oidcControl}`;

/** A distinctive token, so a leak anywhere is easy to find. */
export const UPSTREAM_TOKEN = "e2e-upstream-token-7f3a9c1d5b";

export const USERS = {
  ops: { email: "ops@example.com", password: "ops-password-e2e" },
  // Used only by the lock-out test, so its failures cannot lock anyone else out.
  locked: { email: "locked@example.com", password: "locked-password-e2e" },
} as const;

// `npm run --silent hash-password` output for the passwords above.
const AUTH_USERS = [
  "ops@example.com:scrypt.15.8.1.E-t8W3h_bVi7joTzR00yVQ.tlrdAvNd49lnvzcMKPPIQqBdqZBonolLfdfPWIH_RLI",
  "locked@example.com:scrypt.15.8.1.eYtnRIwwa2_ITJg8d4BvyQ.ldVjF9cToBXRbrzZcU5mm3NmPmusjCcXM9aUqG0rzc4",
].join(",");

export const OIDC_NAME = "Example SSO";
/** The test IdP puts this group in the `groups` claim of addresses starting with "admin" (e2e/oidc-provider.ts). */
export const OIDC_ADMIN_GROUP = "inspector-admins";
export const ALLOWED_DOMAIN = "example.com";

export const APP_ENV: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(PORTS.app),
  HOSTNAME: "127.0.0.1",
  CLOUDFLARE_API_TOKEN: UPSTREAM_TOKEN,
  CLOUDFLARE_ACCOUNT_ID: SIM_DEFAULTS.accountId,
  CLOUDFLARE_API_BASE_URL: `${SIM_ORIGIN}/client/v4`,
  REALTIMEKIT_TIMEOUT_MS: "2000",
  // The whole suite signs in as one user, who browses in ten minutes what a team does in a day:
  // at the default 25 % that user's share ran out mid-suite and later pages showed the share
  // notice instead of what their tests look for. The share itself is tested with its own server
  // (upstream-shapes.spec.ts) and in lib/server/user-share.test.ts.
  REALTIMEKIT_USER_SHARE_PCT: "100",
  AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
  AUTH_TRUST_HOST: "true",
  // Empty, as in a copied .env.example: it must count as unset.
  AUTH_URL: "",
  AUTH_USERS,
  AUTH_OIDC_ISSUER: OIDC_ISSUER,
  AUTH_OIDC_ID: "inspector-e2e",
  AUTH_OIDC_SECRET: "inspector-e2e-secret",
  AUTH_OIDC_NAME: OIDC_NAME,
  // The ops user is no admin: the suite sees participants' data masked (docs/privacy.md).
  AUTH_OIDC_ADMIN_GROUP: OIDC_ADMIN_GROUP,
  AUTH_ALLOWED_DOMAINS: ALLOWED_DOMAIN,
};

export { SIM };
