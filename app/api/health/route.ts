import { upstreamBudget } from "@/lib/server/realtimekit/client";
import { validateConfig } from "@/lib/server/env";

export const dynamic = "force-dynamic";

// GET /api/health — liveness for load balancers; no secrets, no upstream call, no sign-in.
export async function GET() {
  const configured = validateConfig(process.env).length === 0;
  // How much of the upstream rate budget this instance has used: the first thing to check when
  // pages answer "rate limited".
  const budget = configured ? upstreamBudget().snapshot() : null;
  return Response.json(
    { status: "ok", configured, time: new Date().toISOString(), upstreamBudget: budget },
    { headers: { "cache-control": "no-store" } },
  );
}
