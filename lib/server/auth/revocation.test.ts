import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { runInRequestScope } from "@/lib/server/request-scope";
import { createMemoryRevocationStore, type RevocationStore } from "./revocation";
import {
  GITHUB_PROVIDER,
  newSessionMark,
  OIDC_PROVIDER,
  PASSWORD_PROVIDER,
  revokeSession,
  sessionEndReason,
  sessionMarkOf,
  type SessionAuthConfig,
} from "./revocation-checks";

const HOUR = 3_600_000;
const MAX_AGE = 12 * HOUR;
const T0 = Date.parse("2026-12-01T08:00:00Z");

const cfg = (over: Partial<SessionAuthConfig> = {}): SessionAuthConfig => ({
  users: new Map([["ops@example.com", "scrypt.hash"]]),
  oidc: { issuer: "https://idp.example.com", clientId: "id", clientSecret: "secret", name: "SSO" },
  github: { clientId: "gh", clientSecret: "gh-secret" },
  allowList: { emails: ["boss@partner.io"], domains: ["example.com"] },
  sessionsNotBefore: null,
  ...over,
});

/** A decoded token as Auth.js hands it to the `jwt` callback. */
const token = (over: Record<string, unknown> = {}) => ({
  email: "ops@example.com",
  provider: PASSWORD_PROVIDER,
  sid: "sid-1",
  signedInAt: T0,
  iat: T0 / 1000,
  exp: (T0 + MAX_AGE) / 1000,
  ...over,
});

describe("memory revocation store", () => {
  it("keeps a revoked id until its time, then forgets it", async () => {
    let now = T0;
    const store = createMemoryRevocationStore(() => now);
    expect(store.shared).toBe(false);
    await store.revoke("a", T0 + HOUR);
    expect(await store.isRevoked("a")).toBe(true);
    expect(await store.isRevoked("b")).toBe(false);
    // A later revocation of the same id never shortens it.
    await store.revoke("a", T0 + 10);
    now = T0 + HOUR - 1;
    expect(await store.isRevoked("a")).toBe(true);
    now = T0 + HOUR;
    expect(await store.isRevoked("a")).toBe(false);
    // Already expired: nothing to remember.
    await store.revoke("c", now - 1);
    expect(await store.isRevoked("c")).toBe(false);
  });

  it("holds a not-before time, the latest call winning", async () => {
    const store = createMemoryRevocationStore(() => T0);
    expect(await store.notBefore()).toBeNull();
    await store.setNotBefore(T0);
    expect(await store.notBefore()).toBe(T0);
    await store.setNotBefore(T0 - HOUR);
    expect(await store.notBefore()).toBe(T0 - HOUR);
  });
});

describe("session marks", () => {
  it("are random per sign-in and read back from a token; unmarked or odd tokens have none", () => {
    const a = newSessionMark(T0);
    const b = newSessionMark(T0);
    expect(a.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.sid).not.toBe(b.sid);
    expect(sessionMarkOf({ ...a, email: "x" })).toEqual(a);
    expect(sessionMarkOf({ email: "x" })).toBeNull();
    expect(sessionMarkOf({ sid: "", signedInAt: T0 })).toBeNull();
    expect(sessionMarkOf({ sid: "x".repeat(65), signedInAt: T0 })).toBeNull();
    expect(sessionMarkOf({ sid: "s", signedInAt: "2026-12-01" })).toBeNull();
  });
});

