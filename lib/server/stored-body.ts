import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { ResponseCache } from "./cache";
import { countUpstream } from "./request-scope";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * A JSON answer kept as the bytes it is sent as (docs/architecture.md, "Stored answers"): gzipped
 * once when it is made, with an ETag from those bytes. A repeat is a cache read and a write to the
 * socket, with no parsing, masking or serialising; a browser that still has it gets 304 and no
 * body at all. Kept in the response cache (memory, or the shared store), so every instance serves
 * what one made, under the same ETag.
 */
export interface StoredBody {
  etag: string;
  /** The gzipped JSON, as base64: cache values are plain JSON-able data (lib/server/cache.ts). */
  gzip: string;
  /** What the caller needs on a repeat without the data it came from (e.g. an audit line's ids). */
  meta: Record<string, string | null>;
}

/**
 * Browsers may keep these, but must ask again each time (If-None-Match): the data changes while a
 * call is live, and a viewer's access can end. Signing out clears what the browser kept
 * (proxy.ts, docs/privacy.md).
 */
const REVALIDATE = "private, no-cache";

/** The stored answer under `key`, if any; counted as a cache hit on the request's line. */
export async function storedBody(cache: ResponseCache, key: string): Promise<StoredBody | undefined> {
  const hit = await cache.get<StoredBody>(key);
  if (hit !== undefined) countUpstream("hit");
  return hit;
}

/** Gzips and keeps `data`'s JSON for `ttlMs` under `key`. */
export async function storeBody(
  cache: ResponseCache,
  key: string,
  data: unknown,
  opts: { ttlMs: number; meta?: Record<string, string | null> },
): Promise<StoredBody> {
  const bytes = await gzipAsync(JSON.stringify(data));
  const etag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 32)}"`;
  const body: StoredBody = { etag, gzip: bytes.toString("base64"), meta: opts.meta ?? {} };
  await cache.set(key, body, { ttlMs: opts.ttlMs, sizeBytes: body.gzip.length });
  return body;
}

/**
 * The answer for this request: 304 when the client's If-None-Match names this ETag; otherwise the
 * stored bytes, gzipped when the client accepts it (nearly all do), unzipped for one that does not.
 */
export async function sendStored(req: Request, body: StoredBody): Promise<Response> {
  const headers: Record<string, string> = {
    "cache-control": REVALIDATE,
    etag: body.etag,
    vary: "accept-encoding",
  };
  if (matchesEtag(req.headers.get("if-none-match"), body.etag)) return new Response(null, { status: 304, headers });
  const zipped = Buffer.from(body.gzip, "base64");
  const accepts = acceptsGzip(req.headers.get("accept-encoding"));
  const bytes = accepts ? zipped : await gunzipAsync(zipped);
  return new Response(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    status: 200,
    headers: {
      ...headers,
      "content-type": "application/json",
      "content-length": String(bytes.byteLength),
      ...(accepts ? { "content-encoding": "gzip" } : {}),
    },
  });
}

/** If-None-Match: a list of tags (weak ones compared weakly, as RFC 9110 says for it), or `*`. */
export function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === etag);
}

/** Accept-Encoding takes gzip: named (or `x-gzip`) without `q=0`, or left to `*` when not named. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const q = weights.get("gzip") ?? weights.get("x-gzip") ?? weights.get("*") ?? 0;
  return q > 0;
}
