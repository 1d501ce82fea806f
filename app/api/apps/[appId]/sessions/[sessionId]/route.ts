import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { boolFlag } from "@/lib/validations/fields";
import { appIdSchema, sessionIdSchema } from "@/lib/validations/ids";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

const fields = {
  // The same flag as every other (true/false/1/0), and the same 400 for anything else.
  breakoutRooms: boolFlag(false),
};

// GET /api/apps/{appId}/sessions/{sessionId} — one session (with breakout rooms on request)
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  const q = parseStrict(req, fields);
  await requireSession();
  await requireApp(appId);
  return json(await realtimeKit().getSession(appId, sessionId, { includeBreakoutRooms: q.breakoutRooms }));
});
