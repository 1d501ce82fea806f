/**
 * The client address, for the per-address sign-in throttle, only when a trusted proxy reports it
 * (AUTH_TRUST_HOST, or Vercel, which replaces X-Forwarded-For with the address it saw; see
 * runtimeConfig().trustedProxy). The rightmost entry is the one the last proxy added; the others
 * are whatever the client sent. Without a trusted proxy there is no address we can believe, and
 * the per-account limit alone applies.
 */
export function clientAddress(headers: Headers, trustedProxy: boolean): string | null {
  if (!trustedProxy) return null;
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
