import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { withSessionQuality } from "@/lib/server/quality-index";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { walkPoorSessions, type SessionListPage } from "@/lib/sessions/list-checks";
import { appIdSchema } from "@/lib/validations/ids";
import {
  sessionFilterFields,
  sessionFilterChecks,
  toUpstreamSessionQuery,
  type SessionFilters,
} from "@/lib/validations/sessions";

type Ctx = { params: Promise<{ appId: string }> };

// GET /api/apps/{appId}/sessions — one page of sessions, filtered as the sessions page is, each
// with its quality from the quality index (no report read)
export const GET = route<Ctx>(async (req, ctx) => {
  const appId = param("appId", appIdSchema, (await ctx.params).appId);
  const filters = parseStrict(req, sessionFilterFields, sessionFilterChecks);
  await requireSession();
  await requireApp(appId);
  return json(await listSessionsWithQuality(appId, filters));
});

/**
 * The page's sessions with their quality. With `quality=poor`, the upstream list matching the other
 * filters is walked and only sessions with a poor participant among those checked are kept
 * (docs/quality-index.md, "Sessions list"). The sessions page does the same for its first render.
 */
async function listSessionsWithQuality(appId: string, filters: SessionFilters): Promise<SessionListPage> {
  const upstream = toUpstreamSessionQuery(filters);
  if (filters.quality !== "poor") return withSessionQuality(appId, await realtimeKit().listSessions(appId, upstream));
  return walkPoorSessions(
    (page, perPage) => realtimeKit().listSessions(appId, { ...upstream, page, perPage }),
    (page) => withSessionQuality(appId, page),
    filters,
  );
}
