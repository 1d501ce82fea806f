import { compareSeverity, QUALITY_RULES, type Finding } from "./findings";

export type HealthLevel = "good" | "degraded" | "poor";

/**
 * The finding a participant's health names, and how many quality findings bear on it. Only rules
 * about the media in the call count: a weak pre-call test, a device change or a backgrounded tab
 * is context, and a peer whose call went fine should not look degraded because of it. Info
 * findings (a UDP relay) never count.
 */
export function leadingFinding(fs: readonly Finding[]): { top: Finding | null; counted: number } {
  let top: Finding | null = null;
  let counted = 0;
  for (const f of fs) {
    if (f.severity === "info" || !QUALITY_RULES.has(f.rule)) continue;
    counted++;
    // Strictly more severe only: among equals the first wins, and findings() puts causes first, then the earliest.
    if (!top || compareSeverity(f.severity, top.severity) < 0) top = f;
  }
  return { top, counted };
}

/** One word per participant for the session page's badges, from leadingFinding. */
export function peerHealth(fs: readonly Finding[]): { level: HealthLevel; reason: string | null; more: number } {
  const { top, counted } = leadingFinding(fs);
  if (!top) return { level: "good", reason: null, more: 0 };
  // How many other findings bear on the verdict: the badge names one, the peer page has them all.
  return { level: top.severity === "poor" ? "poor" : "degraded", reason: top.title, more: counted - 1 };
}
