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
  // Only the sections asked for, unless a whole copy (the page's) is cached: that serves any.
  const report = await realtimeKit().getPeerReport(appId, peerId, { sections, includePeerEvents: true });
  const picked = pickSections(report, sections);
  // A report fetched for some sections knows nothing of the others: describe only those asked for.
  const states = Object.fromEntries(sections.map((s) => [s, picked.completeness.sections[s]]));
  return json({ ...picked, completeness: { ...picked.completeness, sections: states } });
});
