import type { EventCategory } from "@/components/peer/event-categories";

/**
 * Every colour the charts draw with, in one place (a test keeps hex and rgb() literals out of the
 * other chart files). Where a chart colour means what a page colour means, it is that colour:
 * the same values as the CSS variables in app/globals.css.
 */

const ACCENT = "#1d4ed8"; // --accent
const TEXT = "#161a20"; // --text
const LIVE = "#dc2626"; // --live
const BAD = "#b91c1c"; // --bad
const WARN = "#b45309"; // --warn

/** "#1d4ed8" at 12 % → "rgba(29, 78, 216, 0.12)", for fills and bands that let the lines show through. */
export function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export interface TrackStyle {
  color: string;
  dashed?: boolean;
}

/** One colour per track; received tracks are dashed (the quality charts' footnote and print key say so). */
export const TRACK_STYLE: Readonly<Record<string, TrackStyle>> = {
  audio_producer: { color: ACCENT },
  video_producer: { color: "#7c3aed" },
  audio_consumer: { color: "#0891b2", dashed: true },
  video_consumer: { color: "#db2777", dashed: true },
  screenshare_video_producer: { color: "#a16207" },
  screenshare_audio_producer: { color: "#65a30d" },
  screenshare_video_consumer: { color: "#ea580c", dashed: true },
  screenshare_audio_consumer: { color: "#0d9488", dashed: true },
};

/** A track of a kind without a colour of its own. */
export const TRACK_FALLBACK = "#444";

/** A track's line style, the same on its chart line and in the printed key. */
export function trackStyle(key: string): TrackStyle {
  return TRACK_STYLE[key] ?? { color: TRACK_FALLBACK };
}

/** Client events: the swatches in the events list and the markers on the charts. */
export const EVENT_COLORS: Readonly<Record<EventCategory, string>> = {
  connection: LIVE,
  media: "#6b7280",
  screenshare: "#7c3aed",
  focus: "#d97706",
  device: "#2563eb",
  precall: "#059669",
  other: "#9ca3af",
};

/** Bands behind the lines: the video sender limited by CPU (orange) or bandwidth (purple). */
export const LIMITATION_COLORS: Readonly<Record<string, string>> = {
  cpu: translucent("#ea580c", 0.14),
  bandwidth: translucent("#7c3aed", 0.12),
};

/** Bands behind the lines: microphone muted or camera off (grey). */
export const OFF_COLOR = translucent("#64748b", 0.16);

/** The hover line shared by the charts of one group. */
export const HOVER_LINE = translucent(TEXT, 0.45);

/** The stretch being dragged across to zoom. */
export const ZOOM_DRAG = translucent(ACCENT, 0.12);

/** Participants in the call over time. */
export const CONCURRENCY = { line: ACCENT, fill: translucent(ACCENT, 0.12) } as const;

/** The session timeline's lanes: in the call, dropped out between rejoins, and "now" on live sessions. */
export const TIMELINE = { present: translucent(ACCENT, 0.75), away: translucent(BAD, 0.35), now: LIVE } as const;

/**
 * The session quality heatmap: one cell per participant and 30 s. The worse the level, the darker
 * its colour (poor darkest), so the levels read apart without hue too; "no samples" is a pale grey.
 */
export const HEATMAP = {
  levels: { g: "#9fd4ad", d: "#f59e0b", p: BAD, "-": "#e6e8ec" },
  /** The strip above: behind each column's bar, and the 50 % line. */
  track: translucent(TEXT, 0.06),
  half: translucent(TEXT, 0.3),
  /** The cell under the pointer or the keyboard cursor, and its column across every row. */
  cursor: TEXT,
  cursorInner: "#ffffff",
  column: translucent(ACCENT, 0.16),
} as const;

/** A finding's episodes behind the lines (faint), and the one chosen in the findings panel (stronger, outlined). */
export const FINDING_BANDS = {
  warn: translucent(WARN, 0.08),
  poor: translucent(BAD, 0.08),
  chosen: { warn: translucent(WARN, 0.26), poor: translucent(BAD, 0.24), info: translucent(ACCENT, 0.18) },
  outline: { warn: WARN, poor: BAD, info: ACCENT },
} as const;

/** The warn and poor levels drawn across a metric's chart. */
export const THRESHOLD_LINES = { warn: WARN, poor: BAD } as const;
