import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { after } from "next/server";
import type { ResponseCache } from "./cache";
import { log } from "./log";
import { countUpstream } from "./request-scope";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * A JSON answer kept as the bytes it is sent as (docs/architecture.md, "Stored answers"): made
 * once, kept gzipped (a tenth of the size, in memory or Redis), with an ETag from its JSON. A
 * repeat is a cache read and an unzip, with no parsing, masking or serialising; a browser that
 * still has it gets 304 and no body at all. Kept in the response cache (memory, or the shared
 * store), so every instance serves what one made, under the same ETag.
 */
export interface StoredBody {
  etag: string;
  /** The gzipped JSON, as base64: cache values are plain JSON-able data (lib/server/cache.ts). */
  gzip: string;
  /** What the caller needs on a repeat without the data it came from (e.g. an audit line's ids). */
  meta: Record<string, string | null>;
}

/**
 * Browsers may keep a masked answer, but must ask again each time (If-None-Match): the data changes
 * while a call is live, and a viewer's access can end. Signing out clears what the browser kept
 * (docs/privacy.md). An admin's exact copy is never kept by a browser.
 */
const REVALIDATE = "private, no-cache";

/** The stored answer under `key`, if any; counted as a cache hit on the request's line. */
export async function storedBody(cache: ResponseCache, key: string): Promise<StoredBody | undefined> {
  const hit = await cache.get<StoredBody>(key);
  if (hit !== undefined) countUpstream("hit");
  return hit;
}

/**
 * Serialises `data` for this answer and keeps it gzipped under `key` for `ttlMs`. The answer need
 * not wait for the gzip: Next.js's `after()` keeps a serverless function alive until the copy is
 * in the cache (or failed to get there: a later miss, never an error). Outside a request (tests,
 * scripts) that is awaited here, so a repeat right after finds it.
 */
export async function keepBody(
  cache: ResponseCache,
  key: string,
  data: unknown,
  opts: { ttlMs: number; meta?: Record<string, string | null> },
): Promise<{ etag: string; json: string }> {
  const json = JSON.stringify(data);
  const etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 32)}"`;
  const kept = (async () => {
    const bytes = await gzipAsync(json);
    const body: StoredBody = { etag, gzip: bytes.toString("base64"), meta: opts.meta ?? {} };
    await cache.set(key, body, { ttlMs: opts.ttlMs, sizeBytes: body.gzip.length });
  })().catch((err: unknown) => log.warn({ err }, "could not keep an answer; the next ask makes it again"));
  try {
    after(kept);
  } catch {
    await kept;
  }
  return { etag, json };
}

/** A fresh answer (made by keepBody) for this request, as sendStored sends a kept one. */
export function sendFresh(req: Request, fresh: { etag: string; json: string }, opts: { mayKeep: boolean }): Response {
  const { headers, unchanged } = conditional(req, fresh.etag, opts.mayKeep);
  if (unchanged) return unchanged;
  return new Response(fresh.json, { status: 200, headers: { ...headers, "content-type": "application/json" } });
}

/** The caching headers of an answer with this ETag, and the 304 when the client already has it. */
function conditional(req: Request, etag: string, mayKeep: boolean) {
  const headers = { "cache-control": mayKeep ? REVALIDATE : "private, no-store", etag };
  const unchanged = matchesEtag(req.headers.get("if-none-match"), etag)
    ? new Response(null, { status: 304, headers })
    : null;
  return { headers, unchanged };
}

/**
 * The answer for this request: 304 when the client's If-None-Match names this ETag; otherwise the
 * stored JSON. Sent unzipped: Next.js drops a route handler's Content-Encoding and compresses the
 * body itself (or Vercel's edge does), so a gzipped body would arrive gzipped twice.
 */
export async function sendStored(req: Request, body: StoredBody, opts: { mayKeep: boolean }): Promise<Response> {
  const { headers, unchanged } = conditional(req, body.etag, opts.mayKeep);
  if (unchanged) return unchanged;
  const bytes = await gunzipAsync(Buffer.from(body.gzip, "base64"));
  return new Response(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    status: 200,
    headers: { ...headers, "content-type": "application/json" },
  });
}

/** If-None-Match: a list of tags (weak ones compared weakly, as RFC 9110 says for it), or `*`. */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === etag);
}
