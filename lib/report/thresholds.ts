import { z } from "zod";

/**
 * The levels at which findings fire. Defaults follow published practice for real-time media
 * (ITU-T G.114/G.107 for delay and MOS, the usual WebRTC dashboards' 5 %/10 % loss and 30 ms jitter
 * marks); a deployment may override any subset through INSPECTOR_THRESHOLDS, because what counts as
 * "bad" depends on the product (a webinar tolerates delay that a sales call does not).
 */

/**
 * Two levels with hysteresis: an episode starts when a value crosses `warn` (or `poor`) and ends
 * only once it is back past the matching `…Off` level, so a value wobbling around the line stays
 * one episode instead of flapping.
 */
export interface Band {
  warn: number;
  poor: number;
  warnOff: number;
  poorOff: number;
}

export interface Thresholds {
  /** Higher is worse; fires at ≥ the level. */
  lossPct: Band;
  /** Higher is worse; fires above the level. */
  jitterMs: Band;
  rttMs: Band;
  /** MOS on a 1–5 scale, judged only when the report shows it is on one; lower is worse, fires below the level. */
  mos: Band;
  /** Camera video frame rate; lower is worse, fires below the level. */
  fps: Band;
  /**
   * Warn only, on the short side of the frame: a drop below `dropBelowPx` from higher, or a camera
   * below `cameraBelowPx` all along. The episode ends at `recoverAtPx` (or the resolution it had
   * before, if that was lower), since WebRTC often steps between two low layers.
   */
  resolution: { dropBelowPx: number; cameraBelowPx: number; recoverAtPx: number };
  /** Shorter episodes are noise (one or two 7 s samples). */
  minDurationS: number;
  /** Episodes closer than this are one episode. */
  mergeGapS: number;
  /** A sender or receiver at or under this bitrate for the whole call carried no media. */
  emptyBitrateKbps: number;
  /** Reconnects in one call: `warn` and `poor` counts. */
  reconnects: { warn: number; poor: number };
  /** One outage (no stats at all) at least this long makes the reconnect finding poor. */
  outagePoorS: number;
  precall: { rttMs: number; lossPct: number; throughputKbps: number; slowNetworkTypes: string[] };
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  lossPct: { warn: 5, poor: 10, warnOff: 3, poorOff: 6 },
  jitterMs: { warn: 30, poor: 60, warnOff: 20, poorOff: 40 },
  rttMs: { warn: 300, poor: 500, warnOff: 200, poorOff: 350 },
  mos: { warn: 3.5, poor: 2.5, warnOff: 3.8, poorOff: 3 },
  fps: { warn: 15, poor: 7, warnOff: 20, poorOff: 10 },
  resolution: { dropBelowPx: 360, cameraBelowPx: 240, recoverAtPx: 480 },
  minDurationS: 15,
  mergeGapS: 20,
  emptyBitrateKbps: 1,
  reconnects: { warn: 1, poor: 2 },
  outagePoorS: 30,
  precall: { rttMs: 300, lossPct: 5, throughputKbps: 500, slowNetworkTypes: ["slow-2g", "2g", "3g"] },
};

/** Which way each band points: MOS and frame rate get worse as they fall. */
export const BAND_DIRECTION = {
  lossPct: "higher",
  jitterMs: "higher",
  rttMs: "higher",
  mos: "lower",
  fps: "lower",
} as const satisfies Record<BandKey, "higher" | "lower">;
export type BandKey = "lossPct" | "jitterMs" | "rttMs" | "mos" | "fps";
const BAND_KEYS: readonly BandKey[] = ["lossPct", "jitterMs", "rttMs", "mos", "fps"];

const BAND_TEXT: Record<BandKey, { name: string; unit: string; op: string }> = {
  lossPct: { name: "loss", unit: " %", op: "≥" },
  jitterMs: { name: "jitter", unit: " ms", op: ">" },
  rttMs: { name: "RTT", unit: " ms", op: ">" },
  mos: { name: "MOS", unit: "", op: "<" },
  fps: { name: "frame rate", unit: " fps", op: "<" },
};

