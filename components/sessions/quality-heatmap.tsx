"use client";

import { useRouter } from "next/navigation";
import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from "react";
import { HEATMAP } from "@/components/charts/palette";
import { formatLocal, formatLocalClock, formatUtcClock } from "@/lib/format";
import { withBasePath } from "@/lib/base-path";
import { peerPath } from "@/lib/routes";
import type { SessionHeatmap } from "@/lib/validations/session-quality";
import {
  badRuns,
  type CellLevel,
  cellX,
  columnCell,
  columnStartMs,
  columnsUtc,
  type Cursor,
  downsample,
  downsampleShare,
  everyoneRuns,
  heatmapEndMs,
  heatmapGeometry,
  type HeatmapGeometry,
  type Hit,
  hitTest,
  LEVEL_WORDS,
  moveCursor,
  peerWindow,
  restLabel,
  ROW_PX,
  rowLabel,
  rowName,
  rowTop,
  type ShareAt,
  everyoneText,
  shareText,
  startCursor,
  STRIP_PX,
  tickUtc,
  timeTicks,
  worstIn,
  worstShare,
} from "./heatmap-layout";

/** A participant's bad stretches listed in the accessible summary; the rest are counted. */
const RUNS_LISTED = 6;

type Names = Readonly<Record<string, string | null | undefined>>;

/**
 * "Everyone or just me": the session's checked participants × time, one cell per 30 s coloured by
 * level, worst rows first and everyone else as one row, under a strip of the share of checked
 * participants degraded or poor in each interval (docs/quality-index.md). A vertical band is the
 * whole call at once; a horizontal one is one person. Drawn on a canvas so 1,000 participants over
 * 4 h stay light; names, ticks and the summary are HTML text. A cell opens that participant's page
 * zoomed to its time. Loading and empty states are the caller's: null draws nothing.
 */
export function QualityHeatmap({
  appId,
  heatmap,
  names,
}: {
  appId: string;
  heatmap: SessionHeatmap | null;
  names?: Names;
}) {
  if (!heatmap || heatmap.intervals <= 0) return null;
  return <HeatmapView appId={appId} h={heatmap} names={names} />;
}

interface RowView {
  /** Null for the aggregated row, which links nowhere. */
  peerId: string | null;
  name: string;
  levels: string;
}

