"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { IdChip } from "@/components/ui/copy-button";
import { Time } from "@/components/ui/time";
import { QualityCell } from "@/components/sessions/quality-cell";
import { LiveBadge, StatusBadge } from "@/components/sessions/status-badge";
import { PagingBar } from "@/components/ui/paging-bar";
import {
  formatDuration,
  formatLocalMinute,
  formatNumber,
  formatUtc,
  formatUtcInput,
  parseUtcInput,
} from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import type { Session } from "@/lib/realtimekit/types";
import {
  describeAutoChecks,
  describePageChecks,
  PAGE_CHECK_MAX_PARTICIPANTS,
  patchQuality,
  QUALITY_WALK_MAX_PAGES,
  QUALITY_WALK_PER_PAGE,
  type AutoChecks,
  type PageChecks,
  type QualityWalk,
  type SessionListPage,
} from "@/lib/sessions/list-checks";
import type { SessionQuality, SessionWithQuality } from "@/lib/sessions/quality-summary";
import { sessionPath, sessionsApi } from "@/lib/routes";
import { useListChecks } from "@/lib/swr/use-list-checks";
import { useSessions } from "@/lib/swr/use-sessions";
import { setQueryString } from "@/lib/url-state";
import { describeIssues } from "@/lib/validations/query";
import {
  parseSessionFilters,
  serializeSessionFilters,
  SESSION_SORTS,
  type SessionFilters,
} from "@/lib/validations/sessions";

const QUICK_RANGES = [
  { label: "Last hour", ms: 3_600_000 },
  { label: "24 h", ms: 86_400_000 },
  { label: "7 days", ms: 7 * 86_400_000 },
  { label: "30 days", ms: 30 * 86_400_000 },
] as const;
/**
 * The URL holds only `from` (the contract), so a quick pick is recognised by its length: "from
 * about 24 h ago, no end". A quarter of the range keeps it marked while the page stays open or the
 * link is shared the same day, and the ranges cannot overlap (1 h ± 15 min … 30 days ± 7.5).
 */
const QUICK_TOLERANCE = 0.25;

function activeQuickRange(filters: SessionFilters, now: number | null): string | null {
  if (!filters.from && !filters.to) return "any";
  if (now === null || !filters.from || filters.to) return null;
  const agoMs = now - Date.parse(filters.from);
  return QUICK_RANGES.find((r) => Math.abs(agoMs - r.ms) <= r.ms * QUICK_TOLERANCE)?.label ?? null;
}
const SORT_LABELS: Record<(typeof SESSION_SORTS)[number], string> = {
  "-started": "Newest first",
  started: "Oldest first",
  "-minutes": "Most participant-minutes",
  minutes: "Fewest participant-minutes",
};

export function SessionsClient({
  appId,
  initial,
  initialKey,
  serverError,
}: {
  appId: string;
  initial: SessionListPage | null;
  initialKey: string;
  serverError: React.ReactNode;
}) {
  const searchParams = useSearchParams();
  const filters = parseSessionFilters(searchParams, "lenient").value;
  const { data, error, isValidating, mutate } = useSessions(appId, filters, { key: initialKey, page: initial });
  const listKey = sessionsApi(appId, filters);

  // A checked session's row is patched in place: re-reading the list would cost an upstream call
  // once the list's short cache lifetime (10 s) has passed. The server render seeds SWR without
  // filling its cache, hence the last data seen as the base.
  const seen = useRef(data);
  useEffect(() => {
    if (data) seen.current = data;
  }, [data]);
  const patch = useCallback(
    (sessionId: string, quality: SessionQuality) => {
      void mutate(
        (cur) => {
          const base = cur ?? seen.current;
          return base ? patchQuality(base, sessionId, quality) : base;
        },
        { revalidate: false },
      );
    },
    [mutate],
  );
  const checks = useListChecks(appId, listKey, data, patch);

  // Filters live in the URL (shareable); history.pushState updates it without a server round trip.
  const setFilters = (patch: Partial<SessionFilters>) => {
    const next = { ...filters, page: 1, ...patch };
    setQueryString(serializeSessionFilters(next));
  };

  const showServerError = !data && !error && serverError;
  return (
    <div className="stack">
      <FilterBar filters={filters} onChange={setFilters} />
      {error ? (
        <div className="notice notice-error" role="status" data-testid="sessions-error">
          <strong>Could not load sessions</strong>
          {error.message}
          {data ? " Showing the last results loaded." : null}
        </div>
      ) : null}
      {showServerError}
      {data ? (
        <>
          {data.walk ? <WalkNotice walk={data.walk} total={data.total} sort={filters.sort} /> : null}
          {data.items.length > 0 ? <ChecksBar {...checks} /> : null}
          <SessionTable appId={appId} sessions={data.items} busy={isValidating} />
          <PagingBar page={data} onPage={(page) => setFilters({ page })} noun="sessions" />
        </>
      ) : !error && !serverError ? (
        <div className="skeleton" style={{ height: 200 }} aria-busy="true" aria-label="Loading sessions" />
      ) : null}
    </div>
  );
}

