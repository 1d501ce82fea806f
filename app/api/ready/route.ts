import { json, route } from "@/lib/server/api";
import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

// GET /api/ready — readiness for load balancers and orchestrators: configuration valid, RealtimeKit
// reachable with the token (asked at most every 30 s), the shared store reachable when configured,
// and the budget's state. 200 when ready, else 503 naming the failing checks. No sign-in, no secrets.
export const GET = route(
  async () => {
    const r = await readiness();
    return json(
      { status: r.ready ? "ready" : "not_ready", failing: r.failing, checks: r.checks, time: new Date().toISOString() },
      { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
    );
  },
  { probe: true },
);
