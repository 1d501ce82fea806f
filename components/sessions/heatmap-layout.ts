import { shortLabel } from "@/components/charts/axis";
import { formatUtcClock } from "@/lib/format";
import type { SessionHeatmap } from "@/lib/validations/session-quality";

/**
 * The session quality heatmap's geometry and words, pure: which columns a drawn cell holds, what
 * is under the pointer, the time a column stands for and the peer page window a click opens. The
 * component only draws what this says (docs/quality-index.md describes the timelines).
 */

/** One interval of a timeline: good, degraded, poor, or no samples. */
export type CellLevel = "g" | "d" | "p" | "-";

const RANK: Readonly<Record<CellLevel, number>> = { "-": 0, g: 1, d: 2, p: 3 };

export const LEVEL_WORDS: Readonly<Record<CellLevel, string>> = {
  g: "Good",
  d: "Degraded",
  p: "Poor",
  "-": "No samples",
};

/** A timeline character as a level; anything else (or past the end) claims nothing. */
export function asLevel(c: string | undefined): CellLevel {
  return c === "g" || c === "d" || c === "p" ? c : "-";
}

/** The worse of two levels: poor over degraded over good over no samples. */
export function worse(a: CellLevel, b: CellLevel): CellLevel {
  return RANK[b] > RANK[a] ? b : a;
}

/** The worst level of columns [from, to) of a timeline. */
export function worstIn(levels: string, from: number, to: number): CellLevel {
  let w: CellLevel = "-";
  for (let i = from; i < to && w !== "p"; i++) w = worse(w, asLevel(levels[i]));
  return w;
}

// Sizes in CSS px. Rows keep a height a pointer can hit and a label can sit beside, however many.
export const ROW_PX = 14;
/** Between rows, so a horizontal band reads as one person's. */
export const ROW_GAP_PX = 1;
export const STRIP_PX = 36;
export const STRIP_GAP_PX = 8;
/** Before the aggregated row, which is not a participant. */
export const REST_GAP_PX = 6;
/** Room one "11:04" tick label needs. */
export const TICK_LABEL_PX = 56;

/** Cells drawn across `widthPx`: a column each, or, when columns outnumber pixels, one per pixel. */
export function cellCount(intervals: number, widthPx: number): number {
  if (intervals <= 0) return 0;
  return Math.max(1, Math.min(intervals, Math.floor(widthPx)));
}

/** The columns [from, to) drawn as cell `i` of `cells` (never empty: cells ≤ intervals). */
export function cellColumns(i: number, cells: number, intervals: number): [number, number] {
  const from = Math.floor((i * intervals) / cells);
  return [from, Math.max(from + 1, Math.floor(((i + 1) * intervals) / cells))];
}

/** The cell that draws column `col`. */
export function columnCell(col: number, cells: number, intervals: number): number {
  let i = Math.min(cells - 1, Math.max(0, Math.floor((col * cells) / intervals)));
  while (i < cells - 1 && cellColumns(i, cells, intervals)[1] <= col) i++;
  while (i > 0 && cellColumns(i, cells, intervals)[0] > col) i--;
  return i;
}

/** A timeline squeezed into `cells`: each cell shows the worst of its columns, so no bad 30 s disappears. */
export function downsample(levels: string, cells: number, intervals: number): CellLevel[] {
  const out: CellLevel[] = [];
  for (let i = 0; i < cells; i++) out.push(worstIn(levels, ...cellColumns(i, cells, intervals)));
  return out;
}

export interface ShareAt {
  sampled: number;
  degraded: number;
  poor: number;
}

/** Column `col` of the strip: participants with samples then, and how many were degraded or poor. */
export function shareAt(share: SessionHeatmap["share"], col: number): ShareAt {
  return { sampled: share.sampled[col] ?? 0, degraded: share.degraded[col] ?? 0, poor: share.poor[col] ?? 0 };
}

/** The share of sampled participants degraded or poor (0–1), or null when nobody had samples. */
export function badShare(s: ShareAt): number | null {
  return s.sampled > 0 ? Math.min(1, (s.degraded + s.poor) / s.sampled) : null;
}

/** The strip's worst column of [from, to) (largest bad share, then most sampled); null where none sampled. */
export function worstShare(share: SessionHeatmap["share"], from: number, to: number): ShareAt | null {
  let best: ShareAt | null = null;
  let bestShare = -1;
  for (let c = from; c < to; c++) {
    const s = shareAt(share, c);
    const b = badShare(s);
    if (b === null) continue;
    if (b > bestShare || (b === bestShare && best !== null && s.sampled > best.sampled)) {
      best = s;
      bestShare = b;
    }
  }
  return best;
}

/** The strip squeezed into `cells`: each shows its worst column, so an average never hides a dip. */
export function downsampleShare(share: SessionHeatmap["share"], cells: number, intervals: number): (ShareAt | null)[] {
  const out: (ShareAt | null)[] = [];
  for (let i = 0; i < cells; i++) out.push(worstShare(share, ...cellColumns(i, cells, intervals)));
  return out;
}

