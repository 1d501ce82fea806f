import useSWR from "swr";
import type { SessionListPage } from "@/lib/sessions/list-checks";
import { sessionsApi } from "@/lib/routes";
import type { SessionFilters } from "@/lib/validations/sessions";
import { fetcher, type FetchError } from "./fetcher";

/** Live sessions change by the second; ended ones never do. */
export const LIVE_REFRESH_MS = 5_000;

/**
 * One page of the sessions list, asked of the API with exactly the page's filters (so a live
 * refresh shows what the page shows). `initial` is the server render's page for `initialKey`.
 */
export function useSessions(
  appId: string,
  filters: SessionFilters,
  initial: { key: string; page: SessionListPage | null },
) {
  const key = sessionsApi(appId, filters);
  return useSWR<SessionListPage, FetchError>(key, fetcher, {
    fallbackData: key === initial.key && initial.page ? initial.page : undefined,
    keepPreviousData: true,
    // SWR pauses the refresh while the tab is hidden.
    refreshInterval: (latest) => (latest?.items.some((s) => s.status === "live") ? LIVE_REFRESH_MS : 0),
    revalidateOnFocus: false,
  });
}
