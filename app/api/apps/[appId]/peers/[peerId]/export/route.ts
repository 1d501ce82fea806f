import { parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { reportToCsv } from "@/lib/report/csv";
import { appIdSchema, peerIdSchema } from "@/lib/validations/ids";
import { exportFields } from "@/lib/validations/peers";

type Ctx = { params: Promise<{ appId: string; peerId: string }> };

// GET /api/apps/{appId}/peers/{peerId}/export?format=json|csv — download of the normalised report
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const peerId = param("peerId", peerIdSchema, p.peerId);
  const { format } = parseStrict(req, exportFields);
  await requireSession();
  await requireApp(appId);
  const report = await realtimeKit().getPeerReport(appId, peerId, { includePeerEvents: true });
  const name = `peer-${peerId}`;
  const headers = { "cache-control": "private, no-store" };
  if (format === "csv") {
    return new Response(reportToCsv(report), {
      headers: { ...headers, "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` },
    });
  }
  return new Response(JSON.stringify(report, null, 2), {
    headers: { ...headers, "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${name}.json"` },
  });
});
