import { useEffect, useRef, useState } from "react";
import type { Page, Participant } from "@/lib/realtimekit/types";
import { participantsApi, sessionHealthApi } from "@/lib/routes";
import {
  AUTO_CHECK_BUDGET,
  checkCost,
  PARTICIPANTS_PER_CALL,
  planAutoChecks,
  planPageChecks,
  qualityFromResults,
  type AutoChecks,
  type PageChecks,
  type SessionListPage,
} from "@/lib/sessions/list-checks";
import type { SessionQuality, SessionWithQuality } from "@/lib/sessions/quality-summary";
import { MAX_PEERS_PER_CHECK, type HealthResult } from "@/lib/validations/health";
import type { HealthResponse } from "@/lib/validations/session-quality";
import { FetchError, fetcher } from "./fetcher";

/** Participant list pages one session's check reads at most (1,000 people; bigger sessions have their own page). */
const MAX_PARTICIPANT_PAGES = 10;

export type CheckOutcome = (
  | { kind: "done"; quality: SessionQuality | null }
  /** The checks' share of the upstream budget is spent: try again after `retryAfterS` (null: unknown). */
  | { kind: "paused"; retryAfterS: number | null; message: string; quality: SessionQuality | null }
  /** Its real participant count does not fit the budget left: nothing but the list was asked. */
  | { kind: "over-budget" }
  | { kind: "failed"; message: string }
) & {
  /** Calls made to the participants API (each at most one upstream call). */
  listCalls: number;
  /** Distinct participants (peer ids) found; null when the list could not be read. */
  participants: number | null;
  /** Whether `afford` agreed, so the health checks were asked. */
  afforded: boolean;
};

export interface CheckDeps {
  get: <T>(url: string) => Promise<T>;
  /**
   * Called with the session's cost once its participants are known (the list's calls already
   * spent); answering false leaves the session unchecked. Absent: no budget (the button).
   */
  afford?: (cost: number) => boolean;
}

const PAUSED =
  "The share of RealtimeKit requests set aside for checks is spent for now, so the rest are not checked yet";

/**
 * Checks one session's participants through the app's own API: the participant list (100 a page),
 * then their health MAX_PEERS_PER_CHECK at a time. Stops at the first sign the checks' share (or the
 * user's) is spent, keeping what was learned.
 */
export async function checkSession(
  appId: string,
  session: Pick<SessionWithQuality, "id">,
  deps: CheckDeps,
): Promise<CheckOutcome> {
  const peerIds: string[] = [];
  let listCalls = 0;
  try {
    for (let page = 1; page <= MAX_PARTICIPANT_PAGES; page++) {
      const url = participantsApi(appId, session.id, {
        page,
        perPage: PARTICIPANTS_PER_CALL,
        events: false,
        for: "check",
      });
      listCalls++;
      const p = await deps.get<Page<Participant>>(url);
      for (const x of p.items) if (x.peerId) peerIds.push(x.peerId.toLowerCase());
      if (!p.hasMore || p.items.length === 0) break;
    }
  } catch (err) {
    return { ...failure(err, null), listCalls, participants: null, afforded: false };
  }
  const peers = [...new Set(peerIds)];
  const base = { listCalls, participants: peers.length };
  if (deps.afford && !deps.afford(checkCost(peers.length))) return { kind: "over-budget", ...base, afforded: false };
  const results: HealthResult[] = [];
  for (let i = 0; i < peers.length; i += MAX_PEERS_PER_CHECK) {
    let answer: Partial<HealthResponse>;
    try {
      answer = await deps.get<Partial<HealthResponse>>(
        sessionHealthApi(appId, session.id, peers.slice(i, i + MAX_PEERS_PER_CHECK)),
      );
    } catch (err) {
      return { ...failure(err, qualityFromResults(results)), ...base, afforded: true };
    }
    results.push(...(answer.results ?? []));
    const waits = (answer.results ?? []).filter((r) => r.retryAfterS !== undefined).map((r) => r.retryAfterS ?? 0);
    if (waits.length) {
      const retryAfterS = Math.max(...waits, answer.scan?.retryAfterS ?? 0);
      const quality = qualityFromResults(results);
      return { kind: "paused", retryAfterS, message: PAUSED, quality, ...base, afforded: true };
    }
  }
  return { kind: "done", quality: qualityFromResults(results), ...base, afforded: true };
}