function FilterBar({ filters, onChange }: { filters: SessionFilters; onChange: (p: Partial<SessionFilters>) => void }) {
  // Free-text fields apply on submit, not on every keystroke (each change is an upstream call).
  const [search, setSearch] = useState(filters.search ?? "");
  const [meeting, setMeeting] = useState(filters.meeting ?? "");
  const [minP, setMinP] = useState(filters.participants?.min?.toString() ?? "");
  const [maxP, setMaxP] = useState(filters.participants?.max?.toString() ?? "");
  const [from, setFrom] = useState(formatUtcInput(filters.from));
  const [to, setTo] = useState(formatUtcInput(filters.to));
  const now = useNow();
  const active = activeQuickRange(filters, now);
  const current = serializeSessionFilters(filters);
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    // The URL changed under us (back button, quick pick): show what is applied.
    setShown(current);
    setSearch(filters.search ?? "");
    setMeeting(filters.meeting ?? "");
    setMinP(filters.participants?.min?.toString() ?? "");
    setMaxP(filters.participants?.max?.toString() ?? "");
    setFrom(formatUtcInput(filters.from));
    setTo(formatUtcInput(filters.to));
  }

  const [problems, setProblems] = useState<string | null>(null);
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    // Check what was typed with the same rules the URL is read by, and say what is wrong
    // instead of silently dropping it.
    const candidate = new URLSearchParams();
    if (search.trim()) candidate.set("search", search.trim());
    if (meeting.trim()) candidate.set("meeting", meeting.trim());
    if (minP || maxP) candidate.set("participants", `${minP}:${maxP}`);
    const typed: string[] = [];
    for (const [field, text, applied] of [
      ["from", from, filters.from],
      ["to", to, filters.to],
    ] as const) {
      // An untouched field keeps the exact instant from the URL (the field shows whole seconds).
      const iso = applied && text === formatUtcInput(applied) ? applied : parseUtcInput(text);
      if (iso === null) typed.push(`${field}: must be a UTC time written YYYY-MM-DD HH:MM, such as 2026-11-29 13:54`);
      else if (iso) candidate.set(field, iso);
    }
    const { value, issues } = parseSessionFilters(candidate, "strict");
    if (issues.length || typed.length) {
      setProblems([...typed, ...(issues.length ? [describeIssues(issues)] : [])].join("; "));
      return;
    }
    setProblems(null);
    onChange({
      search: value.search,
      meeting: value.meeting,
      participants: value.participants,
      from: value.from,
      to: value.to,
    });
  };

  return (
    <form className="card stack" style={{ gap: 10, padding: 12 }} onSubmit={apply} aria-label="Session filters">
      <div className="row">
        <span className="muted">Started:</span>
        {QUICK_RANGES.map((r) => (
          <button
            key={r.label}
            type="button"
            className="btn btn-small"
            aria-pressed={active === r.label}
            // Whole minutes: the from field then reads "2026-11-29 13:54", not a second-exact instant.
            onClick={() =>
              onChange({
                from: new Date(Math.floor((Date.now() - r.ms) / 60_000) * 60_000).toISOString(),
                to: undefined,
              })
            }
          >
            {r.label}
          </button>
        ))}
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={active === "any"}
          onClick={() => onChange({ from: undefined, to: undefined })}
        >
          Any time
        </button>
        <UtcField label="from" value={from} onChange={setFrom} showLocal={now !== null} />
        <UtcField label="to" value={to} onChange={setTo} showLocal={now !== null} />
      </div>
      <div className="row">
        <input
          type="search"
          aria-label="Search title, meeting id or session id"
          placeholder="Title, meeting id or session id"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ flex: "1 1 220px" }}
          maxLength={125}
        />
        <input
          type="text"
          aria-label="Meeting id"
          placeholder="Meeting id"
          value={meeting}
          onChange={(e) => setMeeting(e.target.value)}
          style={{ flex: "0 1 300px" }}
        />
        <label className="row" style={{ gap: 4 }}>
          <span className="muted">Participants</span>
          <input
            type="text"
            inputMode="numeric"
            aria-label="Minimum participants"
            placeholder="min"
            value={minP}
            onChange={(e) => setMinP(e.target.value.replace(/\D/g, ""))}
            style={{ width: 64 }}
          />
          <span className="muted">–</span>
          <input
            type="text"
            inputMode="numeric"
            aria-label="Maximum participants"
            placeholder="max"
            value={maxP}
            onChange={(e) => setMaxP(e.target.value.replace(/\D/g, ""))}
            style={{ width: 64 }}
          />
        </label>
        <select
          aria-label="Status"
          value={filters.status ?? ""}
          onChange={(e) => onChange({ status: (e.target.value || undefined) as SessionFilters["status"] })}
        >
          <option value="">Live and ended</option>
          <option value="live">Live</option>
          <option value="ended">Ended</option>
        </select>
        <label className="row" style={{ gap: 4 }}>
          <input
            type="checkbox"
            checked={filters.quality === "poor"}
            onChange={(e) => onChange({ quality: e.target.checked ? "poor" : undefined })}
          />
          <span>Only sessions with poor participants (among those checked)</span>
        </label>
        <select
          aria-label="Sort"
          value={filters.sort}
          onChange={(e) => onChange({ sort: e.target.value as SessionFilters["sort"] })}
        >
          {SESSION_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
      </div>
      {problems ? (
        <div className="notice notice-warn" role="status" data-testid="filter-problems">
          Not applied: {problems}.
        </div>
      ) : null}
    </form>
  );
}

