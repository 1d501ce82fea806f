"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { ConcurrencyChart } from "@/components/charts/chart-line-concurrency";
import { ParticipantTimeline } from "@/components/charts/chart-timeline-participants";
import { HealthBadge } from "@/components/sessions/health-badge";
import { PagingBar } from "@/components/ui/paging-bar";
import { QueryNotice } from "@/components/ui/query-notice";
import { Time } from "@/components/ui/time";
import { formatDuration, formatNumber } from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import { concurrency } from "@/lib/sessions/lanes";
import { filterRoster, parseRosterView, ROSTER_SORTS, type RosterEntry, type RosterSort } from "@/lib/sessions/roster";
import { peerPath } from "@/lib/routes";
import { useSessionHealth } from "@/lib/swr/use-session-health";
import { updateQuery } from "@/lib/url-state";

const PER_PAGE = 50;
const SORT_LABELS: Record<RosterSort, string> = {
  joined: "Joined first",
  "-joined": "Joined last",
  name: "Name",
  "-duration": "Longest in call",
  duration: "Shortest in call",
  "-reconnects": "Most reconnects",
};

export function SessionClient({
  appId,
  sessionId,
  live,
  roster,
  range,
  renderedAt,
  autoHealth,
}: {
  appId: string;
  sessionId: string;
  live: boolean;
  roster: RosterEntry[];
  range: { start: number; end: number };
  renderedAt: number;
  autoHealth: boolean;
}) {
  const params = useSearchParams();
  // Search and sort first (the number of pages depends on them), then the page within them.
  const { search, sort } = parseRosterView(params, Infinity);
  const [query, setQuery] = useState(search);

  const filtered = useMemo(() => filterRoster(roster, search, sort), [roster, search, sort]);
  const pages = Math.max(1, Math.ceil(filtered.length / PER_PAGE));
  const { page, issues } = parseRosterView(params, pages);
  const visible = filtered.slice((page - 1) * PER_PAGE, page * PER_PAGE);

  // A live session's open lanes run up to the browser's now, not the render's.
  const nowTick = useNow(5_000);
  const now = live ? (nowTick ?? renderedAt) : null;
  const lanes = visible.map((e) => ({
    peerId: e.peerId,
    label: laneLabel(e),
    open: e.open,
    intervals: e.intervals.map(
      ([s, end], i) =>
        [s, e.open && i === e.intervals.length - 1 && now ? Math.max(end, now) : end] as [number, number],
    ),
  }));
  const timelineRange = { start: range.start, end: live && now ? Math.max(range.end, now) : range.end };
  const showConcurrency = roster.length > PER_PAGE;
  const concurrencyPoints = useMemo(
    () =>
      showConcurrency
        ? concurrency(
            roster.map((r) => ({
              peerId: r.peerId,
              name: "",
              open: r.open,
              gaps: [],
              intervals: r.intervals.map(([start, end]) => ({ start, end })),
            })),
          )
        : [],
    [roster, showConcurrency],
  );

  const allPeerIds = useMemo(() => roster.map((r) => r.peerId), [roster]);
  const { health, error: healthError, pending, check } = useSessionHealth(appId, sessionId, allPeerIds, autoHealth);

  const checked = Object.values(health);
  const counts = { good: 0, degraded: 0, poor: 0, unknown: 0 };
  for (const h of checked) counts[h.level]++;
  const uncheckedOnPage = visible.filter((v) => !health[v.peerId]).map((v) => v.peerId);

  return (
    <div className="stack">
      <QueryNotice
        issues={issues}
        title="Some settings in the link were not understood and were reset"
        testId="view-notice"
      />
      <section className="card stack" aria-labelledby="timeline-h">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 id="timeline-h" style={{ margin: 0 }}>
            Who was in the call, when
          </h2>
          <span className="muted">
            {roster.length > PER_PAGE
              ? `Lanes for the participants on this page of the table ` +
                `(${visible.length} of ${formatNumber(filtered.length)}); click one to open it.`
              : "Click a lane to open that participant."}
          </span>
        </div>
        {showConcurrency ? <ConcurrencyChart points={concurrencyPoints} range={timelineRange} /> : null}
        {lanes.length ? (
          <ParticipantTimeline appId={appId} lanes={lanes} range={timelineRange} now={now} />
        ) : (
          <p className="muted">No participants to draw.</p>
        )}
      </section>

      <section className="card stack" aria-labelledby="health-h">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 id="health-h" style={{ margin: 0 }}>
            Who had a bad call?
          </h2>
          <button
            type="button"
            className="btn"
            onClick={() => void check(uncheckedOnPage)}
            disabled={pending || uncheckedOnPage.length === 0}
          >
            {pending
              ? "Checking…"
              : uncheckedOnPage.length
                ? `Check call quality of ${uncheckedOnPage.length} on this page`
                : "All on this page checked"}
          </button>
        </div>
        <p className="muted" style={{ margin: 0 }} data-testid="health-summary">
          {checked.length === 0
            ? "Call quality comes from each participant's report (one upstream request each), " +
              `so it is checked on request${autoHealth ? "" : " for large sessions"}.`
            : `${formatNumber(checked.length)} of ${formatNumber(roster.length)} checked: ` +
              `${counts.poor} poor, ${counts.degraded} degraded, ${counts.good} good` +
              `${counts.unknown ? `, ${counts.unknown} unknown` : ""}.`}
        </p>
        {healthError ? (
          <div className="notice notice-error" role="status">
            <strong>Could not finish the check</strong>
            {healthError}
          </div>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="people-h">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 id="people-h" style={{ margin: 0 }}>
            Participants ({formatNumber(roster.length)})
          </h2>
          <form
            className="row"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              updateQuery({ search: query.trim(), page: null });
            }}
          >
            <input
              type="search"
              aria-label="Search participants"
              placeholder="Name, custom id or peer id"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button className="btn" type="submit">
              Search
            </button>
            <select
              aria-label="Sort participants"
              value={sort}
              onChange={(e) => updateQuery({ sort: e.target.value === "joined" ? null : e.target.value, page: null })}
            >
              {ROSTER_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </form>
        </div>
        {visible.length === 0 ? (
          <div className="notice notice-info" role="status">
            <strong>{roster.length === 0 ? "Nobody joined this session" : "No participant matches"}</strong>
            {roster.length === 0
              ? "RealtimeKit lists no participants for it."
              : "Try part of a name, a custom participant id or a peer id."}
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data stack-on-phone" data-testid="participants-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Custom participant id</th>
                  <th>Preset</th>
                  <th>Joined</th>
                  <th>Left</th>
                  <th className="num">Time in call</th>
                  <th className="num">Reconnects</th>
                  <th>Call quality</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((p) => (
                  <tr key={p.peerId} data-peer-id={p.peerId}>
                    <td>
                      <Link href={peerPath(appId, p.peerId)}>{p.name || "(no name)"}</Link>
                    </td>
                    <td data-label="Custom id">
                      {p.customParticipantId ? <code>{p.customParticipantId}</code> : <span className="muted">—</span>}
                    </td>
                    <td data-label="Preset">{p.preset ?? <span className="muted">—</span>}</td>
                    <td data-label="Joined">
                      <Time iso={p.joinedAt} withDate={false} />
                    </td>
                    <td data-label="Left">
                      {p.open ? (
                        <span className="badge badge-live">in call</span>
                      ) : p.leftAt ? (
                        <Time iso={p.leftAt} withDate={false} />
                      ) : (
                        <span className="muted">not reported</span>
                      )}
                    </td>
                    <td data-label="Time in call" className="num">
                      {formatDuration(p.durationS)}
                    </td>
                    <td data-label="Reconnects" className="num">
                      {p.reconnects === null ? "—" : p.reconnects}
                    </td>
                    <td data-label="Call quality" className="phone-first">
                      <HealthBadge result={health[p.peerId]} pending={pending && !health[p.peerId]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PagingBar
          page={{
            items: visible,
            page,
            perPage: PER_PAGE,
            total: filtered.length,
            startOffset: visible.length ? (page - 1) * PER_PAGE + 1 : null,
            endOffset: visible.length ? (page - 1) * PER_PAGE + visible.length : null,
            hasMore: page < pages,
          }}
          onPage={(p) => updateQuery({ page: p === 1 ? null : String(p) })}
          noun="participants"
        />
      </section>
    </div>
  );
}

function laneLabel(e: RosterEntry): string {
  const name = e.name || e.customParticipantId || "(no name)";
  // Names repeat (two "Alex"); the id prefix keeps lanes apart.
  return `${name.length > 22 ? `${name.slice(0, 21)}…` : name} · ${e.peerId.slice(0, 4)}`;
}
