import { z } from "zod";
import { parseStrict, param, requireApp, requireSession, route } from "@/lib/server/api";
import { audit } from "@/lib/server/audit";
import { viewerOf } from "@/lib/server/peer-data";
import { publicOrigin } from "@/lib/server/public-origin";
import { withBasePath } from "@/lib/base-path";
import { qualityIndex } from "@/lib/server/quality-index";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { sessionPath } from "@/lib/routes";
import { sessionToCsv } from "@/lib/sessions/session-csv";
import { sessionSummary } from "@/lib/sessions/session-summary";
import { appIdSchema, sessionIdSchema } from "@/lib/validations/ids";

type Ctx = { params: Promise<{ appId: string; sessionId: string }> };

const fields = {
  format: z.enum(["csv", "summary"], { error: "must be csv or summary" }),
};

// GET /api/apps/{appId}/sessions/{sessionId}/export?format=csv|summary — the session's participants with their
// verdicts from the quality index, as a CSV file or as the ticket summary (plain text); never reads a report
export const GET = route<Ctx>(async (req, ctx) => {
  const p = await ctx.params;
  const appId = param("appId", appIdSchema, p.appId);
  const sessionId = param("sessionId", sessionIdSchema, p.sessionId);
  const { format } = parseStrict(req, fields);
  const viewer = viewerOf(await requireSession());
  await requireApp(appId);
  const client = realtimeKit();
  // The session page's own calls, with the same options: usually both cache hits.
  const [session, { participants, skipped }] = await Promise.all([
    client.getSession(appId, sessionId, { includeBreakoutRooms: true }),
    client.listAllParticipants(appId, sessionId, { includePeerEvents: true }),
  ]);
  const peerIds = [...new Set(participants.map((x) => x.peerId.toLowerCase()))];
  const found = await qualityIndex().getMany(appId, peerIds);
  const verdicts = new Map(
    found.flatMap((v, i) =>
      // A verdict names its session: one of another session's is not this participant's here.
      v && (v.sessionId === null || v.sessionId.toLowerCase() === sessionId) ? [[peerIds[i] as string, v]] : [],
    ),
  );
  const headers = { "cache-control": "private, no-store", "x-content-type-options": "nosniff" };
  // Neither file holds an address, a user agent or a place (docs/privacy.md): audited, nothing to mask.
  const what = { kind: format === "csv" ? "session-export" : "session-summary", appId, sessionId, format } as const;
  void audit({ who: viewer.who, what, headers: req.headers, unmasked: viewer.admin });
  // The session id is a validated UUID: nothing in the file name needs escaping.
  const name = `session-${sessionId}`;
  if (format === "csv") {
    const rows = participants.map((x) => ({ participant: x, verdict: verdicts.get(x.peerId.toLowerCase()) }));
    return new Response(sessionToCsv(rows), {
      headers: {
        ...headers,
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}-participants.csv"`,
      },
    });
  }
  const text = sessionSummary({
    session,
    participants,
    verdicts: [...verdicts.values()],
    skipped,
    sessionUrl: sessionUrl(req, appId, sessionId),
  });
  return new Response(text, {
    headers: {
      ...headers,
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `inline; filename="${name}-summary.txt"`,
    },
  });
});

/** An absolute link to the session page, on the deployment's public origin; none when that is not a URL. */
function sessionUrl(req: Request, appId: string, sessionId: string): string | undefined {
  try {
    const origin = new URL(publicOrigin(req.headers, new URL(req.url))).origin;
    return `${origin}${withBasePath(sessionPath(appId, sessionId))}`;
  } catch {
    return undefined;
  }
}
