"use client";

import { useState } from "react";
import { Time } from "@/components/ui/time";
import type { ClientEvent, PeerEvent } from "@/lib/realtimekit/types";
import { EVENT_COLORS, eventCategory, type EventCategory } from "./event-categories";

type Row = { t: number; name: string; category: EventCategory; detail: string | null; source: "client" | "server" };

/** Every event of the call, client-side and server-side (joins/leaves), filterable. */
export function EventsPanel({ events, peerEvents }: { events: ClientEvent[]; peerEvents: PeerEvent[] | null }) {
  const rows: Row[] = [
    ...events.map((e) => ({
      t: e.t,
      name: e.name,
      category: eventCategory(e.name),
      detail: e.metadata
        ? Object.entries(e.metadata)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ")
        : null,
      source: "client" as const,
    })),
    ...(peerEvents ?? [])
      .filter((e) => e.at)
      .map((e) => ({
        t: Date.parse(e.at as string),
        name: (e.name ?? e.kind).toLowerCase(),
        category: "connection" as const,
        detail: null,
        source: "server" as const,
      })),
  ].sort((a, b) => a.t - b.t);
  const categories = [...new Set(rows.map((r) => r.category))];
  const [hidden, setHidden] = useState<Set<EventCategory>>(new Set());
  const [text, setText] = useState("");
  const shown = rows.filter(
    (r) =>
      !hidden.has(r.category) &&
      (!text || r.name.includes(text.toLowerCase()) || r.detail?.toLowerCase().includes(text.toLowerCase())),
  );

  return (
    <section className="card stack no-print" aria-labelledby="events-h">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="events-h" style={{ margin: 0 }}>
          Events ({shown.length}
          {shown.length !== rows.length ? ` of ${rows.length}` : ""})
        </h2>
        <div className="row no-print">
          {categories.map((c) => (
            <label key={c} className="row" style={{ gap: 4 }}>
              <input
                type="checkbox"
                checked={!hidden.has(c)}
                onChange={() =>
                  setHidden((h) => {
                    const n = new Set(h);
                    if (n.has(c)) n.delete(c);
                    else n.add(c);
                    return n;
                  })
                }
              />
              {/* A square swatch, as in the rows and on the charts' markers: a coloured left border on
                  a pill-shaped badge follows its curve and reads as a stray "(". */}
              <span className="badge badge-neutral" data-testid="event-category">
                <span className="swatch" style={{ background: EVENT_COLORS[c] }} aria-hidden="true" />
                {c}
              </span>
            </label>
          ))}
          <input
            type="search"
            aria-label="Filter events"
            placeholder="Filter events"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No events were reported for this peer.</p>
      ) : (
        <div
          className="table-wrap"
          style={{ maxHeight: 360, overflowY: "auto" }}
          tabIndex={0}
          role="region"
          aria-label="Events (scrolls)"
        >
          <table className="data" data-testid="events-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Event</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={i}>
                  <td style={{ whiteSpace: "nowrap" }}>
                    <Time iso={r.t} withDate={false} />
                  </td>
                  <td>
                    <span
                      className="swatch"
                      style={{ background: EVENT_COLORS[r.category], marginRight: 6 }}
                      aria-hidden="true"
                    />
                    {r.name}
                    {r.source === "server" ? <span className="muted"> (server)</span> : null}
                  </td>
                  <td className="muted">{r.detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
