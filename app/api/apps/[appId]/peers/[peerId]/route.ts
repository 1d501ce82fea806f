import { json, parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { audit } from "@/lib/server/audit";
import { peerReportFor, viewerOf } from "@/lib/server/peer-data";
import { pickSections } from "@/lib/report/sections";
import { appIdSchema, peerIdSchema } from "@/lib/validations/ids";
import { peerReportFields } from "@/lib/validations/peers";

type Ctx = { params: Promise<{ appId: string; peerId: string }> };

// GET /api/apps/{appId}/peers/{peerId} — the peer report, normalised (masked for non-admins:
// docs/privacy.md); `sections` picks parts
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const peerId = param("peerId", peerIdSchema, p.peerId);
  const { sections } = parseStrict(req, peerReportFields);
  const viewer = viewerOf(await requireSession());
  await requireApp(appId);
  // Only the sections asked for, unless a whole copy (the page's) is cached: that serves any.
  const report = await peerReportFor(viewer, appId, peerId, { sections, includePeerEvents: true });
  const sessionId = report.participant.sessionId;
  const what = { kind: "peer-report", appId, sessionId, peerId, sections } as const;
  void audit({ who: viewer.who, what, headers: req.headers, unmasked: viewer.admin });
  const picked = pickSections(report, sections);
  // A report fetched for some sections knows nothing of the others: describe only those asked for.
  const states = Object.fromEntries(sections.map((s) => [s, picked.completeness.sections[s]]));
  return json({ ...picked, completeness: { ...picked.completeness, sections: states } });
});
