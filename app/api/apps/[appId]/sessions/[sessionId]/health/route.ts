import { z } from "zod";
import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { badRequest } from "@/lib/server/api-errors";
import { checkPeers, notInSession } from "@/lib/server/health";
import { MAX_PEERS_PER_CHECK } from "@/lib/validations/health";
import { appIdSchema, isUuid, sessionIdSchema } from "@/lib/validations/ids";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

const fields = {
  peers: z
    .string({ error: "is required: a comma list of peer ids" })
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .refine((ids) => ids.length > 0 && ids.length <= MAX_PEERS_PER_CHECK, {
      error: `must list 1 to ${MAX_PEERS_PER_CHECK} peer ids`,
    })
    .refine((ids) => ids.every(isUuid), { error: "must list peer ids (UUIDs)" }),
};

// GET /api/apps/{appId}/sessions/{sessionId}/health?peers=a,b — call health per participant, from their reports
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  const { peers } = parseStrict(req, fields);
  await requireSession();
  await requireApp(appId);
  // Only this session's participants: any other id would spend the shared upstream budget on
  // reports nobody here is looking at.
  const strangers = await notInSession(appId, sessionId, peers);
  if (strangers.length > 0) {
    const named = strangers.slice(0, 3).join(", ") + (strangers.length > 3 ? ` and ${strangers.length - 3} more` : "");
    throw badRequest([{ field: "peers", message: `must be participants of this session (not: ${named})` }]);
  }
  return json({ results: await checkPeers(appId, peers, { sessionId }) });
});
