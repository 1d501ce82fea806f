import "server-only";
import { LRUCache } from "lru-cache";
import { findings } from "@/lib/report/findings";
import { peerHealth } from "@/lib/report/health";
import type { Thresholds } from "@/lib/report/thresholds";
import type { HealthResult } from "@/lib/validations/health";
import { inspectorConfig } from "./config";
import { processWide } from "./process-wide";
import { realtimeKit } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";

/** Per-participant call health for the session page ("who had a bad call?"). */

/** Peer reports fetched at once: enough to be quick, few enough to stay far below the rate limit. */
const CONCURRENCY = 4;

/** Sessions up to this size are checked without asking (INSPECTOR_AUTO_HEALTH_MAX, default 25). */
export function autoHealthLimit(): number {
  return inspectorConfig().autoHealthMax;
}

// Peers seen in each session's participant list. Membership never ends, so a check of peers
// already seen needs no upstream call; only an id not seen yet re-reads the (cached) list.
const members = processWide("session-members", () => new LRUCache<string, Set<string>>({ max: 1_000 }));

/** The given peer ids (lower-case UUIDs) that are not participants of the session. */
export async function notInSession(appId: string, sessionId: string, peerIds: string[]): Promise<string[]> {
  const k = `${appId}|${sessionId}`;
  let known = members.get(k);
  if (!known || peerIds.some((p) => !known!.has(p))) {
    // The session page's own call (same options), so a check right after it is a cache hit.
    const { participants } = await realtimeKit().listAllParticipants(appId, sessionId, { includePeerEvents: true });
    known = new Set([...(known ?? []), ...participants.map((p) => p.peerId.toLowerCase())]);
    members.set(k, known);
  }
  const seen = known;
  return peerIds.filter((p) => !seen.has(p));
}

export function deploymentThresholds(): Thresholds {
  return inspectorConfig().thresholds;
}

export async function checkPeers(appId: string, peerIds: string[]): Promise<HealthResult[]> {
  const results: HealthResult[] = new Array(peerIds.length);
  let next = 0;
  // Why the rest are not checked, once the budget (or this user's share of it) has run out.
  let throttled: string | null = null;
  const worker = async () => {
    while (next < peerIds.length) {
      const i = next++;
      const peerId = peerIds[i] as string;
      if (throttled) {
        results[i] = { peerId, level: "unknown", reason: throttled };
        continue;
      }
      try {
        const report = await realtimeKit().getPeerReport(appId, peerId, { includePeerEvents: true });
        // No samples is not a good call: it is an unknown one.
        results[i] =
          report.tracks.length === 0
            ? { peerId, level: "unknown", reason: "No call-quality samples in the report" }
            : { peerId, ...peerHealth(findings(report, deploymentThresholds())) };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        // Stop spending budget once it has run out; the rest are reported as not checked.
        if (err.isRateLimited) {
          throttled =
            err.kind === "user-share"
              ? "Not checked: you have used your share of this deployment's RealtimeKit requests; try again shortly"
              : "Not checked: the upstream rate budget is exhausted; try again shortly";
        }
        results[i] = {
          peerId,
          level: "unknown",
          reason: err.isNotFound ? "No call statistics for this peer" : `Could not check: ${err.message}`,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, peerIds.length) }, worker));
  return results;
}
