"use client";

import { useSyncExternalStore } from "react";
import { formatLocal, formatUtc } from "@/lib/format";

const subscribe = () => () => {};

/**
 * A timestamp in UTC (the same for everyone reading a ticket) with the reader's local time and zone
 * beside it. The server knows no time zone, so the local part appears only in the browser.
 */
export function Time({ iso, withDate = true }: { iso: string | number | null | undefined; withDate?: boolean }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (iso === null || iso === undefined) return <span className="muted">—</span>;
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return <span className="muted">—</span>;
  const full = new Date(ms).toISOString();
  const utc = formatUtc(ms, withDate);
  // A reader whose clock shows UTC's time (UTC, or GMT in London's winter) gets no copy of it.
  const local = isClient ? formatLocal(ms, withDate) : null;
  const sameClock = local !== null && local.slice(0, local.lastIndexOf(" ")) === utc.slice(0, utc.lastIndexOf(" "));
  return (
    <time dateTime={full} title={full}>
      {utc}
      {local && !sameClock ? <span className="time-local"> ({local})</span> : null}
    </time>
  );
}
