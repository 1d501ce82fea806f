import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { IdChip } from "@/components/ui/copy-button";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { Time } from "@/components/ui/time";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { LiveBadge, StatusBadge } from "@/components/sessions/status-badge";
import { formatDuration, formatNumber } from "@/lib/format";
import { requestTime } from "@/lib/server/clock";
import { appForPage } from "@/lib/server/pages";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { toRoster } from "@/lib/sessions/roster";
import { sessionIdSchema } from "@/lib/validations/ids";
import { autoHealthLimit } from "@/lib/server/health";
import { SessionClient } from "./client";

export const metadata: Metadata = { title: "Session" };

type Props = { params: Promise<{ appId: string; sessionId: string }> };

export default async function SessionPage({ params }: Props) {
  const { appId: rawAppId, sessionId: rawSessionId } = await params;
  const sessionId = sessionIdSchema.safeParse(rawSessionId);
  if (!sessionId.success) notFound();
  const found = await appForPage(rawAppId);
  if (!found.allowed) return <ForbiddenApp appId={found.appId} />;
  const appId = found.app.id;

  const client = realtimeKit();
  let session, people, skippedRows;
  try {
    [session, { participants: people, skipped: skippedRows }] = await Promise.all([
      client.getSession(appId, sessionId.data, { includeBreakoutRooms: true }),
      client.listAllParticipants(appId, sessionId.data, { includePeerEvents: true }),
    ]);
  } catch (err) {
    // A real 404 (nothing has streamed yet); app/(console)/not-found.tsx says what was not found.
    if (err instanceof UpstreamError && err.isNotFound) notFound();
    if (err instanceof UpstreamError) return <UpstreamErrorNotice error={err} what="this session" />;
    throw err;
  }

  const now = requestTime();
  const live = session.status === "live";
  const roster = toRoster(people, { sessionEndedAt: session.endedAt, live, now });
  const start = session.startedAt ? Date.parse(session.startedAt) : (roster[0]?.intervals[0]?.[0] ?? now);
  const end = session.endedAt ? Date.parse(session.endedAt) : now;

  return (
    <div className="stack">
      {/* Each refresh re-reads the participant pages (one call per 100): slower for big calls. */}
      <AutoRefresh enabled={live} everyMs={roster.length > 100 ? 60_000 : 10_000} />
      <header className="card stack" style={{ gap: 8 }}>
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h1 style={{ margin: 0 }}>{session.title || "Untitled meeting"}</h1>
          {live ? <LiveBadge count={session.liveParticipants} /> : <StatusBadge status={session.status} />}
        </div>
        <dl className="facts">
          <div>
            <dt>Session id</dt>
            <dd>
              <IdChip id={session.id} />
            </dd>
          </div>
          <div>
            <dt>Meeting id</dt>
            <dd>
              {session.meetingId ? (
                <>
                  <IdChip id={session.meetingId} />{" "}
                  <Link href={`/apps/${encodeURIComponent(appId)}/sessions?${new URLSearchParams({ meeting: session.meetingId })}`}>Other sessions of this meeting</Link>
                </>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <Time iso={session.startedAt} />
            </dd>
          </div>
          <div>
            <dt>Ended</dt>
            <dd>{live ? "still running" : <Time iso={session.endedAt} />}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{live ? `${formatDuration((now - start) / 1000)} so far` : formatDuration(session.durationS)}</dd>
          </div>
          <div>
            <dt>Participants</dt>
            <dd>
              {formatNumber(roster.length)} joined · peak {formatNumber(session.peakParticipants)}
              {live ? ` · ${formatNumber(session.liveParticipants)} now` : ""}
            </dd>
          </div>
          <div>
            <dt>Participant-minutes</dt>
            <dd>{session.participantMinutes === null ? "—" : `${formatNumber(session.participantMinutes, 1)} min`}</dd>
          </div>
          {session.breakoutRooms.length > 0 ? (
            <div>
              <dt>Breakout rooms</dt>
              <dd>
                {session.breakoutRooms.map((b) => (
                  <Link key={b.id} href={`/apps/${encodeURIComponent(appId)}/sessions/${b.id}`} style={{ marginRight: 8 }}>
                    {b.title || b.id}
                  </Link>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      </header>
      {skippedRows > 0 ? (
        <div className="notice notice-warn" role="status" data-testid="skipped-participants">
          <strong>
            {skippedRows === 1 ? "1 participant row" : `${formatNumber(skippedRows)} participant rows`} could not be shown
          </strong>
          RealtimeKit listed {skippedRows === 1 ? "a participant" : "participants"} without a peer id, so {skippedRows === 1 ? "it is" : "they are"} left out of
          the participant counts, the timeline and the table.
        </div>
      ) : null}
      <SessionClient
        appId={appId}
        // The id this page was asked for, validated: the upstream's echo of it may differ.
        sessionId={sessionId.data}
        live={live}
        roster={roster}
        range={{ start, end }}
        renderedAt={now}
        autoHealth={roster.length <= autoHealthLimit()}
      />
    </div>
  );
}
