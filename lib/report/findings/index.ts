import type { PeerReport } from "@/lib/realtimekit/types";
import type { Thresholds } from "../thresholds";
import { context } from "./context";
import { CAUSE_RULES, NETWORK_RULES, QUALITY_RULES, RULE_IDS, RULES, type Earlier } from "./registry";
import { compareSeverity, type Draft, type Finding } from "./types";

/**
 * The likely causes of a bad call, in plain words, each with the rule and level that fired, the
 * evidence and the time ranges (docs/findings.md). Pure and deterministic: the same report and
 * thresholds always give the same findings in the same order. Linear in the number of samples.
 * One module per rule family; registry.ts lists the rules in order.
 */

export function findings(report: PeerReport, t: Thresholds): Finding[] {
  const ctx = context(report, t);
  const drafts: Draft[] = [];
  const earlier: Earlier = {
    qualityEpisodes: () =>
      drafts
        .filter((d) => QUALITY_RULES.has(d.rule) && d.severity !== "info")
        .flatMap((d) => d.episodes.map((e) => ({ ...e, title: d.title }))),
    networkFindings: () => drafts.filter((d) => NETWORK_RULES.has(d.rule)),
  };
  for (const rule of RULES) drafts.push(...rule.run(ctx, earlier));

  const counts = new Map<string, number>();
  const out: Finding[] = drafts.map((d) => {
    const prefix = `${d.rule}-${d.tracks[0] ?? "call"}`;
    const n = counts.get(prefix) ?? 0;
    counts.set(prefix, n + 1);
    return { id: `${prefix}-${n}`, ...d };
  });
  return out.sort(
    (a, b) =>
      compareSeverity(a.severity, b.severity) ||
      Number(!CAUSE_RULES.has(a.rule)) - Number(!CAUSE_RULES.has(b.rule)) ||
      (a.episodes[0]?.start ?? Infinity) - (b.episodes[0]?.start ?? Infinity) ||
      RULE_IDS.indexOf(a.rule) - RULE_IDS.indexOf(b.rule) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export { CAUSE_RULES, QUALITY_RULES, RULE_IDS, RULES, type RuleId } from "./registry";
export { compareSeverity, type Finding, type FindingEpisode, type Severity } from "./types";
export { callNetworkMedians } from "./precall";
export { summaryFigures } from "./empty-media";
// Media words live in lib/report/vocabulary.ts; re-exported for the importers that had them here.
export { describeTracks, formatValue, trackLabel, trackName } from "../vocabulary";
