import { z } from "zod";
import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { checkPeers, MAX_PEERS_PER_CHECK } from "@/lib/server/health";
import { appIdSchema, isUuid, sessionIdSchema } from "@/lib/validations/ids";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

const fields = {
  peers: z
    .string({ error: "is required: a comma list of peer ids" })
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))])
    .refine((ids) => ids.length > 0 && ids.length <= MAX_PEERS_PER_CHECK, { error: `must list 1 to ${MAX_PEERS_PER_CHECK} peer ids` })
    .refine((ids) => ids.every(isUuid), { error: "must list peer ids (UUIDs)" }),
};

// GET /api/apps/{appId}/sessions/{sessionId}/health?peers=a,b — call health per participant, from their reports
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  param("sessionId", sessionIdSchema, p.sessionId);
  const { peers } = parseStrict(req, fields);
  await requireSession();
  await requireApp(appId);
  return json({ results: await checkPeers(appId, peers) });
});
