import type {
  CandidateInfo,
  CandidatePair,
  ClientEvent,
  DeviceInfo,
  NetworkInfo,
  PeerReport,
} from "@/lib/realtimekit/types";

/**
 * What a non-admin may see of a participant (docs/privacy.md): IP addresses cut to their network
 * (IPv4 /24, IPv6 /48), no city (region, country and time zone stay), and the user agent reduced to
 * browser and OS. One pure function, applied on the server before a report leaves it
 * (lib/server/peer-data.ts), so pages, the API, exports and summaries all get the same.
 */

/** What replaces a value that should hold an address or a user agent but cannot be read as one. */
export const MASKED = "(masked)";

const V4_PREFIX = 24;
const V6_PREFIX = 48;

/** The four octets of a dotted IPv4 address, or null. Leading zeros are refused (octal in some parsers). */
function parseV4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail allowed), or null. */
function parseV6(s: string): number[] | null {
  if (!s.includes(":") || !/^[0-9a-f:.]+$/i.test(s)) return null;
  let text = s;
  const lastColon = s.lastIndexOf(":");
  const dotted = s.slice(lastColon + 1);
  if (dotted.includes(".")) {
    // "::ffff:203.0.113.7" is "::ffff:cb00:7107".
    const v4 = parseV4(dotted);
    if (!v4) return null;
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    text = `${s.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...left, ...right].every((x) => /^[0-9a-f]{1,4}$/i.test(x))) return null;
  const given = left.length + right.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = new Array<string>(8 - given).fill("0");
  return [...left, ...zeros, ...right].map((x) => parseInt(x, 16));
}

function v4Network(octets: number[], prefix: number): string {
  const bits = Math.min(prefix, V4_PREFIX);
  const n = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const net = bits === 0 ? 0 : (n & (0xffffffff << (32 - bits))) >>> 0;
  return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join(".")}/${bits}`;
}

function v6Network(groups: number[], prefix: number): string {
  const bits = Math.min(prefix, V6_PREFIX);
  const kept = groups.map((g, i) => {
    const from = i * 16;
    if (from + 16 <= bits) return g;
    if (from >= bits) return 0;
    return g & (0xffff << (16 - (bits - from))) & 0xffff;
  });
  // Everything past the prefix is zero: write the groups up to the last non-zero one, then "::".
  let last = -1;
  kept.forEach((g, i) => {
    if (g !== 0) last = i;
  });
  const head = kept.slice(0, last + 1).map((g) => g.toString(16));
  return `${last === 7 ? head.join(":") : `${head.join(":")}::`}/${bits}`;
}

/**
 * An address cut to its network: `203.0.113.7` → `203.0.113.0/24`, `2001:db8:85a3::8a2e:370:7334`
 * → `2001:db8:85a3::/48`; an IPv4-mapped IPv6 address as its IPv4 (`::ffff:203.0.113.7` →
 * `203.0.113.0/24`). A network (`a/n`) keeps a shorter prefix. Brackets, a zone (`%eth0`) and a
 * port on a bracketed or dotted address are dropped. Anything else (a host name, an mDNS
 * `….local` name, garbage) is MASKED: it may name the machine. Null and "" stay as they are.
 */
export function maskAddress(value: string | null): string | null {
  if (value === null) return null;
  const s = value.trim();
  if (s === "") return value;
  let addr = s;
  let prefix: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(addr);
  if (bracketed) addr = bracketed[1]!;
  const slash = addr.lastIndexOf("/");
  if (slash >= 0) {
    const p = addr.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return MASKED;
    prefix = Number(p);
    addr = addr.slice(0, slash);
  }
  addr = addr.replace(/%[^%]*$/, "");
  const v4 = parseV4(addr.replace(/:\d{1,5}$/, ""));
  if (v4) return prefix === null || prefix <= 32 ? v4Network(v4, prefix ?? 32) : MASKED;
  const v6 = parseV6(addr);
  if (!v6 || (prefix !== null && prefix > 128)) return MASKED;
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  if (mapped) {
    const octets = [v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255];
    return v4Network(octets, prefix === null ? 32 : Math.max(0, prefix - 96));
  }
  return v6Network(v6, prefix ?? 128);
}

// Candidates for an address inside free text, with any prefix length: runs of hex and colons (with
// an optional dotted tail) holding at least two colons, and dotted quads. Each is checked by the
// parsers above; one pass, so an address already cut (`203.0.113.0/24`) stays as it is.
const ADDRESS_IN_TEXT = new RegExp(
  [
    // An address may end a sentence: a full stop after it is not part of it.
    /(?<![0-9a-z:.])(?=[0-9a-f:]*:[0-9a-f]*:)[0-9a-f:]+(?:\d{1,3}(?:\.\d{1,3}){3})?(?:\/\d{1,3})?/.source +
      /(?![0-9a-z:]|\.[0-9a-z])/.source,
    /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,3})?(?!\d|\.\d)/.source,
  ].join("|"),
  "gi",
);

