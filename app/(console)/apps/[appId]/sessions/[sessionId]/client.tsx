"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { ConcurrencyChart } from "@/components/charts/chart-line-concurrency";
import { ParticipantTimeline } from "@/components/charts/chart-timeline-participants";
import { HealthBadge } from "@/components/sessions/health-badge";
import { QualityHeatmap } from "@/components/sessions/quality-heatmap";
import { CopyButton } from "@/components/ui/copy-button";
import { PagingBar } from "@/components/ui/paging-bar";
import { QueryNotice } from "@/components/ui/query-notice";
import { Time } from "@/components/ui/time";
import { formatDuration, formatNumber } from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import { concurrency } from "@/lib/sessions/lanes";
import {
  filterRoster,
  LANES_COLLAPSE_ABOVE,
  parseRosterView,
  relevantLanes,
  ROSTER_SORTS,
  rosterPresets,
  type QualityLevel,
  type RosterEntry,
  type RosterSort,
} from "@/lib/sessions/roster";
import { estimateLeftMs, formatLeft, worstSoFar } from "@/lib/sessions/scan-queue";
import { peerPath, sessionExportApi } from "@/lib/routes";
import { useSessionScan, type SessionScan } from "@/lib/swr/use-session-scan";
import { updateQuery } from "@/lib/url-state";
import type { HealthResult } from "@/lib/validations/health";
import type { ScanBudgetState } from "@/lib/validations/session-quality";

const PER_PAGE = 50;
const SORT_LABELS: Record<RosterSort, string> = {
  joined: "Joined first",
  "-joined": "Joined last",
  name: "Name",
  "-duration": "Longest in call",
  duration: "Shortest in call",
  "-reconnects": "Most reconnects",
  quality: "Worst call quality first",
};

// The quality filter's choices; a pasted link with another combination gets an option of its own.
const QUALITY_CHOICES: { value: string; label: string }[] = [
  { value: "", label: "Any call quality" },
  { value: "poor,degraded", label: "Poor or degraded" },
  { value: "poor", label: "Poor" },
  { value: "degraded", label: "Degraded" },
  { value: "unknown", label: "Unknown (no samples)" },
  { value: "unchecked", label: "Not checked yet" },
  { value: "good", label: "Good" },
];

