import { useCallback, useEffect, useRef, useState } from "react";
import { sessionHealthApi, sessionQualityApi } from "@/lib/routes";
import { pendingPeers, runScan, unjudged } from "@/lib/sessions/scan-queue";
import type { HealthResult } from "@/lib/validations/health";
import type { HealthResponse, SessionHeatmap, SessionQualityResponse } from "@/lib/validations/session-quality";
import { fetcher } from "./fetcher";

export type ScanStatus = "loading" | "idle" | "running" | "waiting" | "paused" | "done" | "failed";

export interface SessionScan {
  /** Every participant judged so far, by the roster's peer id: from the index, then from the scan. */
  known: Record<string, HealthResult>;
  heatmap: SessionHeatmap | null;
  status: ScanStatus;
  /** Epoch ms the scan carries on at, while it waits for the checks' share of the budget. */
  waitUntil: number | null;
  /** The checks' share as the health API last described it. */
  budget: HealthResponse["scan"] | null;
  /** Milliseconds per participant the checks have taken so far (for the time left). */
  msPerPeer: number | null;
  /** What failed; what is known stays shown. */
  error: string | null;
  /** Starts, resumes or retries: only the participants not known yet are asked about. */
  start: () => void;
  pause: () => void;
  /** Once the scan is over: participants whose check failed (not judged), to ask again. */
  failed: string[];
  /** Forgets the failed answers and checks those participants again. */
  retryFailed: () => void;
}

/** The heatmap is re-read after this many batches, and at the end: often enough to watch it fill. */
const HEATMAP_EVERY_BATCHES = 4;

const flagKey = (appId: string, sessionId: string) => `rtk-scan:${appId}:${sessionId}`;

/** A scan started in this tab and not paused or finished: a reload carries on with it. */
function scanFlag(appId: string, sessionId: string, on?: boolean): boolean {
  try {
    const k = flagKey(appId, sessionId);
    if (on === true) sessionStorage.setItem(k, "1");
    else if (on === false) sessionStorage.removeItem(k);
    return sessionStorage.getItem(k) === "1";
  } catch {
    // Storage refused (private mode, a sandboxed frame): no resume after a reload, nothing worse.
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", done);
      resolve();
    }, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * "Who had a bad call?" for a whole session, driven by the page while it is open (nothing runs on
 * the server in the background: docs/quality-index.md). On mount it reads what the quality index
 * already knows (no upstream cost, so a reload resumes for free); then it checks the others in
 * batches of MAX_PEERS_PER_CHECK, one at a time, waiting whenever the checks' share of the
 * budget is spent. Small sessions (`auto`) scan by themselves; others on `start()`. Everything
 * stops when the page goes away.
 */
export function useSessionScan(
  appId: string,
  sessionId: string,
  peerIds: readonly string[],
  auto: boolean,
): SessionScan {
  const [known, setKnown] = useState<Record<string, HealthResult>>({});
  const [heatmap, setHeatmap] = useState<SessionHeatmap | null>(null);
  const [status, setStatus] = useState<ScanStatus>("loading");
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [budget, setBudget] = useState<HealthResponse["scan"] | null>(null);
  const [msPerPeer, setMsPerPeer] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const knownRef = useRef(known);
  // Lower-case ids the index holds a verdict for, as of its last read.
  const [indexed, setIndexed] = useState<ReadonlySet<string>>(new Set());
  const idsRef = useRef(peerIds);
  useEffect(() => {
    idsRef.current = peerIds;
  }, [peerIds]);
  const runRef = useRef<AbortController | null>(null);

  const merge = useCallback((results: readonly HealthResult[]) => {
    if (results.length === 0) return;
    // The API answers lower-case ids; the roster's spelling is the one the page looks up.
    const canon = new Map(idsRef.current.map((id) => [id.toLowerCase(), id]));
    const next = { ...knownRef.current };
    for (const r of results) {
      const id = canon.get(r.peerId.toLowerCase());
      if (id && r.retryAfterS === undefined) next[id] = { ...r, peerId: id };
    }
    knownRef.current = next;
    setKnown(next);
  }, []);

  const readIndex = useCallback(
    async (signal: AbortSignal) => {
      const q = await fetcher<SessionQualityResponse>(sessionQualityApi(appId, sessionId), signal);
      merge(q.results);
      setIndexed(new Set(q.results.map((r) => r.peerId.toLowerCase())));
      setHeatmap(q.heatmap);
    },
    [appId, sessionId, merge],
  );

  const scan = useCallback(async () => {
    runRef.current?.abort();
    const ac = new AbortController();
    runRef.current = ac;
    setError(null);
    setStatus("running");
    try {
      await runScan(
        {
          ids: () => idsRef.current,
          known: () => knownRef.current,
          check: (batch, signal) => fetcher<HealthResponse>(sessionHealthApi(appId, sessionId, batch), signal),
          sleep,
          now: () => Date.now(),
          onBatch: (out, budgetNow, ms, n) => {
            merge(Object.values(out.results));
            if (budgetNow) setBudget(budgetNow);
            const judged = Object.keys(out.results).length;
            // A moving average: the first batches (answered from the index) say little about the rest.
            if (judged > 0) setMsPerPeer((prev) => (prev === null ? ms / judged : prev * 0.7 + (ms / judged) * 0.3));
            if (n % HEATMAP_EVERY_BATCHES === 0) void readIndex(ac.signal).catch(() => undefined);
          },
          onWait: (until) => {
            setWaitUntil(until);
            setStatus(until === null ? "running" : "waiting");
          },
        },
        ac.signal,
      );
      if (ac.signal.aborted) return;
      scanFlag(appId, sessionId, false);
      // The index read first: what it holds tells a judged "unknown" from a failed check.
      await readIndex(ac.signal).catch(() => undefined);
      if (ac.signal.aborted) return;
      setStatus("done");
    } catch (err) {
      if (ac.signal.aborted) return;
      setWaitUntil(null);
      setError(err instanceof Error ? err.message : "The check failed.");
      setStatus("failed");
    }
  }, [appId, sessionId, merge, readIndex]);

  const start = useCallback(() => {
    scanFlag(appId, sessionId, true);
    void scan();
  }, [appId, sessionId, scan]);

  const pause = useCallback(() => {
    scanFlag(appId, sessionId, false);
    runRef.current?.abort();
    setWaitUntil(null);
    setStatus("paused");
  }, [appId, sessionId]);

  const retryFailed = useCallback(() => {
    const again = new Set(unjudged(knownRef.current, indexed));
    knownRef.current = Object.fromEntries(Object.entries(knownRef.current).filter(([id]) => !again.has(id)));
    setKnown(knownRef.current);
    start();
  }, [indexed, start]);

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      try {
        await readIndex(ac.signal);
      } catch (err) {
        if (ac.signal.aborted) return;
        // Only a shortcut: the checks themselves answer from the index too, at no upstream cost.
        setError(err instanceof Error ? err.message : "The server did not answer.");
      }
      if (ac.signal.aborted) return;
      const pending = pendingPeers(idsRef.current, knownRef.current).length;
      if (pending === 0) setStatus("done");
      else if (auto || scanFlag(appId, sessionId)) void scan();
      else setStatus("idle");
    })();
    return () => {
      ac.abort();
      runRef.current?.abort();
    };
    // Once per session: a roster refreshed while live joins through idsRef.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, sessionId]);

  const failed = status === "done" ? unjudged(known, indexed) : [];
  return { known, heatmap, status, waitUntil, budget, msPerPeer, error, start, pause, failed, retryFailed };
}
