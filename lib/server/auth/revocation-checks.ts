import "server-only";
import { randomUUID } from "node:crypto";
import { isAllowedEmail } from "@/lib/auth/allow-list";
import { normaliseEmail } from "@/lib/auth/passwords";
import type { AuthConfig } from "@/lib/server/config";
import { processWide } from "@/lib/server/process-wide";
import { currentRequestScope, type RequestScope } from "@/lib/server/request-scope";
import type { RevocationStore } from "./revocation";

/**
 * The checks that end a session before its cookie expires (README.md, "Signing out and ending
 * sessions"), run on every authenticated request through Auth.js's `jwt` callback (auth.ts): a
 * `null` there makes `auth()` answer "signed out" and clears the cookie, so pages, proxy.ts and the
 * JSON API's requireSession all refuse the session the same way.
 */

export const PASSWORD_PROVIDER = "password";
export const OIDC_PROVIDER = "oidc";
export const GITHUB_PROVIDER = "github";

/**
 * What the app adds to a session's token at sign-in. Auth.js's own `jti` and `iat` are renewed each
 * time the token is re-encoded, so they cannot name the session or date its sign-in.
 */
export interface SessionMark {
  /** Random id of this sign-in: what sign-out revokes. */
  sid: string;
  /** When the user signed in, epoch ms. */
  signedInAt: number;
}

export function newSessionMark(now: number = Date.now()): SessionMark {
  return { sid: randomUUID(), signedInAt: now };
}

/** The mark of a decoded token, or null for one issued without it (before this version, or forged). */
export function sessionMarkOf(token: Record<string, unknown>): SessionMark | null {
  const { sid, signedInAt } = token;
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 64) return null;
  if (typeof signedInAt !== "number" || !Number.isFinite(signedInAt)) return null;
  return { sid, signedInAt };
}

export type EndReason =
  /** No mark: it could not be revoked, so it is not accepted (one sign-in again after upgrading). */
  | "unmarked"
  /** Past the session's fixed lifetime from sign-in. */
  | "expired"
  /** Signed out: its id is on the revocation list. */
  | "signed_out"
  /** Signed in before "not before" (AUTH_SESSIONS_NOT_BEFORE or `npm run end-sessions`). */
  | "ended_by_admin"
  /** Its account left AUTH_USERS, or its address the SSO allow-lists, or its sign-in method was removed. */
  | "user_removed";

export type SessionAuthConfig = Pick<AuthConfig, "users" | "oidc" | "github" | "allowList" | "sessionsNotBefore">;

export interface SessionCheckOptions {
  store: RevocationStore;
  auth: SessionAuthConfig;
  /** A session's lifetime from sign-in, ms. */
  maxAgeMs: number;
  now?: number;
}

/** Whether the account that signed in this way may still use the app under today's configuration. */
export function userStillAllowed(provider: unknown, email: unknown, cfg: SessionAuthConfig): boolean {
  if (typeof email !== "string" || email.length === 0) return false;
  switch (provider) {
    case PASSWORD_PROVIDER:
      return cfg.users.has(normaliseEmail(email));
    case OIDC_PROVIDER:
      return cfg.oidc !== null && isAllowedEmail(email, cfg.allowList);
    case GITHUB_PROVIDER:
      return cfg.github !== null && isAllowedEmail(email, cfg.allowList);
    default:
      return false;
  }
}

/**
 * "Not before" in force: the later of the configured and the stored time, once it has come (a time
 * still ahead ends, when it comes, the sessions signed in before it).
 */
function endsBefore(configured: number | null, stored: number | null, now: number): number | null {
  const times = [configured, stored].filter((t): t is number => t !== null && t <= now);
  return times.length ? Math.max(...times) : null;
}

type StoreReads = Promise<readonly [revoked: boolean, notBefore: number | null]>;

/**
 * The store's answers for a session, read once per request: one request checks its session 2–4
 * times (proxy.ts, the layout, the page's or route handler's own check), each a Redis round trip
 * or two. Kept with the request's scope (lib/server/request-scope.ts: a route handler's, or the
 * server render's, which React keeps per request), so they go with it; outside both each check
 * reads afresh. Never across requests: a cookie signed out meanwhile must be refused by the next.
 * Process-wide, as the scope is shared by every bundle that serves the request.
 */
const readsByScope = processWide(
  "revocation-reads",
  () => new WeakMap<RequestScope, WeakMap<RevocationStore, Map<string, StoreReads>>>(),
);

function readsFor(store: RevocationStore): Map<string, StoreReads> {
  const scope = currentRequestScope();
  let byStore = readsByScope.get(scope);
  if (!byStore) readsByScope.set(scope, (byStore = new WeakMap()));
  let reads = byStore.get(store);
  if (!reads) byStore.set(store, (reads = new Map()));
  return reads;
}

function storeReads(store: RevocationStore, sid: string): StoreReads {
  const reads = readsFor(store);
  let answer = reads.get(sid);
  if (!answer) {
    answer = Promise.all([store.isRevoked(sid), store.notBefore()] as const);
    reads.set(sid, answer);
    // A failed read is not kept: the request's next check asks again.
    answer.catch(() => reads.delete(sid));
  }
  return answer;
}

/** Why this session must end now, or null when it may go on. */
export async function sessionEndReason(
  token: Record<string, unknown>,
  { store, auth, maxAgeMs, now = Date.now() }: SessionCheckOptions,
): Promise<EndReason | null> {
  const mark = sessionMarkOf(token);
  if (!mark) return "unmarked";
  if (now >= mark.signedInAt + maxAgeMs) return "expired";
  if (!userStillAllowed(token.provider, token.email, auth)) return "user_removed";
  const [revoked, stored] = await storeReads(store, mark.sid);
  if (revoked) return "signed_out";
  const notBefore = endsBefore(auth.sessionsNotBefore, stored, now);
  if (notBefore !== null && mark.signedInAt < notBefore) return "ended_by_admin";
  return null;
}

/**
 * Sign-out: the session's id stays revoked until its cookie would have expired (the later of the
 * token's own expiry and the lifetime from sign-in). A token without a mark is refused anyway.
 */
export async function revokeSession(
  token: Record<string, unknown> | null | undefined,
  { store, maxAgeMs }: Pick<SessionCheckOptions, "store" | "maxAgeMs">,
): Promise<boolean> {
  const mark = token ? sessionMarkOf(token) : null;
  if (!mark) return false;
  const exp = typeof token?.exp === "number" ? token.exp * 1000 : 0;
  await store.revoke(mark.sid, Math.max(exp, mark.signedInAt + maxAgeMs));
  // A check later in the same request must not answer from what was read before the sign-out.
  readsFor(store).delete(mark.sid);
  return true;
}
