import { route } from "@/lib/server/api";

export const dynamic = "force-dynamic";

// POST /api/signed-out — called by the signed-out page: tells the browser to drop what it kept in
// its HTTP cache (masked peer reports kept to revalidate: docs/privacy.md). Open without sign-in,
// reads nothing, answers nothing else: all anyone can do with it is clear their own browser's cache.
export const POST = route(async () => {
  return new Response(null, { status: 204, headers: { "clear-site-data": '"cache"', "cache-control": "no-store" } });
});
