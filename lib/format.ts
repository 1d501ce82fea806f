/** Formatting used across pages: UTC first (tickets are read in many time zones), units always. */

const pad = (n: number) => String(n).padStart(2, "0");

export function formatUtc(ms: number, withDate = true): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return withDate ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time} UTC` : `${time} UTC`;
}

/** "14:05:03", UTC without the suffix: for axis ticks labelled "(UTC)" once. */
export function formatUtcClock(ms: number): string {
  return formatUtc(ms, false).replace(" UTC", "");
}

export function formatLocal(ms: number, withDate = true): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}` : time;
}

/** 3725 → "1 h 2 min 5 s"; short durations keep seconds, long ones drop them. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return sec ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

export function formatNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * "14:05:10–14:07:40 UTC"; one time when both ends fall in the same second; full dates when the
 * range crosses midnight UTC (or when asked), so a ticket never shows an ambiguous clock time.
 */
export function formatUtcRange(fromMs: number, toMs: number, withDate = false): string {
  const from = formatUtc(fromMs, withDate);
  if (formatUtc(fromMs) === formatUtc(toMs)) return from;
  const sameDay = new Date(fromMs).toISOString().slice(0, 10) === new Date(toMs).toISOString().slice(0, 10);
  if (!sameDay) return `${formatUtc(fromMs, true).replace(" UTC", "")} – ${formatUtc(toMs, true)}`;
  return `${from.replace(" UTC", "")}–${formatUtc(toMs, false)}`;
}