export interface HeatmapGeometry {
  /** Plot width and height, CSS px. */
  width: number;
  height: number;
  intervals: number;
  cells: number;
  /** Participant rows, then the aggregated row when there is one. */
  rowCount: number;
  hasRest: boolean;
}

export function heatmapGeometry(h: SessionHeatmap, widthPx: number): HeatmapGeometry {
  const hasRest = h.rest !== null && h.rest.count > 0;
  const rowCount = h.rows.length + (hasRest ? 1 : 0);
  const width = Math.max(0, widthPx);
  const geometry = {
    width,
    height: 0,
    intervals: h.intervals,
    cells: cellCount(h.intervals, width),
    rowCount,
    hasRest,
  };
  return { ...geometry, height: rowCount === 0 ? STRIP_PX : rowTop(geometry, rowCount - 1) + ROW_PX };
}

/** Top of row `row` (-1: the strip), CSS px. */
export function rowTop(g: Pick<HeatmapGeometry, "rowCount" | "hasRest">, row: number): number {
  if (row < 0) return 0;
  const restGap = g.hasRest && row === g.rowCount - 1 ? REST_GAP_PX - ROW_GAP_PX : 0;
  return STRIP_PX + STRIP_GAP_PX + row * (ROW_PX + ROW_GAP_PX) + restGap;
}

/** Left and right edges of cell `i`, CSS px. */
export function cellX(g: HeatmapGeometry, i: number): [number, number] {
  return [(i * g.width) / g.cells, ((i + 1) * g.width) / g.cells];
}

/** What the pointer is over: row -1 is the strip; columns [from, to) are the cell's. */
export interface Hit {
  row: number;
  from: number;
  to: number;
}

/**
 * The cell at (x, y), CSS px from the plot's top left, or null off the cells (outside, in the gap
 * under the strip or before the aggregated row). A row's 1 px gap below it still counts as the row.
 */
export function hitTest(g: HeatmapGeometry, x: number, y: number): Hit | null {
  if (g.cells === 0 || !(x >= 0 && x < g.width && y >= 0 && y < g.height)) return null;
  const [from, to] = cellColumns(Math.min(g.cells - 1, Math.floor((x * g.cells) / g.width)), g.cells, g.intervals);
  if (y < STRIP_PX) return { row: -1, from, to };
  for (let row = g.rowCount - 1; row >= 0; row--) {
    const top = rowTop(g, row);
    if (y >= top) return y < top + ROW_PX + ROW_GAP_PX ? { row, from, to } : null;
  }
  return null;
}

// Time

export const columnStartMs = (h: SessionHeatmap, col: number): number => h.startMs + col * h.stepS * 1000;
export const heatmapEndMs = (h: SessionHeatmap): number => columnStartMs(h, h.intervals);

/** Padding each side of a clicked cell in the peer page window it opens. */
export const LINK_PAD_MS = 2 * 60_000;

/**
 * The peer page window for columns [from, to): the cell with a few minutes each side, for context
 * before and after, clamped to the heatmap's span (nobody was measured outside it).
 */
export function peerWindow(h: SessionHeatmap, from: number, to: number, padMs = LINK_PAD_MS) {
  const startMs = Math.max(h.startMs, columnStartMs(h, from) - padMs);
  const endMs = Math.min(heatmapEndMs(h), columnStartMs(h, to) + padMs);
  return { from: new Date(startMs).toISOString(), to: new Date(endMs).toISOString() };
}

/** "11:04:00–11:05:30 UTC": the time columns [from, to) cover. */
export function columnsUtc(h: SessionHeatmap, from: number, to: number): string {
  return `${formatUtcClock(columnStartMs(h, from))}–${formatUtcClock(columnStartMs(h, to))} UTC`;
}

