import { withBasePath } from "@/lib/base-path";

// GET /favicon.ico — browsers ask for it whatever icon a page links (a 404 there is a console
// error on every page); the one icon is app/icon.svg.
export function GET() {
  return new Response(null, {
    status: 308,
    headers: { location: withBasePath("/icon.svg"), "cache-control": "public, max-age=86400" },
  });
}
