import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { preload } from "react-dom";
import { chartFindings } from "@/components/peer/chart-findings";
import { ChartsIsland, ChartsPreload } from "@/components/peer/charts-island";
import { EventsPanel } from "@/components/peer/events-panel";
import { FindingsPanel } from "@/components/peer/findings-panel";
import { CompletenessLine, DevicePanel, NetworkPanel, PrecallPanel, SummaryCards } from "@/components/peer/panels";
import { PeerActions } from "@/components/peer/peer-actions";
import { VerdictLine } from "@/components/peer/verdict-line";
import { callRange, windowFromParams } from "@/components/peer/window";
import { IdChip } from "@/components/ui/copy-button";
import { LoadingBlocks, Skeleton } from "@/components/ui/skeleton";
import { QueryNotice } from "@/components/ui/query-notice";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { Time } from "@/components/ui/time";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { formatDuration } from "@/lib/format";
import type { PeerReport, ReportSection, Session } from "@/lib/realtimekit/types";
import { findings as runFindings } from "@/lib/report/findings";
import { deviceLine, networkLine, participantLocalTimes, ticketSummary } from "@/lib/report/summary";
import { describeThresholds, type Thresholds } from "@/lib/report/thresholds";
import { buildVerdict } from "@/lib/report/verdict";
import { buildVerdictLine } from "@/lib/report/verdict-line";
import { deploymentThresholds } from "@/lib/server/health";
import { publicOrigin } from "@/lib/server/public-origin";
import { withBasePath } from "@/lib/base-path";
import { peerPath, peerQualityApi, sessionPath } from "@/lib/routes";
import { requestTime } from "@/lib/server/clock";
import { appForPage } from "@/lib/server/pages";
import { audit } from "@/lib/server/audit";
import { peerReportFor, viewerOf } from "@/lib/server/peer-data";
import { auth } from "@/auth";
import { headReport } from "@/lib/server/peer-head";
import { qualityIndex, sessionEnded } from "@/lib/server/quality-index";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { peerIdSchema, sessionIdSchema } from "@/lib/validations/ids";
import { isoTime } from "@/lib/validations/fields";
import { parseQuery } from "@/lib/validations/query";
import { z } from "zod";

export const metadata: Metadata = { title: "Participant" };

type Props = {
  params: Promise<{ appId: string; peerId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const viewFields = {
  from: isoTime,
  to: isoTime,
  tz: z.enum(["utc", "local"]).optional(),
  // The finding highlighted on the charts (components/peer/finding-toggle.tsx); one that names none is no highlight.
  finding: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,120}$/, { error: "must be a finding's id, such as loss-audio_producer-0" })
    .optional(),
};

// The smallest section (the pre-call test's metadata) carries the participant: enough for the
// header, and proof the peer exists, in a few kilobytes.
const HEAD_SECTIONS: readonly ReportSection[] = ["precall"];

/**
 * The participant. Whether the peer exists is settled before anything streams (a 200 cannot be
 * taken back: app/(console)/not-found.tsx), from a small section of the report; the whole report,
 * megabytes for a long call, is asked for at the same moment and streams in under <Suspense> with
 * a skeleton, so the header shows at once. The small request is one extra upstream call on a cold
 * cache, none when the whole report is cached (it serves any section).
 */
