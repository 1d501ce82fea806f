import { parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { audit } from "@/lib/server/audit";
import { peerReportFor, viewerOf } from "@/lib/server/peer-data";
import { realtimeKit, upstreamCache } from "@/lib/server/realtimekit/client";
import { keepBody, sendFresh, sendStored, storedBody } from "@/lib/server/stored-body";
import { pickSections } from "@/lib/report/sections";
import { appIdSchema, peerIdSchema } from "@/lib/validations/ids";
import { peerReportFields } from "@/lib/validations/peers";

type Ctx = { params: Promise<{ appId: string; peerId: string }> };

// GET /api/apps/{appId}/peers/{peerId} — the peer report, normalised (masked for non-admins:
// docs/privacy.md); `sections` picks parts. The answer is kept as the bytes sent, with an ETag
// (lib/server/stored-body.ts): a repeat, on any instance, is those bytes or a 304.
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const peerId = param("peerId", peerIdSchema, p.peerId);
  // In one order, so every spelling of the same choice is one stored answer.
  const sections = parseStrict(req, peerReportFields).sections.toSorted();
  const viewer = viewerOf(await requireSession());
  await requireApp(appId);
  const audited = (sessionId: string | null) => {
    const what = { kind: "peer-report", appId, sessionId, peerId, sections } as const;
    void audit({ who: viewer.who, what, headers: req.headers, unmasked: viewer.admin });
  };
  // Admins' and everyone else's copies are different bytes: never one for the other.
  const key = ["peer-api", appId, peerId, sections.join(","), viewer.admin ? "unmasked" : "masked"].join("|");
  const cache = upstreamCache();
  const kept = await storedBody(cache, key);
  if (kept) {
    audited(kept.meta.sessionId ?? null);
    return sendStored(req, kept, { mayKeep: !viewer.admin });
  }
  // Only the sections asked for, unless a whole copy (the page's) is cached: that serves any.
  const report = await peerReportFor(viewer, appId, peerId, { sections, includePeerEvents: true });
  const sessionId = report.participant.sessionId;
  audited(sessionId);
  const picked = pickSections(report, sections);
  // A report fetched for some sections knows nothing of the others: describe only those asked for.
  const states = Object.fromEntries(sections.map((s) => [s, picked.completeness.sections[s]]));
  const body = { ...picked, completeness: { ...picked.completeness, sections: states } };
  const ttlMs = realtimeKit().peerReportTtl(report);
  return sendFresh(req, await keepBody(cache, key, body, { ttlMs, meta: { sessionId } }), { mayKeep: !viewer.admin });
});
