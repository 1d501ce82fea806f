/**
 * The Content-Security-Policy for pages: scripts only from us and carrying this request's nonce
 * (Next.js applies it to its own scripts), nothing framed, forms only to us and the IdPs.
 */
export function buildCsp(opts: { nonce: string; dev: boolean; formActionOrigins: string[] }): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // React's dev overlay evaluates code; production never does.
    ["script-src", "'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    // Charts and React set style attributes; styles cannot run code.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(opts.dev ? ["ws:"] : [])],
    ["frame-ancestors", "'none'"],
    ["base-uri", "'self'"],
    // A sign-in form without JavaScript follows a redirect to the IdP, which form-action governs.
    ["form-action", "'self'", ...opts.formActionOrigins],
    ["object-src", "'none'"],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