type Failure =
  | { kind: "paused"; retryAfterS: number | null; message: string; quality: SessionQuality | null }
  | { kind: "failed"; message: string };

function failure(err: unknown, quality: SessionQuality | null): Failure {
  // A 429 is this user's share of the upstream budget (or the upstream's own limit): wait, do not skip.
  if (err instanceof FetchError && (err.status === 429 || err.status === 503))
    return { kind: "paused", retryAfterS: null, message: err.message, quality };
  return { kind: "failed", message: err instanceof Error ? err.message : String(err) };
}

export type AutoProgress = Omit<AutoChecks, "state">;

/**
 * The automatic checks of one view, one session after another, never spending more than
 * AUTO_CHECK_BUDGET: each session is counted before it starts (from its peak), and again once its
 * real participant count is known; one that no longer fits costs only its list and waits. The first
 * sign that the checks' share is spent stops the rest.
 */
export async function runAutoChecks(
  picked: readonly { session: SessionWithQuality; cost: number }[],
  start: AutoProgress,
  deps: {
    check: (session: SessionWithQuality, afford: (cost: number) => boolean) => Promise<CheckOutcome>;
    stop: () => boolean;
    progress: (p: AutoProgress) => void;
    landed: (session: SessionWithQuality, outcome: CheckOutcome) => void;
    budget?: number;
  },
): Promise<AutoProgress> {
  const budget = deps.budget ?? AUTO_CHECK_BUDGET;
  const p = { ...start };
  for (const { session, cost } of picked) {
    if (deps.stop() || p.stopped || p.spent + cost > budget) {
      p.waiting++;
      continue;
    }
    const outcome = await deps.check(session, (real) => p.spent + real <= budget);
    p.spent += outcome.afforded ? checkCost(outcome.participants ?? 0) : outcome.listCalls;
    if (outcome.kind === "done") p.checked++;
    else if (outcome.kind === "paused") p.stopped = outcome.message;
    if (outcome.kind === "over-budget" || outcome.kind === "paused") p.waiting++;
    deps.landed(session, outcome);
    deps.progress({ ...p });
  }
  return p;
}

// Sessions this tab has checked automatically and found nothing to keep for (every report missing):
// trying them on every view would spend requests for nothing. Kept for the tab's life.
const TRIED_KEY = "rtk-inspector:auto-checked";
const triedMemory = new Set<string>();
function tried(): Set<string> {
  try {
    for (const id of JSON.parse(sessionStorage.getItem(TRIED_KEY) ?? "[]") as string[]) triedMemory.add(id);
  } catch {
    // no storage (private mode): the in-memory set still serves this page
  }
  return triedMemory;
}
function markTried(key: string) {
  triedMemory.add(key);
  try {
    sessionStorage.setItem(TRIED_KEY, JSON.stringify([...triedMemory].slice(-500)));
  } catch {
    // as above
  }
}

// Views (list keys) whose automatic checks have run in this page's life: once per view.
const autoRanFor = new Set<string>();

const IDLE_AUTO: AutoChecks = { state: "idle", planned: 0, checked: 0, spent: 0, waiting: 0, stopped: null };

const IDLE_PAGE: PageChecks = {
  state: "idle",
  current: 0,
  total: 0,
  checked: 0,
  failed: 0,
  partial: 0,
  tooBig: 0,
  message: null,
  retryAfterS: null,
};

/**
 * The sessions list's checks: small ended sessions automatically on each view, within
 * AUTO_CHECK_BUDGET upstream requests; the rest of the page on request ("check this page"). Each
 * session's row is patched from its health results as they land (`patch`): re-reading the list
 * would ask the upstream again once its short cache lifetime has passed. A run stops after its
 * current session when the view (`listKey`) changes.
 */