export function SessionClient({
  appId,
  sessionId,
  live,
  roster,
  range,
  renderedAt,
  autoHealth,
  scanShare = null,
}: {
  appId: string;
  sessionId: string;
  live: boolean;
  roster: RosterEntry[];
  range: { start: number; end: number };
  renderedAt: number;
  autoHealth: boolean;
  scanShare?: ScanBudgetState | null;
}) {
  const params = useSearchParams();
  const presets = useMemo(() => rosterPresets(roster), [roster]);
  // Search, filters and sort first (the number of pages depends on them), then the page within them.
  const { search, sort, quality, preset, lanes: allLanes } = parseRosterView(params, Infinity, { presets });
  const [query, setQuery] = useState(search);

  const allPeerIds = useMemo(() => roster.map((r) => r.peerId), [roster]);
  const scan = useSessionScan(appId, sessionId, allPeerIds, autoHealth);
  const health = scan.known;
  const names = useMemo(() => {
    const out: Record<string, string> = {};
    for (const r of roster) {
      const name = r.name || r.customParticipantId;
      if (name) out[r.peerId] = name;
    }
    return out;
  }, [roster]);

  const qualityKey = quality.join(",");
  const filtered = useMemo(
    () =>
      filterRoster(
        roster,
        { search, sort, quality: qualityKey ? (qualityKey.split(",") as QualityLevel[]) : [], preset },
        health,
      ),
    [roster, search, sort, qualityKey, preset, health],
  );
  const pages = Math.max(1, Math.ceil(filtered.length / PER_PAGE));
  const { page, issues } = parseRosterView(params, pages, { presets });
  const visible = filtered.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  // Big sessions draw their most relevant lanes until asked for all those of the table's page.
  const collapsible = roster.length > LANES_COLLAPSE_ABOVE;
  const collapsed = collapsible && !allLanes;
  const drawn = useMemo(
    () => (collapsed ? relevantLanes(filtered, health) : visible),
    [collapsed, filtered, health, visible],
  );

  // A live session's open lanes run up to the browser's now, not the render's.
  const nowTick = useNow(5_000);
  const now = live ? (nowTick ?? renderedAt) : null;
  const lanes = drawn.map((e) => ({
    peerId: e.peerId,
    label: laneLabel(e),
    open: e.open,
    intervals: e.intervals.map(
      ([s, end], i) =>
        [s, e.open && i === e.intervals.length - 1 && now ? Math.max(end, now) : end] as [number, number],
    ),
  }));
  const timelineRange = { start: range.start, end: live && now ? Math.max(range.end, now) : range.end };
  const showConcurrency = collapsible;
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

  const pending = scan.status === "running" || scan.status === "waiting";
  const qualityChoices = QUALITY_CHOICES.some((c) => c.value === qualityKey)
    ? QUALITY_CHOICES
    : [...QUALITY_CHOICES, { value: qualityKey, label: qualityKey.replaceAll(",", " or ") }];

  return (
    <div className="stack">
      <QueryNotice
        issues={issues}
        title="Some settings in the link were not understood and were reset"
        testId="view-notice"
      />
      <Triage
        appId={appId}
        sessionId={sessionId}
        total={roster.length}
        scan={scan}
        auto={autoHealth}
        scanShare={scanShare}
        names={names}
      />

      <section className="card stack" aria-labelledby="timeline-h">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 id="timeline-h" style={{ margin: 0 }}>
            Who was in the call, when
          </h2>
          <span className="muted" data-testid="lanes-note">
            {collapsed
              ? `The ${drawn.length} most relevant of ${formatNumber(filtered.length)}: bad calls first, then the ` +
                "stage, then the most reconnects; click one to open it."
              : collapsible
                ? `Lanes for the participants on this page of the table ` +
                  `(${visible.length} of ${formatNumber(filtered.length)}); click one to open it.`
                : "Click a lane to open that participant."}
          </span>
          {collapsible ? (
            <button
              type="button"
              className="btn btn-small"
              aria-pressed={!collapsed}
              onClick={() => updateQuery({ lanes: collapsed ? "all" : null }, "replace")}
            >
              {collapsed ? `Show all ${visible.length} lanes on this page` : "Show the most relevant lanes only"}
            </button>
          ) : null}
        </div>
        {showConcurrency ? <ConcurrencyChart points={concurrencyPoints} range={timelineRange} /> : null}
        {lanes.length ? (
          <ParticipantTimeline appId={appId} lanes={lanes} range={timelineRange} now={now} />
        ) : (
          <p className="muted">No participants to draw.</p>
        )}
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
            <select
              aria-label="Filter by call quality"
              value={qualityKey}
              onChange={(e) => updateQuery({ quality: e.target.value || null, page: null })}
            >
              {qualityChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
            {presets.length > 1 || preset ? (
              <select
                aria-label="Filter by role"
                value={preset}
                onChange={(e) => updateQuery({ preset: e.target.value || null, page: null })}
              >
                <option value="">Any role</option>
                {presets.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            ) : null}
          </form>
        </div>
        {visible.length === 0 ? (
          <div className="notice notice-info" role="status">
            <strong>{roster.length === 0 ? "Nobody joined this session" : "No participant matches"}</strong>
            {roster.length === 0
              ? "RealtimeKit lists no participants for it."
              : quality.length || preset
                ? "Nobody here matches these filters (yet: call quality fills in as participants are checked)."
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

/**
 * "Who had a bad call?", first on the page: counts, the scan's progress and control, the worst
 * known so far, the heatmap, and the session's exports.
 */
function Triage({
  appId,
  sessionId,
  total,
  scan,
  auto,
  scanShare,
  names,
}: {
  appId: string;
  sessionId: string;
  total: number;
  scan: SessionScan;
  auto: boolean;
  scanShare: ScanBudgetState | null;
  names: Record<string, string>;
}) {
  const checked = Object.values(scan.known);
  const counts = { good: 0, degraded: 0, poor: 0, unknown: 0 };
  for (const h of checked) counts[h.level]++;
  const remaining = Math.max(0, total - checked.length);
  const running = scan.status === "running" || scan.status === "waiting";
  // The page's render says the share's state until the first batch's answer does; a wait it asked
  // for counts only while the scan is waiting it out.
  const budget = scan.budget ?? scanShare;
  const leftMs = estimateLeftMs({
    remaining,
    budget: scan.budget && scan.status !== "waiting" ? { ...scan.budget, retryAfterS: null } : budget,
    msPerPeer: scan.msPerPeer,
  });
  const worst = worstSoFar(scan.known, (id) => names[id] ?? id);
  const shareWords = budget
    ? `${formatNumber(budget.limit)} requests per ${formatDuration(budget.windowMs / 1000)}`
    : "a capped share";

  let action: { label: string; onClick: () => void } | null = null;
  if (running) action = auto ? null : { label: "Pause", onClick: scan.pause };
  else if (scan.status === "failed") action = { label: "Try again", onClick: scan.start };
  else if (scan.status === "paused") action = { label: "Resume", onClick: scan.start };
  else if (scan.status === "done" && scan.failed.length > 0)
    action = {
      label: `Check again the ${formatNumber(scan.failed.length)} that could not be checked`,
      onClick: scan.retryFailed,
    };
  else if (scan.status === "idle" && remaining > 0)
    action = {
      label:
        checked.length === 0
          ? `Check all ${formatNumber(total)} participants`
          : `Check the other ${formatNumber(remaining)} participants`,
      onClick: scan.start,
    };

  return (
    <section className="card stack" aria-labelledby="health-h" data-testid="triage">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="health-h" style={{ margin: 0 }}>
          Who had a bad call?
        </h2>
        {action ? (
          <span className="row" style={{ gap: 8 }}>
            {!running && leftMs !== null && remaining > 0 ? (
              <span className="muted" data-testid="scan-estimate">
                {leftMs < 60_000 ? "under a minute" : formatLeft(leftMs).replace(/ left$/, "")} at the checks&apos;
                share of the upstream budget ({shareWords})
              </span>
            ) : null}
            <button
              type="button"
              className={running ? "btn" : "btn btn-primary"}
              onClick={action.onClick}
              data-testid="scan-button"
            >
              {action.label}
            </button>
          </span>
        ) : null}
      </div>
      <p className="muted" style={{ margin: 0 }} data-testid="health-summary">
        {checked.length === 0
          ? scan.status === "loading"
            ? "Reading what is known already…"
            : "Call quality comes from each participant's report (one upstream request each), " +
              `so it is checked on request${auto ? "" : " for large sessions"}.`
          : `${formatNumber(checked.length)} of ${formatNumber(total)} checked: ` +
            `${counts.poor} poor, ${counts.degraded} degraded, ${counts.good} good` +
            `${counts.unknown ? `, ${counts.unknown} unknown` : ""}.`}
      </p>
      {total > 0 && (running || scan.status !== "loading") && (running || checked.length > 0 || !auto) ? (
        <div className="stack" style={{ gap: 4 }}>
          <progress
            className="scan-progress"
            max={total}
            value={checked.length}
            aria-label="Participants checked"
            data-testid="scan-progress"
          />
          <span className="muted" data-testid="scan-status" aria-live="polite">
            {formatNumber(checked.length)} of {formatNumber(total)} checked
            {remaining > 0 && running && leftMs !== null ? ` · ${formatLeft(leftMs)} as the budget allows` : ""}
            {scan.status === "paused" ? " · paused" : ""}
          </span>
          {scan.status === "waiting" && scan.waitUntil !== null ? (
            <span className="muted" data-testid="scan-wait">
              The checks&apos; share of the upstream budget ({shareWords}) is spent for now: carrying on in{" "}
              <Countdown until={scan.waitUntil} />, so the other pages keep working.
            </span>
          ) : null}
        </div>
      ) : null}
      {scan.error ? (
        <div className="notice notice-error" role="status" data-testid="scan-error">
          <strong>
            {scan.status === "failed" ? "Could not finish the check" : "Could not read the participants checked before"}
          </strong>
          {scan.error}{" "}
          {scan.status === "failed"
            ? "What is shown was checked before it stopped."
            : "Checking still works: anyone checked before answers from the index at no upstream cost."}
        </div>
      ) : null}
      {worst.length > 0 ? (
        <div className="stack" style={{ gap: 4 }}>
          <h3 style={{ margin: 0, fontSize: 15 }}>{remaining > 0 ? "Worst so far" : "Worst first"}</h3>
          <ol className="worst-list" data-testid="worst-so-far">
            {worst.map((r) => (
              <WorstRow key={r.peerId} appId={appId} result={r} name={names[r.peerId]} />
            ))}
          </ol>
        </div>
      ) : null}
      <div className="stack" style={{ gap: 4 }}>
        <h3 style={{ margin: 0, fontSize: 15 }}>Everyone, or one person?</h3>
        {scan.heatmap && scan.heatmap.intervals > 0 ? (
          <QualityHeatmap appId={appId} heatmap={scan.heatmap} names={names} />
        ) : (
          <p className="muted" style={{ margin: 0 }} data-testid="heatmap-empty">
            {scan.status === "loading"
              ? "Reading the heatmap…"
              : "Participants × time, coloured by call quality, once a participant with quality samples is checked."}
          </p>
        )}
      </div>
      <div className="row no-print" style={{ gap: 8 }} data-testid="session-exports">
        <a className="btn btn-small" href={sessionExportApi(appId, sessionId, { format: "csv" })} download>
          Download the session CSV
        </a>
        <CopyButton label="Copy ticket summary" text={() => fetchSummary(appId, sessionId)} className="btn btn-small" />
        <span className="muted">of the participants checked so far</span>
      </div>
    </section>
  );
}

function WorstRow({ appId, result, name }: { appId: string; result: HealthResult; name: string | undefined }) {
  return (
    <li data-peer-id={result.peerId}>
      <Link href={peerPath(appId, result.peerId)}>{name ?? "(no name)"}</Link>{" "}
      <HealthBadge result={result} pending={false} />
    </li>
  );
}

async function fetchSummary(appId: string, sessionId: string): Promise<string> {
  const res = await fetch(sessionExportApi(appId, sessionId, { format: "summary" }));
  if (!res.ok) throw new Error(`The summary could not be made (${res.status})`);
  return res.text();
}

/** Seconds until `until`, ticking while shown (and only while shown). */
function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, []);
  const s = Math.max(0, Math.ceil((until - now) / 1000));
  return <span data-testid="scan-countdown">{s} s</span>;
}
