import type { Metadata } from "next";
import { Suspense } from "react";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { QueryNotice } from "@/components/ui/query-notice";
import { LoadingBlocks } from "@/components/ui/skeleton";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { sessionsApi } from "@/lib/routes";
import { parseSessionFilters, toUpstreamSessionQuery, type SessionFilters } from "@/lib/validations/sessions";
import { appForPage } from "@/lib/server/pages";
import { withSessionQuality } from "@/lib/server/quality-index";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { walkPoorSessions, type SessionListPage } from "@/lib/sessions/list-checks";
import { SessionsClient } from "./client";

export const metadata: Metadata = { title: "Sessions" };

type Props = {
  params: Promise<{ appId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SessionsPage({ params, searchParams }: Props) {
  const [{ appId: rawAppId }, query] = await Promise.all([params, searchParams]);
  const found = await appForPage(rawAppId);
  if (!found.allowed) return <ForbiddenApp appId={found.appId} />;
  const { app } = found;

  // A bad value in a pasted link falls back to its default, and the page says so.
  const { value: filters, issues } = parseSessionFilters(query, "lenient");

  return (
    <div className="stack">
      <div>
        <h1>Sessions</h1>
        <p className="muted" style={{ margin: 0 }}>
          {app.name ?? app.id}: find the call by time, meeting, or any id.
        </p>
      </div>
      <QueryNotice
        issues={issues}
        title="Some filters in the link were not understood and were reset"
        testId="filter-notice"
      />
      {/* Nothing below decides a 404 (the app's layout did), so the list may stream in; a
          route-level loading.js here would also wrap the session page, which does decide one. */}
      <Suspense fallback={<LoadingBlocks label="Loading sessions" testId="sessions-skeleton" blocks={SKELETON_ROWS} />}>
        <SessionsList appId={app.id} filters={filters} initialKey={sessionsApi(app.id, filters)} />
      </Suspense>
    </div>
  );
}

const SKELETON_ROWS = [{ height: 72 }, ...Array.from({ length: 8 }, () => ({ height: 34 }))];

async function SessionsList({
  appId,
  filters,
  initialKey,
}: {
  appId: string;
  filters: SessionFilters;
  initialKey: string;
}) {
  let initial: SessionListPage | null = null;
  let error: React.ReactNode = null;
  const upstream = toUpstreamSessionQuery(filters);
  try {
    // As the list API answers (app/api/apps/[appId]/sessions/route.ts): the poor-sessions filter walks the list.
    initial =
      filters.quality === "poor"
        ? await walkPoorSessions(
            (page, perPage) => realtimeKit().listSessions(appId, { ...upstream, page, perPage }),
            (page) => withSessionQuality(appId, page),
            filters,
          )
        : await withSessionQuality(appId, await realtimeKit().listSessions(appId, upstream));
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    error = <UpstreamErrorNotice error={err} what="sessions" />;
  }
  return <SessionsClient appId={appId} initial={initial} initialKey={initialKey} serverError={error} />;
}
