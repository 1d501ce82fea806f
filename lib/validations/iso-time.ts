// Without zod on purpose: client components read times from the URL with this, and importing the
// schemas would put zod (~30 KB gzip) into the peer page's first load.

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Epoch ms of an ISO 8601 time, or NaN. A time without a zone is UTC: a link in a ticket must mean
 * the same instant on the server and in every reader's browser.
 */
export function parseIsoUtc(v: string): number {
  const m = ISO.exec(v.trim());
  if (!m) return NaN;
  return Date.parse(`${m[1]}T${m[2] ?? "00:00"}${m[3] ?? "Z"}`);
}