function HeatmapView({ appId, h, names }: { appId: string; h: SessionHeatmap; names?: Names }) {
  const router = useRouter();
  const plotRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const readoutId = useId();
  const [width, setWidth] = useState(0);
  /** Bumped when the window moves to a screen of another pixel density, so both canvases repaint sharp. */
  const [dpr, setDpr] = useState(1);
  const [hover, setHover] = useState<{ hit: Hit; x: number; y: number } | null>(null);
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const [focused, setFocused] = useState(false);
  /** What the readout under the heatmap describes: the last cell hovered or reached by the cursor. */
  const [pinned, setPinned] = useState<Hit | null>(null);

  useEffect(() => {
    const el = plotRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const q = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = () => setDpr(window.devicePixelRatio || 1);
    q.addEventListener("change", onChange);
    return () => q.removeEventListener("change", onChange);
  }, [dpr]);

  const rows = useMemo<RowView[]>(() => {
    const out: RowView[] = h.rows.map((r) => ({ peerId: r.peerId, name: rowName(r, names), levels: r.levels }));
    if (h.rest && h.rest.count > 0) out.push({ peerId: null, name: restLabel(h.rest.count), levels: h.rest.levels });
    return out;
  }, [h, names]);
  const g = useMemo(() => heatmapGeometry(h, width), [h, width]);
  const drawnRows = useMemo(() => rows.map((r) => downsample(r.levels, g.cells, h.intervals)), [rows, g.cells, h]);
  const drawnShare = useMemo(() => downsampleShare(h.share, g.cells, h.intervals), [h, g.cells]);
  const ticks = useMemo(() => timeTicks(h, width), [h, width]);
  const everyone = useMemo(() => everyoneRuns(h.share, h.intervals), [h]);

  const active: Hit | null =
    hover?.hit ?? (focused && cursor ? { row: cursor.row, from: cursor.col, to: cursor.col + 1 } : null);
  const activeRow = active?.row ?? null;
  const activeFrom = active?.from ?? 0;
  const activeTo = active?.to ?? 0;

  useEffect(() => {
    if (canvasRef.current) draw(canvasRef.current, g, drawnRows, drawnShare);
  }, [g, drawnRows, drawnShare, dpr]);
  // The highlight has a canvas of its own, so moving the pointer repaints one cell, not 60 × 480.
  useEffect(() => {
    const hit = activeRow === null ? null : { row: activeRow, from: activeFrom, to: activeTo };
    if (overlayRef.current) drawHighlight(overlayRef.current, g, hit);
  }, [g, activeRow, activeFrom, activeTo, dpr]);

  const spanMs = heatmapEndMs(h) - h.startMs;
  const perPixel = g.cells > 0 && g.cells < h.intervals ? Math.ceil(h.intervals / g.cells) : 1;
  const linkOf = (hit: Hit): string | null => {
    const peerId = rows[hit.row]?.peerId;
    return hit.row < 0 || !peerId ? null : peerPath(appId, peerId, peerWindow(h, hit.from, hit.to));
  };

  function open(hit: Hit | null, newTab: boolean) {
    const url = hit ? linkOf(hit) : null;
    if (!url) return;
    // window.open and a plain link take the address as it is; the router adds the sub-path itself.
    if (newTab) window.open(withBasePath(url), "_blank", "noopener");
    else router.push(url);
  }

  function hitAt(e: { clientX: number; clientY: number }): { hit: Hit; x: number; y: number } | null {
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return null;
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const hit = hitTest(g, x, y);
    return hit ? { hit, x, y } : null;
  }

  function onPointerMove(e: PointerEvent<HTMLCanvasElement>) {
    const at = hitAt(e);
    e.currentTarget.style.cursor = at && linkOf(at.hit) ? "pointer" : "default";
    // The tip stays where it entered a cell: a re-render per pixel would buy nothing.
    if (sameHit(at?.hit ?? null, hover?.hit ?? null)) return;
    setHover(at);
    if (at) setPinned(at.hit);
  }

  function onClick(e: MouseEvent<HTMLCanvasElement>) {
    open(hitAt(e)?.hit ?? null, e.metaKey || e.ctrlKey);
  }

  function onKeyDown(e: KeyboardEvent<HTMLCanvasElement>) {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (cursor) open({ row: cursor.row, from: cursor.col, to: cursor.col + 1 }, e.metaKey || e.ctrlKey);
      return;
    }
    const next = moveCursor(cursor ?? startCursor(h), e.key, g.rowCount, h.intervals);
    if (next === undefined) return;
    e.preventDefault();
    setHover(null);
    setCursor(next);
    setPinned(next ? { row: next.row, from: next.col, to: next.col + 1 } : null);
  }

  function onFocus() {
    const at = cursor ?? startCursor(h);
    setFocused(true);
    setCursor(at);
    setPinned({ row: at.row, from: at.col, to: at.col + 1 });
  }

  // Where the tooltip sits: by the pointer, or under the cursor's cell.
  let tip: { hit: Hit; x: number; y: number } | null = hover;
  if (!tip && active && g.cells > 0) {
    const [x0, x1] = cellX(g, columnCell(active.from, g.cells, h.intervals));
    tip = { hit: active, x: (x0 + x1) / 2, y: rowTop(g, active.row) + (active.row < 0 ? STRIP_PX : ROW_PX) };
  }

  const rest = h.rest && h.rest.count > 0 ? `, then ${restLabel(h.rest.count)}` : "";
  const label =
    `Call quality heatmap: ${rows.length} rows (${h.rows.length} participants worst first${rest}) ` +
    `over ${columnsUtc(h, 0, h.intervals)}, one column per 30 s, under a strip of the share of checked ` +
    "participants with a degraded or poor call. Arrow keys move through the cells (up from the first row " +
    "reaches the strip); Enter opens the participant at that time. The table after it lists each " +
    "participant's bad stretches.";

  return (
    <section
      className="heatmap"
      data-testid="quality-heatmap"
      data-rows={h.rows.length}
      data-rest={h.rest?.count ?? 0}
      data-columns={h.intervals}
      data-cells={g.cells}
      data-start={new Date(h.startMs).toISOString()}
      data-step-s={h.stepS}
    >
      <p className="heatmap-everyone" data-testid="heatmap-everyone" data-runs={everyone.length}>
        {everyone.length > 0 ? (
          <>
            <strong>Most of the call at once:</strong>{" "}
            {everyone
              .slice(0, 4)
              .map((r) => `${columnsUtc(h, r.from, r.to)}, up to ${everyoneText(r.peak)}`)
              .join("; ")}
            {everyone.length > 4 ? `; and ${everyone.length - 4} more` : ""}
          </>
        ) : (
          <span className="muted">No stretch where most checked participants were degraded or poor at once.</span>
        )}
      </p>
      <div className="heatmap-body">
        <div className="heatmap-side" style={{ height: g.height }}>
          <span className="heatmap-strip-label" style={{ height: STRIP_PX }}>
            Everyone: share degraded or poor
          </span>
          <ol className="heatmap-labels" aria-label="Heatmap rows, worst first">
            {rows.map((r, i) => (
              <li
                key={r.peerId ?? "rest"}
                style={{ top: rowTop(g, i), height: ROW_PX }}
                className={r.peerId ? undefined : "heatmap-rest"}
                title={r.name}
                data-testid="heatmap-row"
                data-peer-id={r.peerId ?? undefined}
                data-levels={r.levels}
                data-active={activeRow === i ? "" : undefined}
              >
                {r.peerId ? rowLabel(r.name) : r.name}
              </li>
            ))}
          </ol>
        </div>
        <div className="heatmap-plot" ref={plotRef}>
          <canvas
            ref={canvasRef}
            className="heatmap-canvas"
            style={{ height: g.height }}
            tabIndex={0}
            role="application"
            aria-roledescription="heatmap"
            aria-label={label}
            aria-describedby={readoutId}
            onPointerMove={onPointerMove}
            onPointerLeave={() => setHover(null)}
            onClick={onClick}
            onKeyDown={onKeyDown}
            onFocus={onFocus}
            onBlur={() => setFocused(false)}
          />
          <canvas ref={overlayRef} className="heatmap-overlay" style={{ height: g.height }} aria-hidden="true" />
          {tip ? <Tooltip h={h} rows={rows} tip={tip} width={g.width} keyboard={!hover} /> : null}
          <div className="heatmap-axis" aria-hidden="true">
            {ticks.map((t) => {
              const at = (t - h.startMs) / spanMs;
              // A tick at the very end ends there rather than spilling past the plot.
              const edge = at * g.width > g.width - 20;
              return (
                <span key={t} className={edge ? "heatmap-tick-end" : undefined} style={{ left: `${at * 100}%` }}>
                  {tickUtc(t)}
                </span>
              );
            })}
          </div>
        </div>
      </div>
      <div className="heatmap-foot">
        <span className="muted">
          Time (UTC), one column per 30 s
          {perPixel > 1 ? `; up to ${perPixel} columns per pixel at this width, the worst of them shown` : ""}
        </span>
        <ul className="heatmap-legend" aria-label="Colours">
          {(["g", "d", "p", "-"] as const).map((l) => (
            <li key={l}>
              <span className="heatmap-swatch" style={{ background: HEATMAP.levels[l] }} />
              {LEVEL_WORDS[l]}
            </li>
          ))}
          <li className="muted">
            Strip: share of checked participants with a degraded or poor call (poor at the bottom, 50 % line)
          </li>
        </ul>
      </div>
      <p className="heatmap-readout" id={readoutId} aria-live="polite" data-testid="heatmap-readout">
        {pinned ? (
          <Readout h={h} rows={rows} hit={pinned} href={linkOf(pinned)} />
        ) : (
          <span className="muted">
            Point at a cell, or focus the heatmap and use the arrow keys: Enter or a click opens that participant at
            that time.
          </span>
        )}
      </p>
      <Summary h={h} rows={rows} />
    </section>
  );
}

