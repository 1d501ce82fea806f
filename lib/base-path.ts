/**
 * The sub-path the console is served under (README.md, "Deploying"): "" or e.g. "/inspector".
 * next.config.mjs validates BASE_PATH when the app is built and writes it into every bundle, server
 * and browser alike, as this constant; it is not read at run time.
 *
 * Next.js adds it by itself to <Link>, router.push and redirect(). Everything else that names one
 * of our addresses must add it here: fetch() and plain <a href> in the browser (the JSON API
 * builders in lib/routes.ts do), absolute links (ticket summaries), redirects built by hand
 * (proxy.ts, Auth.js's route handler).
 */
export const BASE_PATH: string = process.env.NEXT_PUBLIC_BASE_PATH ?? "";

/** A root-relative path (`/apps/…`) as the browser must ask for it; anything else is returned as it is. */
export function withBasePath(path: string, base: string = BASE_PATH): string {
  return path.startsWith("/") && !path.startsWith("//") ? `${base}${path}` : path;
}

/**
 * A path as the browser asked for it, without the sub-path (`/inspector/apps/x` → `/apps/x`); null
 * when it lies outside the sub-path.
 */
export function withoutBasePath(path: string, base: string = BASE_PATH): string | null {
  if (!base) return path;
  if (path === base) return "/";
  return path.startsWith(`${base}/`) ? path.slice(base.length) : null;
}
