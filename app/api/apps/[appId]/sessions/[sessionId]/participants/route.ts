import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { appIdSchema, sessionIdSchema } from "@/lib/validations/ids";
import { participantFields, toUpstreamParticipantQuery } from "@/lib/validations/participants";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

// GET /api/apps/{appId}/sessions/{sessionId}/participants — one page of a session's participants
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  const q = parseStrict(req, participantFields);
  await requireSession();
  await requireApp(appId);
  return json(await realtimeKit().listParticipants(appId, sessionId, toUpstreamParticipantQuery(q)));
});
