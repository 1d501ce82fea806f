import "server-only";
import type { Session } from "next-auth";
import type { PeerReport, ReportSection } from "@/lib/realtimekit/types";
import { maskReport } from "@/lib/report/privacy";
import { realtimeKit } from "./realtimekit/client";

/**
 * The one road a peer report takes from the upstream client to a person: the peer page, the peer
 * API, the exports and the ticket summary all read it here, so a non-admin's copy is masked
 * (lib/report/privacy.ts, docs/privacy.md) before anything is rendered, serialised or summarised
 * from it. The response cache and the quality index keep the report as RealtimeKit sent it:
 * the cache is server memory (or the shared store), and a verdict holds no personal data.
 */

export interface Viewer {
  /** E-mail (or account id) of the signed-in user, for the audit line. */
  who: string | null;
  /** Sees IP addresses, user agents and cities unmasked. */
  admin: boolean;
}

/** Who a session is; no session, or one without the admin flag, sees masked data. */
export function viewerOf(session: Session | null | undefined): Viewer {
  const user = session?.user;
  return { who: user?.email ?? user?.id ?? user?.name ?? null, admin: user?.admin === true };
}

/** The report as this viewer may see it. */
export function shownTo(viewer: Viewer, report: PeerReport): PeerReport {
  return viewer.admin ? report : maskReport(report);
}

/** Reads a peer report for a viewer: the client's answer (cached or fetched), masked unless an admin asks. */
export async function peerReportFor(
  viewer: Viewer,
  appId: string,
  peerId: string,
  query: { sections?: readonly ReportSection[]; includePeerEvents?: boolean } = {},
): Promise<PeerReport> {
  return shownTo(viewer, await realtimeKit().getPeerReport(appId, peerId, query));
}