/**
 * A typed UTC time, "2026-11-29 13:54", with the reader's local time beside it as everywhere else.
 * Not `datetime-local`: browsers draw that in their locale ("11/29/2026, 01:54 PM") and have no
 * notion of UTC.
 */
function UtcField({
  label,
  value,
  onChange,
  showLocal,
}: {
  label: "from" | "to";
  value: string;
  onChange: (v: string) => void;
  showLocal: boolean;
}) {
  const iso = parseUtcInput(value);
  const ms = iso ? Date.parse(iso) : null;
  const local = showLocal && ms !== null ? formatLocalMinute(ms) : null;
  // A reader on UTC (or GMT in London's winter) gets no copy of the same clock.
  const sameClock = local !== null && ms !== null && local.slice(0, 16) === formatUtc(ms).slice(0, 16);
  const hintId = `${label}-local`;
  return (
    <label className="row" style={{ gap: 4 }}>
      <span className="muted">{label} (UTC)</span>
      <input
        type="text"
        aria-label={label === "from" ? "From (UTC)" : "To (UTC)"}
        aria-describedby={local && !sameClock ? hintId : undefined}
        placeholder="YYYY-MM-DD HH:MM"
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        style={{ width: "21ch", fontVariantNumeric: "tabular-nums" }}
      />
      {local && !sameClock ? (
        <span id={hintId} className="time-local" data-testid={`${label}-local`}>
          ({local})
        </span>
      ) : null}
    </label>
  );
}

/** What the poor-sessions filter searched: it reads at most QUALITY_WALK_MAX_PAGES pages of the list. */
function WalkNotice({ walk, total, sort }: { walk: QualityWalk; total: number | null; sort: SessionFilters["sort"] }) {
  const found = `${formatNumber(total ?? 0)} with poor participants among those checked`;
  const order = sort === "-started" ? "most recent" : "first, in this order,";
  return (
    <div className={`notice ${walk.capped ? "notice-warn" : "notice-info"}`} role="status" data-testid="quality-walk">
      {walk.capped
        ? `Searched the ${formatNumber(walk.searched)} ${order} sessions matching the filters (the most this filter ` +
          `reads: ${formatNumber(QUALITY_WALK_MAX_PAGES * QUALITY_WALK_PER_PAGE)}); older ones were not searched. ` +
          `${found}. Narrow the time range to search further back.`
        : `Searched all ${formatNumber(walk.searched)} sessions matching the filters: ${found}. ` +
          "Sessions nobody has checked cannot show here."}
    </div>
  );
}

