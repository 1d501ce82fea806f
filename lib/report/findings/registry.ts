import { backgroundFinding, deviceChangeFinding } from "./context-rules";
import { completenessFinding } from "./completeness";
import { emptyMediaFindings } from "./empty-media";
import { precallFinding } from "./precall";
import { reconnectFinding } from "./reconnect";
import { seriesFindings } from "./series";
import { transportFinding } from "./transport";
import type { Ctx, Draft, QualityEpisode } from "./types";
import { limitationFinding, resolutionFindings } from "./video";

/**
 * Every rule, in evaluation order (also the tie-break when sorting): the one list to edit for a
 * new rule. Its id type, the rule sets and the orchestrator all derive from it.
 */

/** What a rule sees of the rules before it. */
export interface Earlier {
  /** Warn and poor episodes of the quality rules so far, each with its finding's title. */
  qualityEpisodes: () => QualityEpisode[];
  /** Findings so far of the rules that show the network itself in trouble. */
  networkFindings: () => Draft[];
}

interface RuleEntry {
  id: string;
  /**
   * What happened to the media in the call. The others (pre-call test, tab in the background,
   * device changes, data completeness) give context but do not by themselves mean the call went
   * badly, so they never change a participant's health.
   */
  quality: boolean;
  /**
   * Names why media suffered rather than how: a dropped connection, a relayed or TCP path, a sender
   * held back by CPU or bandwidth, nothing sent at all. Among findings of one severity these come
   * first, so the health badge and the ticket's first line give the cause, not the jitter it caused.
   */
  cause: boolean;
  /** Shows the network itself in trouble during the call: what a weak pre-call result predicts. */
  network: boolean;
  run: (ctx: Ctx, earlier: Earlier) => readonly Draft[];
}

const one = (d: Draft | null): Draft[] => (d ? [d] : []);

export const RULES = [
  { id: "loss", quality: true, cause: false, network: true, run: (ctx) => seriesFindings(ctx, "loss") },
  { id: "jitter", quality: true, cause: false, network: true, run: (ctx) => seriesFindings(ctx, "jitter") },
  { id: "rtt", quality: true, cause: false, network: true, run: (ctx) => seriesFindings(ctx, "rtt") },
  { id: "mos", quality: true, cause: false, network: false, run: (ctx) => seriesFindings(ctx, "mos") },
  { id: "fps", quality: true, cause: false, network: false, run: (ctx) => seriesFindings(ctx, "fps") },
  { id: "resolution", quality: true, cause: false, network: false, run: (ctx) => resolutionFindings(ctx) },
  { id: "cpu", quality: true, cause: true, network: false, run: (ctx) => one(limitationFinding(ctx, "cpu")) },
  {
    id: "bandwidth",
    quality: true,
    cause: true,
    network: true,
    run: (ctx) => one(limitationFinding(ctx, "bandwidth")),
  },
  { id: "transport", quality: true, cause: true, network: true, run: (ctx) => one(transportFinding(ctx)) },
  { id: "reconnect", quality: true, cause: true, network: true, run: (ctx) => one(reconnectFinding(ctx)) },
  { id: "empty-media", quality: true, cause: true, network: false, run: (ctx) => emptyMediaFindings(ctx) },
  // Context rules, judged against the findings above.
  {
    id: "background",
    quality: false,
    cause: false,
    network: false,
    run: (ctx, earlier) => one(backgroundFinding(ctx, earlier.qualityEpisodes())),
  },
  {
    id: "device-change",
    quality: false,
    cause: false,
    network: false,
    run: (ctx, earlier) => one(deviceChangeFinding(ctx, earlier.qualityEpisodes())),
  },
  {
    id: "precall",
    quality: false,
    cause: false,
    network: false,
    run: (ctx, earlier) => one(precallFinding(ctx, earlier.networkFindings())),
  },
  { id: "completeness", quality: false, cause: false, network: false, run: (ctx) => one(completenessFinding(ctx)) },
] as const satisfies readonly RuleEntry[];

export type RuleId = (typeof RULES)[number]["id"];

/** Evaluation order, also the tie-break when sorting. */
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

const idsWhere = (flag: "quality" | "cause" | "network"): ReadonlySet<RuleId> =>
  new Set<RuleId>(RULES.filter((r) => r[flag]).map((r) => r.id));

/** See RuleEntry.quality. */
export const QUALITY_RULES = idsWhere("quality");
/** See RuleEntry.cause. */
export const CAUSE_RULES = idsWhere("cause");
/** See RuleEntry.network. */
export const NETWORK_RULES = idsWhere("network");