function sameHit(a: Hit | null, b: Hit | null): boolean {
  return a === b || (a !== null && b !== null && a.row === b.row && a.from === b.from && a.to === b.to);
}

/** What a cell says: who, when (UTC, and the reader's clock), and the level or the strip's share. */
function describe(h: SessionHeatmap, rows: RowView[], hit: Hit) {
  const fromMs = columnStartMs(h, hit.from);
  const toMs = columnStartMs(h, hit.to);
  const when = columnsUtc(h, hit.from, hit.to);
  // A reader whose clock shows UTC's time gets no copy of it (as components/ui/time.tsx does).
  const local =
    formatLocalClock(fromMs) === formatUtcClock(fromMs)
      ? null
      : `${formatLocalClock(fromMs)}–${formatLocal(toMs, false)}`;
  if (hit.row < 0) {
    const s: ShareAt | null = worstShare(h.share, hit.from, hit.to);
    return { who: "Everyone checked", when, local, what: s ? shareText(s) : "no checked participant had samples" };
  }
  const row = rows[hit.row];
  const level: CellLevel = row ? worstIn(row.levels, hit.from, hit.to) : "-";
  return { who: row?.name ?? "", when, local, what: LEVEL_WORDS[level], level };
}

function Tooltip({
  h,
  rows,
  tip,
  width,
  keyboard,
}: {
  h: SessionHeatmap;
  rows: RowView[];
  tip: { hit: Hit; x: number; y: number };
  width: number;
  keyboard: boolean;
}) {
  const d = describe(h, rows, tip.hit);
  const row = rows[tip.hit.row];
  const hint =
    tip.hit.row < 0
      ? null
      : row?.peerId
        ? `${keyboard ? "Enter" : "Click"} opens them at ${columnsUtc(h, tip.hit.from, tip.hit.to)} ± 2 min`
        : "Not a link: the participants table lists them";
  // Flip to the pointer's left in the right third, so the tip stays inside the plot.
  const flip = tip.x > width * 0.66;
  return (
    <div
      className="heatmap-tip"
      aria-hidden="true"
      data-testid="heatmap-tooltip"
      style={{ left: tip.x, top: tip.y + 8, transform: flip ? "translateX(calc(-100% - 12px))" : "translateX(12px)" }}
    >
      <strong>{d.who}</strong>
      <span>
        {d.when}
        {d.local ? <span className="time-local"> ({d.local})</span> : null}
      </span>
      <span>
        {d.level ? <span className={`heatmap-level heatmap-level-${levelClass(d.level)}`}>{d.what}</span> : d.what}
      </span>
      {hint ? <span className="muted">{hint}</span> : null}
    </div>
  );
}