describe("the checks every authenticated request runs", () => {
  const check = (t: Record<string, unknown>, over: Partial<SessionAuthConfig> = {}, now = T0 + HOUR) =>
    sessionEndReason(t, { store: createMemoryRevocationStore(() => now), auth: cfg(over), maxAgeMs: MAX_AGE, now });

  it("let a still-allowed user's session go on, whichever way they signed in", async () => {
    expect(await check(token())).toBeNull();
    expect(await check(token({ email: "Ops@Example.com" }))).toBeNull();
    expect(await check(token({ provider: OIDC_PROVIDER, email: "ann@example.com" }))).toBeNull();
    expect(await check(token({ provider: GITHUB_PROVIDER, email: "boss@partner.io" }))).toBeNull();
    // An OIDC deployment without lists: the IdP is the allow-list.
    const open = { allowList: { emails: [], domains: [] } };
    expect(await check(token({ provider: OIDC_PROVIDER, email: "anyone@else.org" }), open)).toBeNull();
  });

  it("end a token without the mark, and one past 12 h from sign-in", async () => {
    expect(await check(token({ sid: undefined }))).toBe("unmarked");
    expect(await check(token({ signedInAt: undefined }))).toBe("unmarked");
    expect(await check(token(), {}, T0 + MAX_AGE - 1)).toBeNull();
    expect(await check(token(), {}, T0 + MAX_AGE)).toBe("expired");
  });

  it("end a password user removed from AUTH_USERS", async () => {
    expect(await check(token(), { users: new Map() })).toBe("user_removed");
    // Another account still listed does not keep it.
    expect(await check(token(), { users: new Map([["other@example.com", "h"]]) })).toBe("user_removed");
  });

  it("end an SSO user no longer on the allow-lists, or whose sign-in method is gone", async () => {
    const ann = token({ provider: OIDC_PROVIDER, email: "ann@example.com" });
    expect(await check(ann, { allowList: { emails: [], domains: ["example.org"] } })).toBe("user_removed");
    expect(await check(ann, { oidc: null })).toBe("user_removed");
    const boss = token({ provider: GITHUB_PROVIDER, email: "boss@partner.io" });
    expect(await check(boss, { allowList: { emails: [], domains: ["example.com"] } })).toBe("user_removed");
    expect(await check(boss, { github: null })).toBe("user_removed");
    expect(await check(token({ provider: "somewhere" }))).toBe("user_removed");
    expect(await check(token({ email: undefined }))).toBe("user_removed");
  });

  it("end a signed-out session until its expiry, and only that one", async () => {
    let now = T0 + HOUR;
    const store = createMemoryRevocationStore(() => now);
    const opts = () => ({ store, auth: cfg(), maxAgeMs: MAX_AGE, now });
    expect(await revokeSession(token(), opts())).toBe(true);
    expect(await sessionEndReason(token(), opts())).toBe("signed_out");
    expect(await sessionEndReason(token({ sid: "sid-2" }), opts())).toBeNull();
    // Kept as long as the cookie could be presented.
    now = T0 + MAX_AGE - 1;
    expect(await store.isRevoked("sid-1")).toBe(true);
    // A token without a mark has nothing to revoke (and is refused anyway).
    expect(await revokeSession(token({ sid: undefined }), opts())).toBe(false);
    expect(await revokeSession(null, opts())).toBe(false);
  });

  it("keep a revocation past 12 h when the token's own expiry is later", async () => {
    let now = T0;
    const store = createMemoryRevocationStore(() => now);
    await revokeSession(token({ exp: (T0 + 2 * MAX_AGE) / 1000 }), { store, maxAgeMs: MAX_AGE });
    now = T0 + MAX_AGE + HOUR;
    expect(await store.isRevoked("sid-1")).toBe(true);
  });

  it("end sessions signed in before the stored or configured not-before, once it has come", async () => {
    let now = T0 + HOUR;
    const store = createMemoryRevocationStore(() => now);
    const reason = (t: Record<string, unknown>, over: Partial<SessionAuthConfig> = {}) =>
      sessionEndReason(t, { store, auth: cfg(over), maxAgeMs: MAX_AGE, now });
    const later = token({ sid: "sid-later", signedInAt: T0 + 2 * HOUR });

    await store.setNotBefore(T0 + HOUR);
    expect(await reason(token())).toBe("ended_by_admin");
    now = T0 + 3 * HOUR;
    expect(await reason(later)).toBeNull();

    const fresh = createMemoryRevocationStore(() => now);
    const configured = (t: Record<string, unknown>, at: number) =>
      sessionEndReason(t, { store: fresh, auth: cfg({ sessionsNotBefore: at }), maxAgeMs: MAX_AGE, now });
    expect(await configured(token(), T0 + HOUR)).toBe("ended_by_admin");
    expect(await configured(later, T0 + HOUR)).toBeNull();
    // A time still ahead ends nobody yet; when it comes, the sessions signed in before it end.
    expect(await configured(later, T0 + 4 * HOUR)).toBeNull();
    now = T0 + 4 * HOUR;
    expect(await configured(later, T0 + 4 * HOUR)).toBe("ended_by_admin");
  });
});

