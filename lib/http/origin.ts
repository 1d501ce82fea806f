/**
 * The origin browsers use for this deployment, for absolute links (ticket summaries, redirects).
 * AUTH_URL wins when set; otherwise the forwarded host and protocol a trusted proxy sends, then the
 * Host header. Only the first value of a forwarded list counts (the client-facing hop).
 */
export function publicOrigin(headers: Headers, fallback: { host: string; protocol: string }): string {
  const configured = process.env.AUTH_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // validated at start-up; fall through if it is somehow unreadable
    }
  }
  const first = (v: string | null) => v?.split(",")[0]?.trim() || null;
  const host = first(headers.get("x-forwarded-host")) ?? headers.get("host") ?? fallback.host;
  const proto = first(headers.get("x-forwarded-proto")) ?? fallback.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