function levelClass(l: CellLevel): string {
  return l === "-" ? "none" : l;
}

function Readout({ h, rows, hit, href }: { h: SessionHeatmap; rows: RowView[]; hit: Hit; href: string | null }) {
  const d = describe(h, rows, hit);
  return (
    <>
      <span>
        {d.who} · {d.when}
        {d.local ? <span className="time-local"> ({d.local})</span> : null} · {d.what}
      </span>
      {href ? (
        <>
          {" "}
          <a href={withBasePath(href)} data-testid="heatmap-open">
            Open {d.who} at {columnsUtc(h, hit.from, hit.to)} ± 2 min
          </a>
        </>
      ) : null}
    </>
  );
}

/** The accessible summary: each row's bad stretches in UTC, as the canvas cannot say them. */
const Summary = memo(function Summary({ h, rows }: { h: SessionHeatmap; rows: RowView[] }) {
  return (
    // The wrapper hides it: a table's box grows to its content whatever width it is given, and
    // would widen the page on a phone.
    <div className="sr-only">
      <table data-testid="heatmap-summary">
        <caption>Bad stretches per heatmap row, worst rows first (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Degraded or poor</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const runs = badRuns(r.levels);
            return (
              <tr key={r.peerId ?? "rest"}>
                <th scope="row">{r.name}</th>
                <td>
                  {runs.length === 0
                    ? "none"
                    : runs
                        .slice(0, RUNS_LISTED)
                        .map((run) => `${LEVEL_WORDS[run.level].toLowerCase()} ${columnsUtc(h, run.from, run.to)}`)
                        .join("; ") + (runs.length > RUNS_LISTED ? `; and ${runs.length - RUNS_LISTED} more` : "")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

/**
 * Paint in device pixels (sharp at any devicePixelRatio, and cell edges rounded to whole pixels so
 * no seam shows between cells), one rectangle per run of equal cells.
 */
function draw(
  canvas: HTMLCanvasElement,
  g: HeatmapGeometry,
  rows: readonly CellLevel[][],
  share: readonly (ShareAt | null)[],
) {
  const c = prepare(canvas, g);
  if (!c) return;
  const { ctx, w, dpr, ex, ey } = c;

  const stripH = ey(STRIP_PX);
  share.forEach((s, i) => {
    if (!s || s.sampled <= 0) return;
    const x = ex(i);
    const cw = ex(i + 1) - x;
    ctx.fillStyle = HEATMAP.track;
    ctx.fillRect(x, 0, cw, stripH);
    const poorH = Math.round(Math.min(1, s.poor / s.sampled) * stripH);
    const badH = Math.round(Math.min(1, (s.poor + s.degraded) / s.sampled) * stripH);
    ctx.fillStyle = HEATMAP.levels.p;
    ctx.fillRect(x, stripH - poorH, cw, poorH);
    ctx.fillStyle = HEATMAP.levels.d;
    ctx.fillRect(x, stripH - badH, cw, badH - poorH);
  });
  ctx.fillStyle = HEATMAP.half;
  ctx.fillRect(0, Math.round(stripH / 2), w, Math.max(1, Math.round(dpr)));

  rows.forEach((levels, r) => {
    const y0 = ey(rowTop(g, r));
    const y1 = ey(rowTop(g, r) + ROW_PX);
    let a = 0;
    for (let i = 1; i <= levels.length; i++) {
      if (i < levels.length && levels[i] === levels[a]) continue;
      ctx.fillStyle = HEATMAP.levels[levels[a] as CellLevel];
      ctx.fillRect(ex(a), y0, ex(i) - ex(a), y1 - y0);
      a = i;
    }
  });
}

/** Size a canvas to its geometry in device pixels and clear it; null when there is nothing to draw. */
function prepare(canvas: HTMLCanvasElement, g: HeatmapGeometry) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(g.width * dpr);
  const h = Math.round(g.height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.clearRect(0, 0, w, h);
  if (g.cells === 0 || w === 0) return null;
  const ex = (i: number) => Math.round((i * w) / g.cells);
  const ey = (y: number) => Math.round(y * dpr);
  return { ctx, w, h, dpr, ex, ey };
}

/** The cell under the pointer or the cursor. */
function drawHighlight(canvas: HTMLCanvasElement, g: HeatmapGeometry, active: Hit | null) {
  const c = prepare(canvas, g);
  if (!c || !active) return;
  const { ctx, w, h: hgt, dpr, ex, ey } = c;
  // The column across every row (is it everyone?), then the cell itself, outlined dark and light
  // so it shows on any level's colour.
  const min = Math.round(6 * dpr);
  let x0 = ex(columnCell(active.from, g.cells, g.intervals));
  let x1 = ex(columnCell(active.to - 1, g.cells, g.intervals) + 1);
  if (x1 - x0 < min) {
    x0 = Math.max(0, Math.round((x0 + x1 - min) / 2));
    x1 = Math.min(w, x0 + min);
  }
  ctx.fillStyle = HEATMAP.column;
  ctx.fillRect(x0, 0, x1 - x0, hgt);
  const top = ey(rowTop(g, active.row));
  const bottom = active.row < 0 ? ey(STRIP_PX) : ey(rowTop(g, active.row) + ROW_PX);
  const line = Math.max(1, Math.round(dpr));
  ctx.lineWidth = 2 * line;
  ctx.strokeStyle = HEATMAP.cursor;
  ctx.strokeRect(x0 + line, top + line, x1 - x0 - 2 * line, bottom - top - 2 * line);
  ctx.lineWidth = line;
  ctx.strokeStyle = HEATMAP.cursorInner;
  ctx.strokeRect(x0 + 2.5 * line, top + 2.5 * line, x1 - x0 - 5 * line, bottom - top - 5 * line);
}