describe("the store reads of a session's checks", () => {
  /** A memory store that counts the reads the checks make. */
  function countingStore() {
    const inner = createMemoryRevocationStore(() => T0);
    const reads = { isRevoked: 0, notBefore: 0 };
    const store: RevocationStore = {
      ...inner,
      isRevoked: (sid) => (reads.isRevoked++, inner.isRevoked(sid)),
      notBefore: () => (reads.notBefore++, inner.notBefore()),
    };
    return { store, reads };
  }
  const check = (store: RevocationStore, t = token()) =>
    sessionEndReason(t, { store, auth: cfg(), maxAgeMs: MAX_AGE, now: T0 + HOUR });

  it("are made once per request however often it checks (proxy, layout, page), and again by the next", async () => {
    const { store, reads } = countingStore();
    const request = () => runInRequestScope(async () => [await check(store), await check(store), await check(store)]);
    expect(await request()).toEqual([null, null, null]);
    expect(reads).toEqual({ isRevoked: 1, notBefore: 1 });
    // Concurrent checks of one request share the reads in flight.
    await runInRequestScope(() => Promise.all([check(store), check(store)]));
    expect(reads).toEqual({ isRevoked: 2, notBefore: 2 });
    await request();
    expect(reads).toEqual({ isRevoked: 3, notBefore: 3 });
  });

  it("are made per session, and afresh by each check outside any request", async () => {
    const { store, reads } = countingStore();
    await runInRequestScope(async () => {
      await check(store);
      await check(store, token({ sid: "sid-2" }));
    });
    expect(reads).toEqual({ isRevoked: 2, notBefore: 2 });
    await check(store);
    await check(store);
    expect(reads).toEqual({ isRevoked: 4, notBefore: 4 });
  });

  it("never answer a later check from before a sign-out, in that request or the next", async () => {
    const { store } = countingStore();
    await runInRequestScope(async () => {
      expect(await check(store)).toBeNull();
      await revokeSession(token(), { store, maxAgeMs: MAX_AGE });
      expect(await check(store)).toBe("signed_out");
    });
    const other = countingStore();
    await runInRequestScope(async () => {
      expect(await check(other.store)).toBeNull();
      // Signed out by another request (another instance) while this one was being answered.
      await runInRequestScope(() => revokeSession(token(), { store: other.store, maxAgeMs: MAX_AGE }));
    });
    expect(await runInRequestScope(() => check(other.store))).toBe("signed_out");
  });
});

describe("AUTH_SESSIONS_NOT_BEFORE", () => {
  const base = {
    AUTH_SECRET: "s".repeat(40),
    AUTH_TRUST_HOST: "true",
    AUTH_OIDC_ISSUER: "https://idp.example.com",
    AUTH_OIDC_ID: "id",
    AUTH_OIDC_SECRET: "secret",
  };
  const auth = (value?: string) => parseConfig({ ...base, AUTH_SESSIONS_NOT_BEFORE: value }).auth;

  it("is an ISO time with its zone, or unset", () => {
    expect(auth()).toMatchObject({ ok: true, value: { sessionsNotBefore: null } });
    expect(auth("")).toMatchObject({ ok: true, value: { sessionsNotBefore: null } });
    expect(auth("2026-12-01T09:00:00Z")).toMatchObject({ ok: true, value: { sessionsNotBefore: T0 + HOUR } });
    expect(auth("2026-12-01T11:00:00+02:00")).toMatchObject({ value: { sessionsNotBefore: T0 + HOUR } });
  });

  it("refuses anything else at start-up, naming the variable", () => {
    for (const bad of ["yesterday", "2026-12-01", "2026-12-01T09:00:00", "2026-13-01T09:00:00Z"]) {
      expect(auth(bad), bad).toEqual({
        ok: false,
        problems: [expect.stringMatching(/^AUTH_SESSIONS_NOT_BEFORE: must be an ISO date and time with its zone/)],
      });
    }
  });
});
