import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { currentRequestScope } from "@/lib/server/request-scope";
import { appIdSchema, sessionIdSchema } from "@/lib/validations/ids";
import { participantApiFields, toUpstreamParticipantQuery } from "@/lib/validations/participants";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

// GET /api/apps/{appId}/sessions/{sessionId}/participants — one page of a session's participants
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  const q = parseStrict(req, participantApiFields);
  await requireSession();
  await requireApp(appId);
  // A check's list spends the checks' share (429 once it is spent), as its health checks will.
  if (q.for === "check") currentRequestScope().scan = true;
  return json(await realtimeKit().listParticipants(appId, sessionId, toUpstreamParticipantQuery(q)));
});
