import { parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { audit } from "@/lib/server/audit";
import { deploymentThresholds } from "@/lib/server/health";
import { qualityIndex } from "@/lib/server/quality-index";
import { peerReportFor, viewerOf } from "@/lib/server/peer-data";
import { reportToCsv } from "@/lib/report/csv";
import { peerExport } from "@/lib/report/export";
import { findings } from "@/lib/report/findings";
import { windowOf } from "@/lib/report/sections";
import { buildVerdict } from "@/lib/report/verdict";
import { appIdSchema, peerIdSchema } from "@/lib/validations/ids";
import { exportFields, exportWindowIssues } from "@/lib/validations/peers";

type Ctx = { params: Promise<{ appId: string; peerId: string }> };

// GET /api/apps/{appId}/peers/{peerId}/export?format=json|csv&from=…&to=… — download of the window shown
// (default: the whole call)
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const peerId = param("peerId", peerIdSchema, p.peerId);
  const { format, from, to } = parseStrict(req, exportFields, exportWindowIssues);
  const viewer = viewerOf(await requireSession());
  await requireApp(appId);
  // Masked for non-admins (docs/privacy.md); the verdict below holds no personal data either way.
  const report = await peerReportFor(viewer, appId, peerId, { includePeerEvents: true });
  const thresholds = deploymentThresholds();
  const found = findings(report, thresholds);
  // Kept in the quality index (docs/quality-index.md). Whether the session has ended is not known
  // here without another upstream call: live, which never replaces a verdict kept as ended.
  await qualityIndex().record(appId, buildVerdict(report, found, thresholds, { live: true, now: Date.now(), peerId }));
  const window = from || to ? { from: from ? Date.parse(from) : null, to: to ? Date.parse(to) : null } : null;
  // The file name tells a window's export from the whole call's.
  const stamp = (t: string) => t.replace(/[:.]/g, "");
  const name = `peer-${peerId}${window ? `-${stamp(from ?? "start")}-${stamp(to ?? "end")}` : ""}`;
  const headers = { "cache-control": "private, no-store" };
  const what = { kind: "peer-export", appId, sessionId: report.participant.sessionId, peerId, format } as const;
  void audit({ who: viewer.who, what, headers: req.headers, unmasked: viewer.admin });
  if (format === "csv") {
    return new Response(reportToCsv(window ? windowOf(report, window) : report, window), {
      headers: {
        ...headers,
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.csv"`,
      },
    });
  }
  const body = peerExport(report, found, window);
  if (!viewer.admin)
    body.notes.push("IP addresses are cut to /24 (IPv6 /48), the city is left out and the user agent is reduced.");
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}.json"`,
    },
  });
});
