import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { healthOf } from "@/lib/server/health";
import { qualityIndex } from "@/lib/server/quality-index";
import { buildHeatmap } from "@/lib/sessions/heatmap";
import type { HealthResult } from "@/lib/validations/health";
import { appIdSchema, sessionIdSchema } from "@/lib/validations/ids";
import type { SessionQualityResponse } from "@/lib/validations/session-quality";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

const RANK: Record<HealthResult["level"], number> = { poor: 0, degraded: 1, unknown: 2, good: 3 };

// GET /api/apps/{appId}/sessions/{sessionId}/quality — what the quality index knows of the session's participants
// (verdicts and heatmap), with no upstream call (docs/quality-index.md)
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  parseStrict(req, {});
  await requireSession();
  await requireApp(appId);
  const [verdicts = []] = await qualityIndex().sessionVerdicts(appId, [sessionId]);
  const results = verdicts
    .map((v) => healthOf(v.peerId, v))
    // Worst first, like the session page's list of who had a bad call; peer id keeps the order stable.
    .sort((a, b) => RANK[a.level] - RANK[b.level] || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0));
  const body: SessionQualityResponse = { results, heatmap: buildHeatmap(verdicts) };
  // json() answers private, no-store: the data changes as checks land.
  return json(body);
});