/** Free text (an event's detail, an organisation name) with every IP address in it cut to its network. */
export function maskAddressesIn(text: string): string {
  return text.replace(ADDRESS_IN_TEXT, (m) => {
    // A prefix that cannot be one ("/33") leaves the address, which is masked all the same.
    for (const candidate of [m, m.replace(/\/\d{1,3}$/, "")]) {
      const masked = maskAddress(candidate);
      if (masked !== null && masked !== MASKED) return masked;
    }
    // A dotted quad the parser refuses (leading zeros: 010.001.002.003) may still be read as an
    // address by whoever sees it; other shapes (999.1.1.1, a time such as 12:30:45) are left as they are.
    const quad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/.exec(m);
    return quad && quad.slice(1).every((o) => Number(o) <= 255) ? MASKED : m;
  });
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\b(?:OPR|Opera)\/(\d+)/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
  [/\b(?:Chrome|CriOS)\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/\b(?:iPhone|iPad|iPod).*? OS (\d+)/, (m) => `iOS ${m[1]}`],
  [/\bAndroid (\d+)/, (m) => `Android ${m[1]}`],
  [/\bAndroid\b/, () => "Android"],
  [/\bCrOS\b/, () => "ChromeOS"],
  [/\bMac OS X (\d+)[._](\d+)/, (m) => `macOS ${m[1] === "10" ? `10.${m[2]}` : m[1]}`],
  [/\bMacintosh\b/, () => "macOS"],
  [/\bWindows NT 10\.0\b/, () => "Windows 10"],
  [/\bWindows\b/, () => "Windows"],
  [/\bLinux\b/, () => "Linux"],
];

const major = (v: string | null) => /^\d+/.exec(v?.trim() ?? "")?.[0] ?? null;

/** An OS version as the reduced user agent writes it: the major, but 10.x for macOS 10 (its version for years). */
function osVersion(os: string, v: string | null): string | null {
  const m = /^(\d+)(?:[._](\d+))?/.exec(v?.trim() ?? "");
  if (!m) return null;
  return /mac/i.test(os) && m[1] === "10" && m[2] ? `10.${m[2]}` : m[1]!;
}

/**
 * A user agent reduced to browser and OS ("Chrome 139 on macOS 10.15"), from the report's own
 * browser and OS fields where they are set, else read from the string. Device models, build numbers
 * and everything else in the string are dropped; a string that says nothing readable is MASKED.
 */
export function reduceUserAgent(
  ua: string | null,
  fields: Pick<DeviceInfo, "browser" | "browserVersion" | "os" | "osVersion"> | null = null,
): string | null {
  if (ua === null) return null;
  if (ua.trim() === "") return ua;
  let browser: string | null = null;
  if (fields?.browser?.trim()) {
    browser = [fields.browser.trim(), major(fields.browserVersion)].filter(Boolean).join(" ");
  } else {
    for (const [re, name] of BROWSERS) {
      const m = re.exec(ua);
      if (m) {
        browser = `${name} ${m[1]}`;
        break;
      }
    }
  }
  let os: string | null = null;
  if (fields?.os?.trim()) {
    const name = fields.os.trim();
    os = [name, osVersion(name, fields.osVersion)].filter(Boolean).join(" ");
  } else {
    for (const [re, name] of SYSTEMS) {
      const m = re.exec(ua);
      if (m) {
        os = name(m);
        break;
      }
    }
  }
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? (os ? `a browser on ${os}` : MASKED);
}

function maskCandidate(c: CandidateInfo): CandidateInfo {
  return { ...c, address: maskAddress(c.address), relatedAddress: maskAddress(c.relatedAddress) };
}

function maskPair(p: CandidatePair): CandidatePair {
  return { ...p, local: maskCandidate(p.local), remote: maskCandidate(p.remote) };
}

function maskNetwork(n: NetworkInfo): NetworkInfo {
  return {
    ...n,
    ipv4: maskAddress(n.ipv4),
    city: null,
    // Legacy payloads put the address in `org` (peer-report.ts drops it when it equals ipv4).
    org: n.org === null ? null : maskAddressesIn(n.org),
    // An ASN's announced route is a network already; one narrower than /24 (/48) would be a host.
    asnRoute: n.asnRoute === null ? null : maskAddressesInRoute(n.asnRoute),
  };
}

function maskAddressesInRoute(route: string): string {
  const masked = maskAddress(route);
  return masked === MASKED ? maskAddressesIn(route) : (masked ?? route);
}

const USER_AGENT_KEY = /user[-_ ]?agent|^ua$/i;
// A user agent under any key: what browsers send starts like this.
const USER_AGENT_VALUE = /^Mozilla\/\d|\bAppleWebKit\/|\bGecko\/\d/;
// Where someone is, under whatever key an event's details put it: dropped, as the city is.
const GEO_KEY = new RegExp(
  "^(city|town|location|geo|geolocation|coords?|coordinates|lat|latitude|lon|lng|longitude|" +
    "postal(_?code)?|zip(_?code)?)$",
  "i",
);
// Details nested deeper than this are not shown to a non-admin at all.
const MAX_DEPTH = 8;

/** One value of an event's details, at any depth: strings masked, arrays and objects walked. */
function maskDetail(key: string, v: unknown, device: DeviceInfo | null, depth: number): unknown {
  if (typeof v === "string")
    return USER_AGENT_KEY.test(key) || USER_AGENT_VALUE.test(v) ? reduceUserAgent(v, device) : maskAddressesIn(v);
  if (v === null || typeof v !== "object") return v;
  if (depth >= MAX_DEPTH) return MASKED;
  if (Array.isArray(v)) return v.map((x) => maskDetail(key, x, device, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!GEO_KEY.test(k)) out[k] = maskDetail(k, x, device, depth + 1);
  return out;
}

function maskEvent(e: ClientEvent, device: DeviceInfo | null): ClientEvent {
  if (!e.metadata) return e;
  return { ...e, metadata: maskDetail("", e.metadata, device, 0) as Record<string, unknown> };
}

/**
 * The report as a non-admin sees it. Pure: the report given is not changed (it may be the one the
 * response cache holds); the quality series are shared with it, not copied.
 */
export function maskReport(report: PeerReport): PeerReport {
  const device = report.device;
  return {
    ...report,
    device: device ? { ...device, userAgent: reduceUserAgent(device.userAgent, device) } : null,
    network: report.network ? maskNetwork(report.network) : null,
    candidatePairs: report.candidatePairs.map(maskPair),
    events: report.events.map((e) => maskEvent(e, device)),
  };
}