export default async function PeerPage({ params, searchParams }: Props) {
  const [{ appId: rawAppId, peerId: rawPeerId }, query] = await Promise.all([params, searchParams]);
  const found = await appForPage(rawAppId);
  if (!found.allowed) return <ForbiddenApp appId={found.appId} />;
  const appId = found.app.id;

  const peerId = peerIdSchema.safeParse(rawPeerId);
  if (!peerId.success) notFound();
  // Bad from/to in a pasted link fall back to the whole call; the page says so.
  const { value: view, issues } = parseQuery(viewFields, query, { mode: "lenient" });

  const client = realtimeKit();
  // Non-admins get the report masked, before anything here renders or summarises it (docs/privacy.md).
  const viewer = viewerOf(await auth());
  // Started first, so that it is first in line upstream; awaited only inside the Suspense
  // boundaries. The no-op catch keeps a report abandoned by notFound() from being unhandled.
  const whole = peerReportFor(viewer, appId, peerId.data, { includePeerEvents: true });
  whole.catch(() => undefined);
  const small = peerReportFor(viewer, appId, peerId.data, { sections: HEAD_SECTIONS, includePeerEvents: true });
  small.catch(() => undefined);

  let head: PeerReport;
  try {
    head = await headReport(small, whole);
  } catch (err) {
    if (err instanceof UpstreamError && err.isNotFound) notFound();
    if (err instanceof UpstreamError) return <UpstreamErrorNotice error={err} what="this participant's report" />;
    throw err;
  }
  const p = head.participant;
  let session: Session | null = null;
  if (p.sessionId && sessionIdSchema.safeParse(p.sessionId).success) {
    session = await client.getSession(appId, p.sessionId).catch(() => null);
  }

  const requestHeaders = await headers();
  const origin = publicOrigin(requestHeaders, { host: "localhost", protocol: "http:" });
  const basePath = peerPath(appId, peerId.data);
  // The session id comes from the upstream: linked only when it is one (never a path of its own).
  const sessionHref =
    p.sessionId && sessionIdSchema.safeParse(p.sessionId).success ? sessionPath(appId, p.sessionId) : null;
  const thresholds = deploymentThresholds();
  const shown = whole.then(
    async (report) => {
      const what = { kind: "peer-page", appId, sessionId: report.participant.sessionId, peerId: peerId.data } as const;
      void audit({ who: viewer.who, what, headers: requestHeaders, unmasked: viewer.admin });
      const v = reportView({
        report,
        view,
        issues,
        thresholds,
        origin,
        appId,
        peerId: peerId.data,
        session,
        sessionHref,
      });
      // The quality index keeps this participant's verdict, from the findings just computed (docs/quality-index.md).
      const now = requestTime();
      const opts = { live: !sessionEnded(session, now), now, peerId: peerId.data };
      const index = qualityIndex();
      await index.record(appId, buildVerdict(report, v.list, thresholds, opts));
      // What the others in the call had at the same time, from the index alone (no upstream call).
      const sessionId = sessionHref ? p.sessionId : null;
      const others = sessionId ? ((await index.sessionVerdicts(appId, [sessionId]))[0] ?? []) : null;
      const line = buildVerdictLine({
        appId,
        peerId: peerId.data,
        sessionId,
        findings: v.list,
        hasSamples: report.tracks.length > 0,
        sessionVerdicts: others,
        peakParticipants: session?.peakParticipants ?? null,
      });
      return { ...v, line };
    },
    (err: unknown) => {
      // Shown in place of the report; anything else goes to the error page.
      if (err instanceof UpstreamError) return { error: err };
      throw err;
    },
  );
  shown.catch(() => undefined);

  return (
    <div className="stack peer-page">
      <ChartsPreload />
      <header className="card stack" style={{ gap: 8 }}>
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h1 style={{ margin: 0 }}>{p.name || "(no name)"}</h1>
          <Suspense fallback={<Skeleton width={320} height={32} />}>
            <HeaderActions shown={shown} appId={appId} peerId={peerId.data} />
          </Suspense>
        </div>
        <Suspense fallback={<Skeleton width="70%" height={22} />}>
          <Verdict shown={shown} />
        </Suspense>
        <dl className="facts">
          <div>
            <dt>Peer id</dt>
            <dd>
              <IdChip id={p.peerId} />
            </dd>
          </div>
          <div>
            <dt>Custom participant id</dt>
            <dd>{p.customParticipantId ? <code>{p.customParticipantId}</code> : "—"}</dd>
          </div>
          <div>
            <dt>Role (preset)</dt>
            <dd>{p.preset ?? "—"}</dd>
          </div>
          <div>
            <dt>Session</dt>
            <dd>{sessionHref ? <Link href={sessionHref}>{session?.title || p.sessionId}</Link> : "—"}</dd>
          </div>
          <div>
            <dt>Joined</dt>
            <dd>
              <Time iso={p.joinedAt} />
            </dd>
          </div>
          <div>
            <dt>Left</dt>
            <dd>
              {p.leftAt ? (
                <Time iso={p.leftAt} />
              ) : session?.status === "live" ? (
                "still in the call"
              ) : (
                <span className="muted">not reported</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Time in call</dt>
            <dd>
              {formatDuration(p.durationS)}
              {p.reconnects ? `, ${p.reconnects} reconnect${p.reconnects > 1 ? "s" : ""}` : ""}
            </dd>
          </div>
          <Suspense fallback={null}>
            <ReportFacts shown={shown} />
          </Suspense>
        </dl>
        <Suspense fallback={<Skeleton width="60%" />}>
          <Completeness shown={shown} />
        </Suspense>
      </header>
      <Suspense
        fallback={
          <LoadingBlocks
            label="Loading the participant's report"
            testId="report-skeleton"
            blocks={[{ height: 96 }, { width: 200, height: 22 }, { height: 220 }, { height: 220 }, { height: 120 }]}
          />
        }
      >
        <ReportBody
          shown={shown}
          masked={!viewer.admin}
          appId={appId}
          peerId={peerId.data}
          basePath={basePath}
          thresholdsNote={describeThresholds(thresholds)}
          thresholds={thresholds}
        />
      </Suspense>
    </div>
  );
}

type ShownReport =
  (ReturnType<typeof reportView> & { line: ReturnType<typeof buildVerdictLine> }) | { error: UpstreamError };

/** Everything the page derives from the whole report, computed once for all its streamed parts. */
function reportView(input: {
  report: PeerReport;
  view: { from?: string; to?: string };
  issues: { field: string; message: string }[];
  thresholds: Thresholds;
  origin: string;
  appId: string;
  peerId: string;
  session: Session | null;
  sessionHref: string | null;
}) {
  const { report, view, thresholds, origin, session, sessionHref } = input;
  const issues = [...input.issues];
  const p = report.participant;
  const now = requestTime();
  const joined = p.joinedAt ? Date.parse(p.joinedAt) : (report.completeness.firstSampleAt ?? now);
  const left = p.leftAt ? Date.parse(p.leftAt) : (report.completeness.lastSampleAt ?? now);
  // The same window the charts read from the URL: either end may be left out.
  const given = new URLSearchParams();
  if (view.from) given.set("from", view.from);
  if (view.to) given.set("to", view.to);
  const call = callRange({ start: joined, end: left }, report.completeness);
  const shown = windowFromParams(given, call);
  if (given.size > 0 && !shown) {
    if (view.from && view.to) issues.push({ field: "to", message: "must be after from" });
    else if (view.from) issues.push({ field: "from", message: "is after the end of the call" });
    else issues.push({ field: "to", message: "is before the start of the call" });
  }
  const windowReset = issues.some((i) => i.field === "from" || i.field === "to");
  const timeWindow = shown ? { from: shown.start, to: shown.end } : null;

  const list = runFindings(report, thresholds);
  // Absolute links for the ticket carry the sub-path, if any (lib/base-path.ts).
  const viewPath = peerPath(input.appId, input.peerId, shown ? { from: view.from, to: view.to } : {});
  const renderedUrl = `${origin}${withBasePath(viewPath)}`;
  const summary = ticketSummary({
    report,
    findings: list,
    sessionTitle: session?.title ?? null,
    sessionStatus: session?.status ?? null,
    sessionUrl: sessionHref ? `${origin}${withBasePath(sessionHref)}` : "",
    viewUrl: renderedUrl,
    window: timeWindow,
  });
  return {
    report,
    call,
    range: { start: joined, end: left },
    issues,
    windowReset,
    windowShown: !!shown,
    list,
    summary,
    renderedUrl,
    theirTime: participantLocalTimes(report),
  };
}

async function HeaderActions({ shown, appId, peerId }: { shown: Promise<ShownReport>; appId: string; peerId: string }) {
  const v = await shown;
  if ("error" in v) return null;
  return <PeerActions summary={v.summary} renderedUrl={v.renderedUrl} appId={appId} peerId={peerId} call={v.call} />;
}

async function Verdict({ shown }: { shown: Promise<ShownReport> }) {
  const v = await shown;
  return "error" in v ? null : <VerdictLine line={v.line} />;
}

async function ReportFacts({ shown }: { shown: Promise<ShownReport> }) {
  const v = await shown;
  if ("error" in v) return null;
  return (
    <>
      <div className="print-only">
        <dt>Device</dt>
        <dd>{deviceLine(v.report, String)}</dd>
      </div>
      <div className="print-only">
        <dt>Network</dt>
        <dd>{networkLine(v.report, String)}</dd>
      </div>
      {v.theirTime ? (
        <div className="print-wide">
          <dt>On the participant&apos;s clock</dt>
          <dd data-testid="participant-local-time">{v.theirTime}</dd>
        </div>
      ) : null}
    </>
  );
}

async function Completeness({ shown }: { shown: Promise<ShownReport> }) {
  const v = await shown;
  return "error" in v ? null : <CompletenessLine c={v.report.completeness} />;
}

async function ReportBody(props: {
  shown: Promise<ShownReport>;
  appId: string;
  peerId: string;
  basePath: string;
  thresholdsNote: ReturnType<typeof describeThresholds>;
  thresholds: Thresholds;
  masked: boolean;
}) {
  const v = await props.shown;
  if ("error" in v) return <UpstreamErrorNotice error={v.error} what="this participant's report" />;
  const { report } = v;
  // Start loading the chart data with the report, not after the chart code arrives; not before
  // the whole report is cached, or the chart's request would fetch its samples a second time.
  preload(peerQualityApi(props.appId, props.peerId), { as: "fetch", crossOrigin: "anonymous" });
  return (
    <>
      <QueryNotice
        issues={v.issues}
        title={
          v.windowReset
            ? "The time window in the link was not understood"
            : "Some of the link was not understood and was ignored"
        }
        after={
          v.windowReset
            ? v.windowShown
              ? "Showing the part of the window that was understood."
              : "Showing the whole call."
            : undefined
        }
        testId="window-notice"
      />
      <FindingsPanel findings={v.list} basePath={props.basePath} thresholdsNote={props.thresholdsNote} />
      <section className="stack" id="charts" aria-labelledby="charts-h">
        <h2 id="charts-h" style={{ margin: 0 }}>
          Quality over time
        </h2>
        <ChartsIsland
          appId={props.appId}
          peerId={props.peerId}
          events={report.events}
          range={v.range}
          findings={chartFindings(v.list)}
          thresholds={props.thresholds}
        />
      </section>
      <SummaryCards summaries={report.summaries} mosScaleEvident={report.mosScaleEvident} />
      <EventsPanel events={report.events} peerEvents={report.participant.peerEvents} />
      <div className="grid-2 print-hide">
        <PrecallPanel precall={report.precall} tracks={report.tracks} pairs={report.candidatePairs} />
        <NetworkPanel network={report.network} pairs={report.candidatePairs} masked={props.masked} />
      </div>
      <div className="print-hide">
        <DevicePanel device={report.device} updates={report.deviceUpdates} masked={props.masked} />
      </div>
    </>
  );
}
