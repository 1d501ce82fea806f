import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { qualityUrl } from "@/components/peer/quality-url";
import { ChartsIsland, ChartsPreload } from "@/components/peer/charts-island";
import { EventsPanel } from "@/components/peer/events-panel";
import { FindingsPanel } from "@/components/peer/findings-panel";
import { CompletenessLine, DevicePanel, NetworkPanel, PrecallPanel, SummaryCards } from "@/components/peer/panels";
import { PeerActions } from "@/components/peer/peer-actions";
import { callRange, windowFromParams } from "@/components/peer/window";
import { IdChip } from "@/components/ui/copy-button";
import { QueryNotice } from "@/components/ui/query-notice";
import { ForbiddenApp } from "@/components/ui/forbidden-app";
import { Time } from "@/components/ui/time";
import { UpstreamErrorNotice } from "@/components/ui/upstream-error";
import { formatDuration } from "@/lib/format";
import type { Session } from "@/lib/realtimekit/types";
import { findings as runFindings } from "@/lib/report/findings";
import { deviceLine, networkLine, participantLocalTimes, ticketSummary } from "@/lib/report/summary";
import { describeThresholds } from "@/lib/report/thresholds";
import { deploymentThresholds } from "@/lib/server/health";
import { publicOrigin } from "@/lib/http/origin";
import { requestTime } from "@/lib/server/clock";
import { appForPage } from "@/lib/server/pages";
import { realtimeKit } from "@/lib/server/realtimekit/client";
import { UpstreamError } from "@/lib/server/realtimekit/errors";
import { peerIdSchema } from "@/lib/validations/ids";
import { isoTime } from "@/lib/validations/fields";
import { parseQuery } from "@/lib/validations/query";
import { z } from "zod";

export const metadata: Metadata = { title: "Participant" };

type Props = { params: Promise<{ appId: string; peerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const viewFields = { from: isoTime, to: isoTime, tz: z.enum(["utc", "local"]).optional() };

export default async function PeerPage({ params, searchParams }: Props) {
  const [{ appId: rawAppId, peerId: rawPeerId }, query] = await Promise.all([params, searchParams]);
  const found = await appForPage(rawAppId);
  if (!found.allowed) return <ForbiddenApp appId={found.appId} />;
  const appId = found.app.id;
  const app = encodeURIComponent(appId);

  const peerId = peerIdSchema.safeParse(rawPeerId);
  // Before anything streams, so that the status is a real 404 (app/(console)/not-found.tsx explains).
  if (!peerId.success) notFound();
  // Bad from/to in a pasted link fall back to the whole call; the page says so.
  const { value: view, issues } = parseQuery(viewFields, query, { mode: "lenient" });

  let report;
  try {
    report = await realtimeKit().getPeerReport(appId, peerId.data, { includePeerEvents: true });
  } catch (err) {
    if (err instanceof UpstreamError && err.isNotFound) notFound();
    if (err instanceof UpstreamError) return <UpstreamErrorNotice error={err} what="this participant's report" />;
    throw err;
  }
  const p = report.participant;
  let session: Session | null = null;
  if (p.sessionId) {
    session = await realtimeKit()
      .getSession(appId, p.sessionId)
      .catch(() => null);
  }

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

  const thresholds = deploymentThresholds();
  const theirTime = participantLocalTimes(report);
  const list = runFindings(report, thresholds);
  const origin = publicOrigin(await headers(), { host: "localhost", protocol: "http:" });
  const basePath = `/apps/${app}/peers/${peerId.data}`;
  const qs = new URLSearchParams();
  if (shown) for (const [k, v] of given) qs.set(k, v);
  const renderedUrl = `${origin}${basePath}${qs.size ? `?${qs}` : ""}`;
  const sessionPath = p.sessionId ? `/apps/${app}/sessions/${p.sessionId}` : null;
  const summary = ticketSummary({
    report,
    findings: list,
    sessionTitle: session?.title ?? null,
    sessionStatus: session?.status ?? null,
    sessionUrl: sessionPath ? `${origin}${sessionPath}` : "",
    viewUrl: renderedUrl,
    window: timeWindow,
  });

  // Start loading the chart data with the page, not after the chart code arrives.
  preload(qualityUrl(appId, peerId.data), { as: "fetch", crossOrigin: "anonymous" });

  return (
    <div className="stack peer-page">
      <ChartsPreload />
      <header className="card stack" style={{ gap: 8 }}>
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h1 style={{ margin: 0 }}>{p.name || "(no name)"}</h1>
          <PeerActions summary={summary} renderedUrl={renderedUrl} exportBase={`/api/apps/${app}/peers/${peerId.data}/export`} call={call} />
        </div>
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
            <dd>{sessionPath ? <Link href={sessionPath}>{session?.title || p.sessionId}</Link> : "—"}</dd>
          </div>
          <div>
            <dt>Joined</dt>
            <dd>
              <Time iso={p.joinedAt} />
            </dd>
          </div>
          <div>
            <dt>Left</dt>
            <dd>{p.leftAt ? <Time iso={p.leftAt} /> : session?.status === "live" ? "still in the call" : <span className="muted">not reported</span>}</dd>
          </div>
          <div>
            <dt>Time in call</dt>
            <dd>
              {formatDuration(p.durationS)}
              {p.reconnects ? `, ${p.reconnects} reconnect${p.reconnects > 1 ? "s" : ""}` : ""}
            </dd>
          </div>
          <div className="print-only">
            <dt>Device</dt>
            <dd>{deviceLine(report, String)}</dd>
          </div>
          <div className="print-only">
            <dt>Network</dt>
            <dd>{networkLine(report, String)}</dd>
          </div>
          {theirTime ? (
            <div className="print-wide">
              <dt>On the participant&apos;s clock</dt>
              <dd data-testid="participant-local-time">{theirTime}</dd>
            </div>
          ) : null}
        </dl>
        <CompletenessLine c={report.completeness} />
      </header>
      <QueryNotice
        issues={issues}
        title={windowReset ? "The time window in the link was not understood" : "Some of the link was not understood and was ignored"}
        after={windowReset ? (shown ? "Showing the part of the window that was understood." : "Showing the whole call.") : undefined}
        testId="window-notice"
      />
      <FindingsPanel findings={list} basePath={basePath} thresholdsNote={describeThresholds(thresholds)} />
      <section className="stack" id="charts" aria-labelledby="charts-h">
        <h2 id="charts-h" style={{ margin: 0 }}>
          Quality over time
        </h2>
        <ChartsIsland appId={appId} peerId={peerId.data} events={report.events} range={{ start: joined, end: left }} />
      </section>
      <SummaryCards summaries={report.summaries} mosScaleEvident={report.mosScaleEvident} />
      <EventsPanel events={report.events} peerEvents={p.peerEvents} />
      <div className="grid-2 print-hide">
        <PrecallPanel precall={report.precall} tracks={report.tracks} pairs={report.candidatePairs} />
        <NetworkPanel network={report.network} pairs={report.candidatePairs} />
      </div>
      <div className="print-hide">
        <DevicePanel device={report.device} updates={report.deviceUpdates} />
      </div>
    </div>
  );
}
