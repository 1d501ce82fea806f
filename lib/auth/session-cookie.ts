/**
 * Auth.js re-issues the session cookie on every request its proxy wrapper sees (a rolling
 * expiry). A response to a request that was in flight when the user signed out (a prefetch, a slow
 * API call) then set the cookie again after sign-out had cleared it, and the user was silently
 * signed back in. proxy.ts drops those refreshes, so only Auth.js's own routes under /api/auth
 * (sign-in, sign-out; the app never polls /api/auth/session) set the session cookie, and a session
 * lasts a fixed time from sign-in. A cookie that clears the session (an expired or unreadable
 * token) and every other cookie still go through.
 */
export function withoutSessionRefresh<R extends Response | void>(res: R): R {
  if (!res) return res;
  const cookies = res.headers.getSetCookie();
  if (!cookies.some(refreshesSession)) return res;
  res.headers.delete("set-cookie");
  for (const cookie of cookies) if (!refreshesSession(cookie)) res.headers.append("set-cookie", cookie);
  return res;
}

/** A session-token cookie (whole or one chunk of it) with a value, not one that clears it. */
function refreshesSession(cookie: string): boolean {
  return /^(__Secure-)?authjs\.session-token(\.\d+)?=[^;]/.test(cookie) && !/;\s*max-age=0\s*(;|$)/i.test(cookie);
}
