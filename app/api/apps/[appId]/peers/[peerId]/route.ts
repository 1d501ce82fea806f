import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { pickSections } from "@/lib/report/sections";
import { appIdSchema, peerIdSchema } from "@/lib/validations/ids";
import { peerReportFields } from "@/lib/validations/peers";

type Ctx = { params: Promise<{ appId: string; peerId: string }> };

// GET /api/apps/{appId}/peers/{peerId} — the peer report, normalised; `sections` picks parts
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const peerId = param("peerId", peerIdSchema, p.peerId);
  const { sections } = parseStrict(req, peerReportFields);
  await requireSession();
  await requireApp(appId);
  // Always the whole report: one cached upstream call serves the page and every section request.
  const report = await realtimeKit().getPeerReport(appId, peerId, { includePeerEvents: true });
  return json(pickSections(report, sections));
});
