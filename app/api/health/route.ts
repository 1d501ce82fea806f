import { validateConfig } from "@/lib/server/env";

export const dynamic = "force-dynamic";

// GET /api/health — liveness for load balancers; no secrets, no upstream call, no sign-in.
export async function GET() {
  const configured = validateConfig(process.env).length === 0;
  return Response.json(
    { status: "ok", configured, time: new Date().toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
}
