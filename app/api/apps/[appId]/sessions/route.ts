import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { withSessionQuality } from "@/lib/server/quality-index";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { appIdSchema } from "@/lib/validations/ids";
import { sessionFilterFields, sessionFilterChecks, toUpstreamSessionQuery } from "@/lib/validations/sessions";

type Ctx = { params: Promise<{ appId: string }> };

// GET /api/apps/{appId}/sessions — one page of sessions, filtered as the sessions page is, each
// with its quality from the quality index (no report read)
export const GET = route<Ctx>(async (req, ctx) => {
  const appId = param("appId", appIdSchema, (await ctx.params).appId);
  const filters = parseStrict(req, sessionFilterFields, sessionFilterChecks);
  await requireSession();
  await requireApp(appId);
  const page = await realtimeKit().listSessions(appId, toUpstreamSessionQuery(filters));
  return json(await withSessionQuality(appId, page));
});
