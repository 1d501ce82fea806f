/**
 * The client address, for the per-address sign-in throttle, only when a trusted proxy reports it:
 * AUTH_TRUST_HOST says one is in front, and Vercel replaces X-Forwarded-For with the address it
 * saw. The rightmost entry is the one the last proxy added; the others are whatever the client
 * sent. Without a trusted proxy there is no address we can believe, and the per-account limit
 * alone applies.
 */
export function clientAddress(headers: Headers, env: Record<string, string | undefined>): string | null {
  if (!behindTrustedProxy(env)) return null;
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}

/** AUTH_TRUST_HOST=true (or 1) says a trusted proxy is in front; on Vercel one always is. */
export function behindTrustedProxy(env: Record<string, string | undefined>): boolean {
  return /^(1|true)$/i.test(env.AUTH_TRUST_HOST?.trim() ?? "") || !!env.VERCEL?.trim();
}