/**
 * One line for the UI: the minimum duration first (a level reached for less is no finding, or not
 * the worse one, so it belongs with the levels, not after them), then every band's warn and poor
 * level.
 */
export function describeThresholds(t: Thresholds): string {
  const bands = BAND_KEYS.map((k) => {
    const { name, unit, op } = BAND_TEXT[k];
    const scale = k === "mos" ? " (when its scale is evident)" : "";
    return `${name} ${op} ${t[k].warn}${unit} warns, ${op} ${t[k].poor}${unit} poor${scale}`;
  });
  return `Each level must hold for at least ${t.minDurationS} s: ${bands.join("; ")} (INSPECTOR_THRESHOLDS).`;
}

export const THRESHOLDS_ENV = "INSPECTOR_THRESHOLDS";

const level = z.number({ error: "must be a number" }).min(0, { error: "must be 0 or more" });
const count = z
  .number({ error: "must be a whole number" })
  .int({ error: "must be a whole number" })
  .min(1, { error: "must be at least 1" });
const bandOverride = z.strictObject({ warn: level, poor: level, warnOff: level, poorOff: level }).partial();

const overridesSchema = z
  .strictObject({
    lossPct: bandOverride,
    jitterMs: bandOverride,
    rttMs: bandOverride,
    mos: bandOverride,
    fps: bandOverride,
    resolution: z.strictObject({ dropBelowPx: level, cameraBelowPx: level, recoverAtPx: level }).partial(),
    minDurationS: level,
    mergeGapS: level,
    emptyBitrateKbps: level,
    reconnects: z.strictObject({ warn: count, poor: count }).partial(),
    outagePoorS: level,
    precall: z
      .strictObject({
        rttMs: level,
        lossPct: level,
        throughputKbps: level,
        slowNetworkTypes: z.array(z.string({ error: "must be a list of strings" }).min(1)),
      })
      .partial(),
  })
  .partial();
type Overrides = z.output<typeof overridesSchema>;

/**
 * Reads INSPECTOR_THRESHOLDS: a JSON object overriding any subset of the defaults, e.g.
 * `{"lossPct":{"warn":3,"poor":8},"minDurationS":20}`. Any problem makes the whole value count
 * as unset (defaults apply), so a typo never half-applies; `problems` names each bad key so
 * start-up can refuse the configuration or log it.
 */
