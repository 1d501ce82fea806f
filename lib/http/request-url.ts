import { withBasePath } from "@/lib/base-path";

/**
 * Addresses the app refuses before routing, in proxy.ts. Next.js answers a malformed %-escape in a
 * path segment with a bare 500 without the security headers (its router fails to decode the
 * parameter, even after a rewrite), so such an address gets a 400 (API) or a plain 404 page here.
 */

// Far longer than any link the console makes (a sessions filter is well under 1 kB), and under the
// 8 kB request line that common proxies and clients stop at: a clear answer rather than theirs.
export const MAX_URL_CHARS = 4096;

export type Unreadable = { reason: "malformed" | "too-long"; message: string };

export function unreadableUrl(url: URL): Unreadable | null {
  if (url.pathname.length + url.search.length > MAX_URL_CHARS) {
    return { reason: "too-long", message: `The address is longer than ${MAX_URL_CHARS} characters.` };
  }
  for (const segment of url.pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return { reason: "malformed", message: "The address has a malformed %-escape in its path." };
    }
  }
  return null;
}

/** The request header proxy.ts sets for the not-found page (never taken from the client). */
export const PATH_HEADER = "x-inspector-path";

/**
 * The page for an unreadable address: static (Next.js cannot route it to the not-found page), no
 * scripts, so it needs no nonce, and it names nothing from the address.
 */
export function unreadablePage(problem: Unreadable): Response {
  const head =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Page not found · RealtimeKit Inspector</title></head>";
  const html = `${head}
<body style="font-family:system-ui,sans-serif;max-width:520px;margin:15vh auto;padding:0 16px;color:#111827">
<h1 style="font-size:20px">Page not found</h1>
<p>${problem.message} If it came from a ticket, check that the link was copied whole.</p>
<p><a href="${withBasePath("/")}">Go to your apps</a></p>
</body></html>`;
  return new Response(html, {
    status: 404,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    },
  });
}
