/** Formatting used across pages: UTC first (tickets are read in many time zones), units always. */

const pad = (n: number) => String(n).padStart(2, "0");

export function formatUtc(ms: number, withDate = true): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return withDate
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time} UTC`
    : `${time} UTC`;
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

function zoneParts(
  ms: number,
  timeZone: string | undefined,
): Partial<Record<Intl.DateTimeFormatPartTypes, string>> | null {
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

/**
 * A time for a typed UTC field, "2026-11-29 13:54" (seconds only when there are some): the same
 * ISO 24-hour form as every other time on screen, whatever the browser's locale.
 */
export function formatUtcInput(iso: string | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "";
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const text = `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() ? `${text}:${pad(d.getUTCSeconds())}` : text;
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:Z|UTC)?$/i;

/**
 * Reads what `formatUtcInput` writes (and "T" for the space, an optional "Z" or "UTC"): an ISO
 * string, undefined for an empty field, null for anything else (including 2026-02-30).
 */
export function parseUtcInput(text: string): string | undefined | null {
  const v = text.trim();
  if (!v) return undefined;
  const m = UTC_INPUT.exec(v);
  if (!m) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((g) => Number(g ?? 0));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March; a field that says the 30th of February is a typo.
  if (
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  )
    return null;
  return back.toISOString();
}

/** "2026-11-29 14:54 GMT+1" in the reader's zone (minutes, for a typed field's hint); null when unknown. */
export function formatLocalMinute(ms: number, timeZone?: string): string | null {
  const part = zoneParts(ms, timeZone);
  if (!part) return null;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/**
 * The reader's zone by name and offset at a moment, "Europe/Madrid, UTC+1" or "Asia/Kolkata,
 * UTC+5:30" (just "UTC" there), so "local time" says whose: the participant's is shown too.
 */
export function describeZone(ms: number, timeZone?: string): string | null {
  let name: string;
  let offset: string | undefined;
  try {
    name = timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
    offset = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" })
      .formatToParts(ms)
      .find((p) => p.type === "timeZoneName")?.value;
  } catch {
    return null;
  }
  if (!offset) return name || null;
  // "GMT+05:30" → "UTC+5:30"; "GMT" is offset zero.
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(offset);
  const utc = m ? `UTC${m[1]}${Number(m[2])}${m[3] === "00" ? "" : `:${m[3]}`}` : "UTC+0";
  if (/^(Etc\/)?(UTC|UCT|Universal|Zulu)$/i.test(name)) return "UTC";
  return `${name}, ${utc}`;
}