export function parseThresholds(value: string | undefined): { thresholds: Thresholds; problems: string[] } {
  if (value === undefined || value.trim() === "") return { thresholds: DEFAULT_THRESHOLDS, problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (e) {
    return {
      thresholds: DEFAULT_THRESHOLDS,
      problems: [`${THRESHOLDS_ENV}: not valid JSON (${(e as Error).message})`],
    };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return {
      thresholds: DEFAULT_THRESHOLDS,
      problems: [`${THRESHOLDS_ENV}: must be a JSON object such as {"lossPct":{"warn":3,"poor":8}}`],
    };
  }
  const parsed = overridesSchema.safeParse(json);
  if (!parsed.success) return { thresholds: DEFAULT_THRESHOLDS, problems: parsed.error.issues.flatMap(describeIssue) };
  const thresholds = applyOverrides(parsed.data);
  const problems = checkConsistency(thresholds, parsed.data);
  return problems.length ? { thresholds: DEFAULT_THRESHOLDS, problems } : { thresholds, problems: [] };
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = [THRESHOLDS_ENV, ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => `${at}.${k}: unknown key`);
  return [`${at}: ${issue.message}`];
}

function applyOverrides(o: Overrides): Thresholds {
  const d = DEFAULT_THRESHOLDS;
  const bands = {} as Record<BandKey, Band>;
  for (const key of BAND_KEYS) bands[key] = applyBand(d[key], o[key]);
  return {
    ...bands,
    resolution: { ...d.resolution, ...o.resolution },
    minDurationS: o.minDurationS ?? d.minDurationS,
    mergeGapS: o.mergeGapS ?? d.mergeGapS,
    emptyBitrateKbps: o.emptyBitrateKbps ?? d.emptyBitrateKbps,
    reconnects: { ...d.reconnects, ...o.reconnects },
    outagePoorS: o.outagePoorS ?? d.outagePoorS,
    precall: { ...d.precall, ...o.precall },
  };
}

/**
 * An overridden level without its off level keeps the default's proportion (loss on at 5 %, off
 * below 3 % → on at 3 %, off below 1.8 %), so overriding just `warn` never leaves an off level on
 * the wrong side of it.
 */
function applyBand(d: Band, o: Partial<Band> | undefined): Band {
  const warn = o?.warn ?? d.warn;
  const poor = o?.poor ?? d.poor;
  return {
    warn,
    poor,
    warnOff: o?.warnOff ?? round3(warn * (d.warnOff / d.warn)),
    poorOff: o?.poorOff ?? round3(poor * (d.poorOff / d.poor)),
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function checkConsistency(t: Thresholds, o: Overrides): string[] {
  const problems: string[] = [];
  for (const key of BAND_KEYS) {
    const b = t[key];
    const given: Partial<Band> = o[key] ?? {};
    // Name a key the user actually wrote: off levels they left out were derived from their levels.
    const blame = (...candidates: (keyof Band)[]) =>
      `${THRESHOLDS_ENV}.${key}.${candidates.find((c) => c in given) ?? candidates[0]}`;
    const own: string[] = [];
    if (BAND_DIRECTION[key] === "higher") {
      if (b.poor < b.warn) own.push(`${blame("poor", "warn")}: poor (${b.poor}) must be at least warn (${b.warn})`);
      if (b.warnOff >= b.warn)
        own.push(`${blame("warnOff", "warn")}: warnOff (${b.warnOff}) must be below warn (${b.warn})`);
      if (b.poorOff >= b.poor)
        own.push(`${blame("poorOff", "poor")}: poorOff (${b.poorOff}) must be below poor (${b.poor})`);
      // Poor episodes must sit inside warn episodes, or a poor stretch could outlast its warn one.
      if (!own.length && b.poorOff < b.warnOff)
        own.push(
          `${blame("poorOff", "warnOff", "poor", "warn")}: ` +
            `poorOff (${b.poorOff}) must be at least warnOff (${b.warnOff})`,
        );
    } else {
      if (b.poor > b.warn) own.push(`${blame("poor", "warn")}: poor (${b.poor}) must be at most warn (${b.warn})`);
      if (b.warnOff <= b.warn)
        own.push(`${blame("warnOff", "warn")}: warnOff (${b.warnOff}) must be above warn (${b.warn})`);
      if (b.poorOff <= b.poor)
        own.push(`${blame("poorOff", "poor")}: poorOff (${b.poorOff}) must be above poor (${b.poor})`);
      if (!own.length && b.poorOff > b.warnOff)
        own.push(
          `${blame("poorOff", "warnOff", "poor", "warn")}: ` +
            `poorOff (${b.poorOff}) must be at most warnOff (${b.warnOff})`,
        );
    }
    problems.push(...own);
  }
  if (t.lossPct.poor > 100 || t.lossPct.warn > 100)
    problems.push(`${THRESHOLDS_ENV}.lossPct: levels are percentages, at most 100`);
  if (t.mos.warnOff > 5 || t.mos.warn > 5) problems.push(`${THRESHOLDS_ENV}.mos: MOS is on a 1–5 scale`);
  if (t.reconnects.poor < t.reconnects.warn)
    problems.push(
      `${THRESHOLDS_ENV}.reconnects.poor: poor (${t.reconnects.poor}) must be at least warn (${t.reconnects.warn})`,
    );
  if (t.resolution.cameraBelowPx > t.resolution.dropBelowPx) {
    problems.push(
      `${THRESHOLDS_ENV}.resolution.cameraBelowPx: must be at most dropBelowPx (${t.resolution.dropBelowPx})`,
    );
  }
  if (t.resolution.recoverAtPx < t.resolution.dropBelowPx) {
    problems.push(
      `${THRESHOLDS_ENV}.resolution.recoverAtPx: must be at least dropBelowPx (${t.resolution.dropBelowPx})`,
    );
  }
  return problems;
}