export function useListChecks(
  appId: string,
  listKey: string,
  page: SessionListPage | undefined,
  patch: (sessionId: string, quality: SessionQuality) => void,
): { auto: AutoChecks; pageChecks: PageChecks; checkPage: () => void; openCount: number; bigCount: number } {
  const [auto, setAuto] = useState<AutoChecks & { key: string }>({ ...IDLE_AUTO, key: listKey });
  const [pageChecks, setPageChecks] = useState<PageChecks & { key: string }>({ ...IDLE_PAGE, key: listKey });
  // Sessions checked on this view (automatically or on request): "check this page" does not redo them.
  const [done, setDone] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: listKey, ids: new Set() });
  const view = useRef({ key: listKey, page, patch, alive: true });
  const autoRun = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    view.current.key = listKey;
    view.current.page = page;
    view.current.patch = patch;
  });
  useEffect(() => {
    const v = view.current;
    v.alive = true;
    return () => {
      v.alive = false;
    };
  }, []);

  const gone = (key: string) => !view.current.alive || view.current.key !== key;
  const land = (key: string, id: string, quality: SessionQuality | null) => {
    if (gone(key)) return;
    setDone((d) => (d.key === key ? { key, ids: new Set([...d.ids, id]) } : { key, ids: new Set([id]) }));
    if (quality) view.current.patch(id, quality);
    else markTried(`${appId}|${id}`);
  };

  const ready = page !== undefined;
  useEffect(() => {
    if (!ready) return;
    // Once per view in this page's life: coming back to a view does not spend its budget again.
    const already = autoRanFor.has(listKey);
    autoRanFor.add(listKey);
    const key = listKey;
    const rows = view.current.page?.items ?? [];
    const mine = `${appId}|`;
    const triedIds = new Set([...tried()].filter((k) => k.startsWith(mine)).map((k) => k.slice(mine.length)));
    const plan = planAutoChecks(rows, { budget: AUTO_CHECK_BUDGET, tried: triedIds });
    const planned = already ? 0 : plan.picked.length;
    const waiting = plan.waiting.length + (already ? plan.picked.length : 0);
    const report = (state: AutoChecks["state"], p: AutoProgress) => {
      if (!gone(key)) setAuto({ key, state, ...p });
    };
    const start: AutoProgress = { planned, checked: 0, spent: 0, waiting, stopped: null };
    if (planned === 0) {
      // Everything small is in the index already (or too big to take automatically): no request.
      queueMicrotask(() => report("done", start));
      return;
    }
    queueMicrotask(() => report("running", start));
    autoRun.current = runAutoChecks(plan.picked, start, {
      check: (session, afford) => checkSession(appId, session, { get: fetcher, afford }),
      stop: () => gone(key),
      progress: (p) => report("running", p),
      landed: (session, outcome) => {
        if (outcome.kind === "done") land(key, session.id, outcome.quality);
        else if (outcome.kind === "paused" && outcome.quality && !gone(key))
          view.current.patch(session.id, outcome.quality);
        // Not tried again on every view; the button still can.
        else if (outcome.kind === "failed") markTried(`${appId}|${session.id}`);
      },
    }).then((p) => report("done", p));
    // `gone` and `land` read refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appId, listKey, ready]);

  const checkPage = () => {
    const key = listKey;
    const { todo, tooBig } = planPageChecks(view.current.page?.items ?? [], done.key === key ? done.ids : new Set());
    setPageChecks({ ...IDLE_PAGE, key, state: "running", total: todo.length, tooBig: tooBig.length });
    const update = (patchState: Partial<PageChecks>) => {
      if (!gone(key)) setPageChecks((p) => ({ ...p, ...patchState }));
    };
    void (async () => {
      // The automatic checks finish first: one check at a time, and none done twice.
      await autoRun.current;
      let checked = 0;
      let failed = 0;
      let partial = 0;
      for (let i = 0; i < todo.length; i++) {
        const session = todo[i] as SessionWithQuality;
        if (gone(key)) return;
        update({ current: i + 1, checked, failed });
        const outcome = await checkSession(appId, session, { get: fetcher });
        if (outcome.kind === "done") {
          checked++;
          if ((outcome.quality?.checked ?? 0) < (outcome.participants ?? 0)) partial++;
          land(key, session.id, outcome.quality);
        } else if (outcome.kind === "paused") {
          if (outcome.quality && !gone(key)) view.current.patch(session.id, outcome.quality);
          update({
            state: "paused",
            checked,
            failed,
            partial,
            message: outcome.message,
            retryAfterS: outcome.retryAfterS,
          });
          return;
        } else {
          failed++;
          land(key, session.id, null);
        }
      }
      update({ state: "done", current: todo.length, checked, failed, partial });
    })();
  };

  const doneIds = done.key === listKey ? done.ids : new Set<string>();
  const open = planPageChecks(page?.items ?? [], doneIds);
  return {
    auto: auto.key === listKey ? auto : IDLE_AUTO,
    pageChecks: pageChecks.key === listKey ? pageChecks : IDLE_PAGE,
    checkPage,
    openCount: open.todo.length,
    bigCount: open.tooBig.length,
  };
}