/** "Check this page" and what the checks did: automatically, and on request. */
function ChecksBar({
  auto,
  pageChecks,
  checkPage,
  openCount,
  bigCount,
}: {
  auto: AutoChecks;
  pageChecks: PageChecks;
  checkPage: () => void;
  openCount: number;
  bigCount: number;
}) {
  const running = pageChecks.state === "running";
  const paused = pageChecks.state === "paused";
  const auto_ = describeAutoChecks(auto);
  const manual = describePageChecks(pageChecks);
  const idle =
    running || paused || openCount > 0
      ? null
      : bigCount > 0
        ? `Only sessions with more than ${PAGE_CHECK_MAX_PARTICIPANTS} participants are left: ` +
          "check them from their own page."
        : "Every session on this page is checked.";
  return (
    <div
      className="row"
      data-testid="list-checks"
      data-auto={auto.state}
      data-checks={pageChecks.state}
      style={{ gap: 10, alignItems: "center" }}
    >
      <button
        type="button"
        className="btn"
        onClick={checkPage}
        disabled={running || (!paused && openCount === 0)}
        aria-describedby="list-checks-status"
      >
        {paused ? "Continue checking" : "Check this page"}
      </button>
      {running && pageChecks.total > 0 ? (
        <progress
          max={pageChecks.total}
          value={Math.max(0, pageChecks.current - 1)}
          aria-label="Sessions checked"
          style={{ width: 120 }}
        />
      ) : null}
      <span id="list-checks-status" role="status" className="muted" data-testid="list-checks-status">
        {[manual, auto_, manual ? null : idle].filter(Boolean).join(" ")}
      </span>
    </div>
  );
}

function SessionTable({ appId, sessions, busy }: { appId: string; sessions: SessionWithQuality[]; busy: boolean }) {
  const router = useRouter();
  const now = useNow();
  if (sessions.length === 0) {
    return (
      <div className="notice notice-info" role="status" data-testid="sessions-empty">
        <strong>No sessions match these filters</strong>
        Widen the time range, clear the search, or choose &ldquo;Live and ended&rdquo;.
      </div>
    );
  }
  const href = (s: Session) => sessionPath(appId, s.id);
  // Arrow keys move between rows, Enter opens one: the list is usable without a mouse.
  const onKey = (e: React.KeyboardEvent<HTMLTableRowElement>, s: Session) => {
    if (e.key === "Enter" && e.target === e.currentTarget) router.push(href(s));
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const sibling =
        e.key === "ArrowDown" ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
      (sibling as HTMLElement | null)?.focus();
    }
  };
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table className="data stack-on-phone" data-testid="sessions-table">
        <thead>
          <tr>
            <th>Meeting</th>
            <th>Session id</th>
            <th>Status</th>
            <th>Call quality</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th className="num">Peak participants</th>
            <th className="num">Participant-minutes</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr
              key={s.id}
              className="clickable"
              tabIndex={0}
              data-session-id={s.id}
              onKeyDown={(e) => onKey(e, s)}
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest("a,button")) router.push(href(s));
              }}
            >
              <td>
                <Link href={href(s)}>{s.title || "Untitled meeting"}</Link>
              </td>
              <td data-label="Session id">
                <IdChip id={s.id} />
              </td>
              <td data-label="Status" className="phone-first">
                {s.status === "live" ? <LiveBadge count={s.liveParticipants} /> : <StatusBadge status={s.status} />}
              </td>
              <td data-label="Call quality">
                <QualityCell session={s} />
              </td>
              <td data-label="Started">
                <Time iso={s.startedAt} />
              </td>
              <td data-label="Duration" className="num">
                {s.status === "live" ? liveFor(s, now) : formatDuration(s.durationS)}
              </td>
              <td data-label="Peak" className="num">
                {formatNumber(s.peakParticipants)}
              </td>
              <td data-label="Participant-minutes" className="num">
                {s.participantMinutes === null ? "—" : `${formatNumber(s.participantMinutes, 1)} min`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function liveFor(s: Session, now: number | null): string {
  if (!s.startedAt || now === null) return "running";
  return `running ${formatDuration((now - Date.parse(s.startedAt)) / 1000)}`;
}
