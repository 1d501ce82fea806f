import { useState } from "react";
import useSWR from "swr";
import useSWRMutation from "swr/mutation";
import { sessionHealthApi } from "@/lib/routes";
import { MAX_PEERS_PER_CHECK, type HealthResult } from "@/lib/validations/health";
import { fetcher, type FetchError } from "./fetcher";

/** Health of the given peers, in batches the API accepts, by peer id. */
export async function fetchHealth(
  appId: string,
  sessionId: string,
  peerIds: readonly string[],
): Promise<Record<string, HealthResult>> {
  const out: Record<string, HealthResult> = {};
  for (let i = 0; i < peerIds.length; i += MAX_PEERS_PER_CHECK) {
    const batch = peerIds.slice(i, i + MAX_PEERS_PER_CHECK);
    const { results } = await fetcher<{ results: HealthResult[] }>(sessionHealthApi(appId, sessionId, batch));
    for (const r of results) out[r.peerId] = r;
  }
  return out;
}

export interface SessionHealth {
  /** Results so far, automatic and on request, by peer id. */
  health: Record<string, HealthResult>;
  /** Why the last check could not finish (an on-request check's failure first). */
  error: string | null;
  /** A check is running. */
  pending: boolean;
  /** Checks these peers on request; their results join the others. */
  check: (peerIds: string[]) => Promise<void>;
}

/**
 * "Who had a bad call?": small sessions (`auto`) are checked without asking (a handful of upstream
 * calls, cached after); larger ones a page at a time, on request.
 */
export function useSessionHealth(
  appId: string,
  sessionId: string,
  peerIds: readonly string[],
  auto: boolean,
): SessionHealth {
  const base = sessionHealthApi(appId, sessionId);
  const all = useSWR<Record<string, HealthResult>, FetchError>(
    auto && peerIds.length > 0 ? [base, "all"] : null,
    () => fetchHealth(appId, sessionId, peerIds),
    {
      revalidateOnFocus: false,
    },
  );
  // Its own key, no cache write, no revalidation: a check on request never refetches the automatic one.
  const onRequest = useSWRMutation<Record<string, HealthResult>, FetchError, readonly [string, string], string[]>(
    [base, "on-request"] as const,
    (_key, { arg }) => fetchHealth(appId, sessionId, arg),
    { revalidate: false, populateCache: false, throwOnError: false },
  );
  const [requested, setRequested] = useState<Record<string, HealthResult>>({});
  const check = async (ids: string[]) => {
    // A new check starts without the last one's error.
    onRequest.reset();
    const results = await onRequest.trigger(ids);
    if (results) setRequested((h) => ({ ...h, ...results }));
  };
  return {
    health: { ...all.data, ...requested },
    error: onRequest.error?.message ?? all.error?.message ?? null,
    pending: onRequest.isMutating || all.isLoading,
    check,
  };
}
