import "server-only";
import { LRUCache } from "lru-cache";
import { findings } from "@/lib/report/findings";
import type { Thresholds } from "@/lib/report/thresholds";
import { buildVerdict, type Verdict } from "@/lib/report/verdict";
import type { HealthResult } from "@/lib/validations/health";
import { sessionIdSchema } from "@/lib/validations/ids";
import { inspectorConfig } from "./config";
import { processWide } from "./process-wide";
import { qualityIndex, sessionEnded } from "./quality-index";
import { realtimeKit } from "./realtimekit/client";
import { UpstreamError } from "./realtimekit/errors";
import { ScanShareExceeded } from "./scan-share";

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

/**
 * What the session page shows for a participant, from their verdict: the same answer as from the
 * report. The session quality API answers with it too, so both say the same of one participant.
 */
export function healthOf(peerId: string, v: Verdict): HealthResult {
  if (!v.hasSamples) return { peerId, level: "unknown", reason: NO_SAMPLES };
  return { peerId, level: v.level, reason: v.main?.title ?? null, more: v.others };
}

// No samples is not a good call: it is an unknown one.
const NO_SAMPLES = "No call-quality samples in the report";

/**
 * Call health per participant. A participant with a current verdict in the quality index costs no
 * upstream call; any other's report is read once, and its verdict kept (docs/quality-index.md).
 * `sessionId` (the session asked about) tells whether the session has ended, which decides how
 * long the verdicts are kept; without it, the report's own session id is used.
 *
 * Called by the health API, whose upstream calls spend the checks' share of the budget
 * (lib/server/scan-share.ts): once it refuses, nothing more is sent and every participant not
 * checked yet answers "waiting", with when to ask again.
 */
const GONE = "Not checked: the page that asked went away";

export async function checkPeers(
  appId: string,
  peerIds: string[],
  opts: { sessionId?: string; signal?: AbortSignal } = {},
): Promise<HealthResult[]> {
  const results: HealthResult[] = new Array(peerIds.length);
  const index = qualityIndex();
  const todo: number[] = [];
  (await index.getMany(appId, peerIds)).forEach((v, i) => {
    if (v) results[i] = healthOf(peerIds[i] as string, v);
    else todo.push(i);
  });
  const ended = endedSessions(appId);
  let next = 0;
  // What the rest answer once the budget (the checks' share, or this user's share) has run out.
  let stopped: ((peerId: string) => HealthResult) | null = null;
  const worker = async () => {
    while (next < todo.length) {
      const i = todo[next++] as number;
      const peerId = peerIds[i] as string;
      // A page that went away (closed, paused) gets no answer: spend nothing more on it.
      if (!stopped && opts.signal?.aborted) stopped = (p) => ({ peerId: p, level: "unknown", reason: GONE });
      if (stopped) {
        results[i] = stopped(peerId);
        continue;
      }
      try {
        // The session asked about first: when the checks' share refuses even that, no report is
        // read whose verdict could only be kept as live.
        const askedEnded = opts.sessionId ? await ended(opts.sessionId) : undefined;
        const report = await realtimeKit().getPeerReport(appId, peerId, { includePeerEvents: true });
        const thresholds = deploymentThresholds();
        const verdict = buildVerdict(report, findings(report, thresholds), thresholds, {
          live: !(askedEnded ?? (await ended(report.participant.sessionId))),
          now: Date.now(),
          peerId,
        });
        await index.record(appId, verdict);
        results[i] = healthOf(peerId, verdict);
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        if (err instanceof ScanShareExceeded) {
          // The first refusal's wait holds for all: the page asks again once it is over.
          const first = err;
          stopped ??= (p) => waitingForScanShare(p, first);
          results[i] = stopped(peerId);
          continue;
        }
        // Stop spending budget once it has run out; the rest are reported as not checked.
        if (err.isRateLimited && !stopped) {
          const reason =
            err.kind === "user-share"
              ? "Not checked: you have used your share of this deployment's RealtimeKit requests; try again shortly"
              : "Not checked: the upstream rate budget is exhausted; try again shortly";
          stopped = (p) => ({ peerId: p, level: "unknown", reason });
        }
        results[i] = {
          peerId,
          level: "unknown",
          reason: err.isNotFound ? "No call statistics for this peer" : `Could not check: ${err.message}`,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
  return results;
}

/** A participant not checked because the checks' share is spent: "unknown" for now, and when to ask again. */
export function waitingForScanShare(peerId: string, err: ScanShareExceeded): HealthResult {
  return { peerId, level: "unknown", reason: err.message, retryAfterS: err.retryAfterS };
}

/**
 * Whether each session has ended, asked once per check and only when a report had to be read (the
 * session page has just read the session, so usually a cache hit). A session id that is not one,
 * or a failure, counts as live: its verdicts are then kept only briefly. The checks' share running
 * out is not an answer: it stops the check.
 */
function endedSessions(appId: string): (sessionId: string | null) => Promise<boolean> {
  const asked = new Map<string, Promise<boolean>>();
  return (sessionId) => {
    if (!sessionId || !sessionIdSchema.safeParse(sessionId).success) return Promise.resolve(false);
    let p = asked.get(sessionId);
    if (!p) {
      p = realtimeKit()
        .getSession(appId, sessionId)
        .then(
          (s) => sessionEnded(s, Date.now()),
          (err: unknown) => {
            if (err instanceof ScanShareExceeded) throw err;
            return false;
          },
        );
      asked.set(sessionId, p);
    }
    return p;
  };
}
