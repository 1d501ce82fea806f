import { z } from "zod";
import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { badRequest } from "@/lib/server/api-errors";
import { checkPeers, notInSession, waitingForScanShare } from "@/lib/server/health";
import { currentRequestScope } from "@/lib/server/request-scope";
import { ScanShareExceeded, scanShare } from "@/lib/server/scan-share";
import { MAX_PEERS_PER_CHECK } from "@/lib/validations/health";
import type { HealthResponse } from "@/lib/validations/session-quality";
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
  // From here on, every upstream call spends the checks' share of the budget, not this user's:
  // the session page scans a webinar through this API (docs/quality-index.md).
  currentRequestScope().scan = true;
  const answer = async (results: HealthResponse["results"]) =>
    json({ results, scan: await scanShare().state() } satisfies HealthResponse);
  let strangers: string[];
  try {
    // Only this session's participants: any other id would spend the shared upstream budget on
    // reports nobody here is looking at.
    strangers = await notInSession(appId, sessionId, peers);
  } catch (err) {
    // The participant list could not be read within the share: nothing is checked, nothing spent.
    if (!(err instanceof ScanShareExceeded)) throw err;
    return answer(peers.map((peerId) => waitingForScanShare(peerId, err)));
  }
  if (strangers.length > 0) {
    const named = strangers.slice(0, 3).join(", ") + (strangers.length > 3 ? ` and ${strangers.length - 3} more` : "");
    throw badRequest([{ field: "peers", message: `must be participants of this session (not: ${named})` }]);
  }
  return answer(await checkPeers(appId, peers, { sessionId, signal: req.signal }));
});
