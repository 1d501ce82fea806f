import { route } from "@/lib/server/api";
import { upstreamBudget } from "@/lib/server/realtimekit/client";
import { configProblems } from "@/lib/server/config";

export const dynamic = "force-dynamic";

// GET /api/health — liveness for load balancers; no secrets, no upstream call, no sign-in. Whether
// this instance can serve (RealtimeKit, the store) is /api/ready's question.
export const GET = route(
  async () => {
    const configured = configProblems().length === 0;
    // Still 200 while the upstream holds us off (the process is alive), but it says so: the first
    // thing to check when pages answer "rate limited".
    const budget = configured ? upstreamBudget().snapshot() : null;
    const upstream = budget && {
      blockedUntil: budget.blockedUntil === null ? null : new Date(budget.blockedUntil).toISOString(),
      used: budget.used,
      limit: budget.limit,
      windowS: budget.windowMs / 1000,
      throttled: budget.throttled,
    };
    return Response.json(
      { status: "ok", configured, time: new Date().toISOString(), upstream },
      { headers: { "cache-control": "no-store" } },
    );
  },
  { probe: true },
);
