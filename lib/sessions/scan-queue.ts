import { MAX_PEERS_PER_CHECK, type HealthResult } from "@/lib/validations/health";
import type { ScanBudgetState } from "@/lib/validations/session-quality";

/**
 * The session page's scan ("check all participants"), as pure steps: which participants are still
 * to check, what one batch's answer changes, and how long the rest will take at the checks' share
 * of the upstream budget (docs/quality-index.md). The hook in lib/swr/use-session-scan.ts drives them.
 */

/** Participants not known yet, in the roster's order: after a reload, the index's answers are skipped. */
export function pendingPeers(all: readonly string[], known: Readonly<Record<string, HealthResult>>): string[] {
  return all.filter((id) => !known[id]);
}

/**
 * Participants answered "unknown" whom the quality index does not hold: their check failed (a
 * timeout, the budget) rather than judged them, so they can be asked again. A judged "unknown" (a
 * report without samples) is kept in the index like any verdict.
 */
export function unjudged(known: Readonly<Record<string, HealthResult>>, indexed: ReadonlySet<string>): string[] {
  return Object.values(known)
    .filter((r) => r.level === "unknown" && !indexed.has(r.peerId.toLowerCase()))
    .map((r) => r.peerId);
}

export interface BatchOutcome {
  /** Answers to keep: each participant judged (good, degraded, poor or unknown). */
  results: Record<string, HealthResult>;
  /** Asked but not checked yet (the share was spent): they stay in the queue. */
  deferred: string[];
  /** Seconds to wait before the next batch, when any were deferred; null to carry on at once. */
  waitS: number | null;
  /** Asked and not answered at all: a scan that keeps asking for them would never end. */
  missing: string[];
}

/** What one batch's answer changes: results with `retryAfterS` go back to the queue, and set the wait. */
export function applyBatch(batch: readonly string[], answers: readonly HealthResult[]): BatchOutcome {
  const results: Record<string, HealthResult> = {};
  const deferred: string[] = [];
  let waitS: number | null = null;
  const answered = new Set<string>();
  for (const r of answers) {
    answered.add(r.peerId.toLowerCase());
    if (r.retryAfterS !== undefined) {
      deferred.push(r.peerId);
      waitS = Math.max(waitS ?? 0, r.retryAfterS, 1);
    } else results[r.peerId] = r;
  }
  return { results, deferred, waitS, missing: batch.filter((id) => !answered.has(id.toLowerCase())) };
}

export interface ScanDriver {
  /** The roster's peer ids, read before each batch (a live roster may grow). */
  ids: () => readonly string[];
  /** Everyone judged so far, read before each batch. */
  known: () => Readonly<Record<string, HealthResult>>;
  /** One call to the health API. */
  check: (batch: string[], signal: AbortSignal) => Promise<{ results: HealthResult[]; scan?: ScanBudgetState }>;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Each batch's outcome, as it lands; `ms` is how long the call took. */
  onBatch: (outcome: BatchOutcome, scan: ScanBudgetState | undefined, ms: number, n: number) => void;
  /** A wait for the checks' share begins (epoch ms it ends) or ends (null). */
  onWait: (until: number | null) => void;
  now: () => number;
  batchSize?: number;
}

/**
 * Checks the participants not known yet, one batch at a time, until none is left: deferred ones
 * stay in the queue and the scan waits as long as it was told. Throws on a failed call or a batch
 * answered with participants missing (asking for them again would never end); stops quietly on
 * `signal`. The caller keeps the results (`onBatch`), so what `known` returns shrinks the queue.
 */
export async function runScan(d: ScanDriver, signal: AbortSignal): Promise<void> {
  const size = d.batchSize ?? MAX_PEERS_PER_CHECK;
  for (let n = 1; !signal.aborted; n++) {
    const queue = pendingPeers(d.ids(), d.known());
    if (queue.length === 0) return;
    const batch = queue.slice(0, size);
    const t0 = d.now();
    const res = await d.check(batch, signal);
    const out = applyBatch(batch, res.results);
    d.onBatch(out, res.scan, d.now() - t0, n);
    if (out.missing.length > 0)
      throw new Error(`The check gave no answer for ${out.missing.length} of the ${batch.length} participants asked.`);
    if (out.waitS !== null) {
      d.onWait(d.now() + out.waitS * 1000);
      await d.sleep(out.waitS * 1000, signal);
      d.onWait(null);
    }
  }
}

/**
 * Milliseconds the remaining checks will take: the slower of what the budget allows (what is left
 * of the share in this window, then `limit` per window, after any wait it asked for) and the pace
 * seen so far (`msPerPeer`, for checks that cost an upstream call). Null while neither is known.
 */
export function estimateLeftMs(opts: {
  remaining: number;
  budget: Pick<ScanBudgetState, "limit" | "windowMs" | "used" | "retryAfterS"> | null;
  msPerPeer?: number | null;
}): number | null {
  const { remaining, budget, msPerPeer } = opts;
  if (remaining <= 0) return 0;
  let budgetMs: number | null = null;
  if (budget && budget.limit > 0) {
    const waitMs = (budget.retryAfterS ?? 0) * 1000;
    // After a wait the window has turned: a whole share is free again.
    const free = budget.retryAfterS ? budget.limit : Math.max(0, budget.limit - budget.used);
    budgetMs = waitMs + (Math.max(0, remaining - free) / budget.limit) * budget.windowMs;
  }
  const paceMs = msPerPeer && msPerPeer > 0 ? remaining * msPerPeer : null;
  if (budgetMs === null && paceMs === null) return null;
  return Math.max(budgetMs ?? 0, paceMs ?? 0);
}

/** "about 7 min left", "less than a minute left". */
export function formatLeft(ms: number): string {
  if (ms < 60_000) return "less than a minute left";
  const min = Math.round(ms / 60_000);
  if (min < 120) return `about ${min} min left`;
  return `about ${Math.round(min / 6) / 10} h left`;
}

/** Worst first among the participants known so far: poor, degraded, then unknown; good ones are left out. */
export function worstSoFar(
  known: Readonly<Record<string, HealthResult>>,
  nameOf: (peerId: string) => string,
  max = 10,
): HealthResult[] {
  const rank = { poor: 0, degraded: 1, unknown: 2, good: 3 } as const;
  return Object.values(known)
    .filter((r) => r.level !== "good")
    .sort((a, b) => rank[a.level] - rank[b.level] || nameOf(a.peerId).localeCompare(nameOf(b.peerId)))
    .slice(0, max);
}