/** Tick steps that read easily, in minutes: whole minutes, quarters, hours. */
const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** Round-minute ticks (epoch ms) within the heatmap's span, as many as `widthPx` holds labelled "HH:MM". */
export function timeTicks(h: SessionHeatmap, widthPx: number): number[] {
  const start = h.startMs;
  const end = heatmapEndMs(h);
  const maxTicks = Math.floor(widthPx / TICK_LABEL_PX);
  if (!(end > start) || maxTicks < 1) return [];
  const spanMin = (end - start) / 60_000;
  const stepMin = TICK_STEPS_MIN.find((s) => spanMin / s < maxTicks) ?? (TICK_STEPS_MIN.at(-1) as number);
  const step = stepMin * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** "11:04": a tick's label (the axis says UTC once). */
export const tickUtc = (ms: number): string => formatUtcClock(ms).slice(0, 5);

// Labels

/** Characters of a row label beside the heatmap; the tooltip and title keep the whole name. */
export const ROW_LABEL_CHARS = 26;

/** A peer id's first characters, when the participant has no name. */
export function idPrefix(peerId: string, chars = 8): string {
  return [...peerId].length > chars ? `${[...peerId].slice(0, chars).join("")}…` : peerId;
}

/** Who a row is: the page's name for them, else the verdict's, else their id's start. Untrusted text. */
export function rowName(
  row: { peerId: string; name: string | null },
  names?: Readonly<Record<string, string | null | undefined>>,
): string {
  // Own keys only: a peer id "constructor" must not read Object.prototype's.
  const given = names && Object.hasOwn(names, row.peerId) ? names[row.peerId] : undefined;
  const name = (typeof given === "string" ? given.trim() : "") || row.name?.trim() || "";
  return name || idPrefix(row.peerId);
}

/** A row label cut to fit beside the heatmap. */
export function rowLabel(name: string, max = ROW_LABEL_CHARS): string {
  return shortLabel(name, max);
}

/** The aggregated row: everyone checked beyond the rows shown, coloured by the worst of them. */
export function restLabel(n: number): string {
  return `${count(n)} ${n === 1 ? "other" : "others"} (worst of them)`;
}

// Stretches

export interface Run {
  /** Columns [from, to). */
  from: number;
  to: number;
  /** Worst level in it. */
  level: "d" | "p";
}

/** A timeline's bad stretches: consecutive degraded or poor columns, each with its worst level. */
export function badRuns(levels: string): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (let i = 0; i < levels.length; i++) {
    const l = asLevel(levels[i]);
    if (l === "d" || l === "p") {
      if (cur) {
        cur.to = i + 1;
        if (l === "p") cur.level = "p";
      } else {
        cur = { from: i, to: i + 1, level: l };
        runs.push(cur);
      }
    } else cur = null;
  }
  return runs;
}

export interface EveryoneRun {
  from: number;
  to: number;
  /** The column with the largest share in it. */
  peak: ShareAt;
}

/**
 * Stretches where most of the checked participants were degraded or poor at once (a vertical band):
 * at least `minShare` of those sampled, and at least `minSampled` of them, so one person is not "everyone".
 */
export function everyoneRuns(share: SessionHeatmap["share"], intervals: number, minShare = 0.5, minSampled = 2) {
  const runs: EveryoneRun[] = [];
  let cur: EveryoneRun | null = null;
  for (let c = 0; c < intervals; c++) {
    const s = shareAt(share, c);
    const b = badShare(s);
    if (b !== null && b >= minShare && s.sampled >= minSampled) {
      if (!cur) runs.push((cur = { from: c, to: c + 1, peak: s }));
      else {
        cur.to = c + 1;
        if (b > (badShare(cur.peak) ?? 0)) cur.peak = s;
      }
    } else cur = null;
  }
  return runs;
}

/** "5 of 6 checked participants degraded or poor (83 %): 2 poor, 3 degraded". */
export function shareText(s: ShareAt): string {
  if (badShare(s) === null) return "no checked participant had samples";
  const detail = s.degraded + s.poor > 0 ? `: ${count(s.poor)} poor, ${count(s.degraded)} degraded` : "";
  return `${everyoneText(s)}${detail}`;
}

/** "850 of 1,000 checked participants degraded or poor (85 %)": a stretch's peak, for its summary line. */
export function everyoneText(s: ShareAt): string {
  const bad = s.degraded + s.poor;
  const pct = Math.round((badShare(s) ?? 0) * 100);
  return `${count(bad)} of ${count(s.sampled)} checked participants degraded or poor (${pct} %)`;
}

const count = (n: number): string => n.toLocaleString("en-US");

// The keyboard cursor

/** A cursor cell: row -1 is the strip (everyone), then the rows, the aggregated one last. */
export interface Cursor {
  row: number;
  col: number;
}

/** Where the cursor starts: the worst row's first poor column, else its first degraded, else the start. */
export function startCursor(h: SessionHeatmap): Cursor {
  const levels = h.rows[0]?.levels ?? h.rest?.levels ?? "";
  const p = levels.indexOf("p");
  const d = levels.indexOf("d");
  return { row: h.rows.length > 0 || h.rest ? 0 : -1, col: Math.max(0, p >= 0 ? p : d) };
}

/**
 * The cursor after a key: arrows step a column (30 s) or a row, Page keys a tenth of the span,
 * Home/End to either end of the row, Escape leaves (null). `undefined`: not a key the cursor uses.
 */
export function moveCursor(c: Cursor, key: string, rowCount: number, intervals: number): Cursor | null | undefined {
  const col = (n: number) => Math.min(Math.max(0, intervals - 1), Math.max(0, n));
  const jump = Math.max(1, Math.round(intervals / 10));
  switch (key) {
    case "ArrowRight":
      return { ...c, col: col(c.col + 1) };
    case "ArrowLeft":
      return { ...c, col: col(c.col - 1) };
    case "ArrowDown":
      return { ...c, row: Math.min(rowCount - 1, c.row + 1) };
    case "ArrowUp":
      return { ...c, row: Math.max(-1, c.row - 1) };
    case "PageDown":
      return { ...c, col: col(c.col + jump) };
    case "PageUp":
      return { ...c, col: col(c.col - jump) };
    case "Home":
      return { ...c, col: 0 };
    case "End":
      return { ...c, col: col(intervals - 1) };
    case "Escape":
      return null;
    default:
      return undefined;
  }
}
