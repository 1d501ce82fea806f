import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { IdChip } from "@/components/ui/copy-button";
import { LoadingBlocks, Skeleton } from "@/components/ui/skeleton";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { Time } from "@/components/ui/time";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { LiveBadge, StatusBadge } from "@/components/sessions/status-badge";
import { formatDuration, formatNumber } from "@/lib/format";
import { sessionPath, sessionsPath } from "@/lib/routes";
import { requestTime } from "@/lib/server/clock";
import { appForPage } from "@/lib/server/pages";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { timelineEnd, toRoster } from "@/lib/sessions/roster";
import type { Session } from "@/lib/realtimekit/types";
import { sessionIdSchema } from "@/lib/validations/ids";
import { autoHealthLimit } from "@/lib/server/health";
import { scanShare } from "@/lib/server/scan-share";
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
  // The participants (one upstream page per 100: many for a webinar) stream in under <Suspense>;
  // the session alone settles 404 or not, before anything is sent. The no-op catch keeps a list
  // abandoned by notFound() from being an unhandled rejection.
  const people = client.listAllParticipants(appId, sessionId.data, { includePeerEvents: true });
  people.catch(() => undefined);
  let session: Session;
  try {
    session = await client.getSession(appId, sessionId.data, { includeBreakoutRooms: true });
  } catch (err) {
    // A real 404 (nothing has streamed yet); app/(console)/not-found.tsx says what was not found.
    if (err instanceof UpstreamError && err.isNotFound) notFound();
    if (err instanceof UpstreamError) return <UpstreamErrorNotice error={err} what="this session" />;
    throw err;
  }

  const now = requestTime();
  const live = session.status === "live";
  const endedAt = session.endedAt;
  const crowd = people.then(
    ({ participants, skipped }) => {
      const roster = toRoster(participants, { sessionEndedAt: endedAt, live, now });
      // Without a start time from RealtimeKit, the first join stands in for it.
      const start = session.startedAt ? Date.parse(session.startedAt) : (roster[0]?.intervals[0]?.[0] ?? now);
      const end = timelineEnd({ endedAt, live, now, start, durationS: session.durationS, roster });
      return { roster, skipped, start, end };
    },
    (err: unknown) => {
      if (err instanceof UpstreamError) return { error: err };
      throw err;
    },
  );
  crowd.catch(() => undefined);
  const knownStart = session.startedAt ? Date.parse(session.startedAt) : null;

  return (
    <div className="stack">
      <Suspense fallback={null}>
        <Refresh crowd={crowd} live={live} />
      </Suspense>
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
                  <Link href={sessionsPath(appId, { meeting: session.meetingId })}>Other sessions of this meeting</Link>
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
            <dd>
              {!live ? (
                formatDuration(session.durationS)
              ) : knownStart !== null ? (
                `${formatDuration((now - knownStart) / 1000)} so far`
              ) : (
                <Suspense fallback={<Skeleton width={80} />}>
                  <SoFar crowd={crowd} now={now} />
                </Suspense>
              )}
            </dd>
          </div>
          <div>
            <dt>Participants</dt>
            <dd>
              <Suspense fallback={<Skeleton width={60} style={{ display: "inline-block", verticalAlign: "middle" }} />}>
                <Joined crowd={crowd} />
              </Suspense>{" "}
              · peak {formatNumber(session.peakParticipants)}
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
                  <Link key={b.id} href={sessionPath(appId, b.id)} style={{ marginRight: 8 }}>
                    {b.title || b.id}
                  </Link>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      </header>
      <Suspense
        fallback={
          <LoadingBlocks
            label="Loading the participants"
            testId="participants-skeleton"
            blocks={[{ height: 160 }, { height: 320 }]}
          />
        }
      >
        <Participants crowd={crowd} appId={appId} sessionId={sessionId.data} live={live} now={now} />
      </Suspense>
    </div>
  );
}

type Crowd = Promise<
  { roster: ReturnType<typeof toRoster>; skipped: number; start: number; end: number } | { error: UpstreamError }
>;

async function Joined({ crowd }: { crowd: Crowd }) {
  const v = await crowd;
  return "error" in v ? "—" : `${formatNumber(v.roster.length)} joined`;
}

async function SoFar({ crowd, now }: { crowd: Crowd; now: number }) {
  const v = await crowd;
  return "error" in v ? "—" : `${formatDuration((now - v.start) / 1000)} so far`;
}

async function Refresh({ crowd, live }: { crowd: Crowd; live: boolean }) {
  const v = await crowd;
  // Each refresh re-reads the participant pages (one call per 100): slower for big calls.
  const big = !("error" in v) && v.roster.length > 100;
  return <AutoRefresh enabled={live} everyMs={big ? 60_000 : 10_000} />;
}

async function Participants({
  crowd,
  appId,
  sessionId,
  live,
  now,
}: {
  crowd: Crowd;
  appId: string;
  sessionId: string;
  live: boolean;
  now: number;
}) {
  const v = await crowd;
  if ("error" in v) return <UpstreamErrorNotice error={v.error} what="this session's participants" />;
  const { roster, skipped } = v;
  return (
    <>
      {skipped > 0 ? (
        <div className="notice notice-warn" role="status" data-testid="skipped-participants">
          <strong>
            {skipped === 1 ? "1 participant row" : `${formatNumber(skipped)} participant rows`} could not be shown
          </strong>
          RealtimeKit listed {skipped === 1 ? "a participant" : "participants"} without a peer id, so{" "}
          {skipped === 1 ? "it is" : "they are"} left out of the participant counts, the timeline and the table.
        </div>
      ) : null}
      <SessionClient
        appId={appId}
        // The id this page was asked for, validated: the upstream's echo of it may differ.
        sessionId={sessionId}
        live={live}
        roster={roster}
        range={{ start: v.start, end: v.end }}
        renderedAt={now}
        autoHealth={roster.length <= autoHealthLimit()}
        // For the time a scan will take, before its first batch says it again.
        scanShare={await scanShare().state()}
      />
    </>
  );
}
