"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { formatLocal, formatLocalClock, formatUtcRange } from "@/lib/format";
import type { VerdictLine as Line } from "@/lib/report/verdict-line";

const subscribe = () => () => {};

const LABEL: Record<Line["tone"], string> = { poor: "Poor", warn: "Degraded", good: "Good", neutral: "Unknown" };

/** A time range in UTC, with the reader's local clock beside it once in the browser (as components/ui/time.tsx). */
function Range({ startMs, endMs }: { startMs: number; endMs: number }) {
  const isClient = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const utc = formatUtcRange(startMs, endMs);
  const local = isClient ? `${formatLocalClock(startMs)}–${formatLocal(endMs, false)}` : null;
  const sameClock = local !== null && utc.startsWith(local.slice(0, local.lastIndexOf(" ")));
  return (
    <time
      dateTime={new Date(startMs).toISOString()}
      title={`${new Date(startMs).toISOString()} – ${new Date(endMs).toISOString()}`}
    >
      {utc}
      {local && !sameClock ? <span className="time-local"> ({local})</span> : null}
    </time>
  );
}

/** The peer page's verdict: one line on top, built by lib/report/verdict-line.ts (docs/findings.md). */
export function VerdictLine({ line }: { line: Line }) {
  return (
    <p
      className={`verdict-line verdict-${line.tone}`}
      data-testid="verdict-line"
      data-tone={line.tone}
      data-cause={line.cause}
      data-others={line.others}
    >
      <span className="sr-only">Verdict ({LABEL[line.tone]}): </span>
      {line.parts.map((p, i) =>
        p.kind === "text" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "time" ? (
          <Range key={i} startMs={p.startMs} endMs={p.endMs} />
        ) : (
          <Link key={i} href={p.href} data-testid="verdict-link">
            {p.text}
          </Link>
        ),
      )}
    </p>
  );
}
