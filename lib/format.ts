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

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(timeZone: string | undefined): Intl.DateTimeFormat | null {
  const key = timeZone ?? "";
  if (!zoneFormats.has(key)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        timeZoneName: "short",
      });
    } catch {
      // A zone this runtime does not know (RangeError): the caller shows none.
    }
    zoneFormats.set(key, f);
  }
  return zoneFormats.get(key) ?? null;
}

/**
 * "2026-11-25 15:05:03 GMT+1" in an IANA time zone (the participant's, from their IP), or in the
 * reader's own when none is given; null for a zone this runtime does not know.
 */
export function formatInZone(ms: number, timeZone?: string, withDate = true): string | null {
  const part = zoneParts(ms, timeZone);
  if (!part) return null;
  const time = `${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
  return withDate ? `${part.year}-${part.month}-${part.day} ${time}` : time;
}

function zoneParts(ms: number, timeZone: string | undefined): Partial<Record<Intl.DateTimeFormatPartTypes, string>> | null {
  const f = zoneFormat(timeZone);
  if (!f || !Number.isFinite(ms)) return null;
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(ms)) part[p.type] = p.value;
  return part;
}

/** "06:05:03" in the reader's zone, for axis ticks whose title names the zone once. */
export function formatLocalClock(ms: number): string {
  const part = zoneParts(ms, undefined);
  return part ? `${part.hour}:${part.minute}:${part.second}` : formatUtcClock(ms);
}

/** The reader's local time with its zone, "2026-11-25 06:05:03 PST"; only meaningful in the browser. */
export function formatLocal(ms: number, withDate = true): string {
  return formatInZone(ms, undefined, withDate) ?? formatUtc(ms, withDate);
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
