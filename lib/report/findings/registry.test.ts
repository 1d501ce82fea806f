import { describe, expect, it } from "vitest";
import { CAUSE_RULES, QUALITY_RULES, RULE_IDS, RULES } from ".";
import { NETWORK_RULES } from "./registry";

describe("the rule registry", () => {
  it("gives the evaluation order, each id once", () => {
    expect(RULE_IDS).toEqual(RULES.map((r) => r.id));
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
    // The order findings were always judged and tie-broken in.
    expect(RULE_IDS).toEqual([
      "loss",
      "jitter",
      "rtt",
      "mos",
      "fps",
      "resolution",
      "cpu",
      "bandwidth",
      "transport",
      "reconnect",
      "empty-media",
      "background",
      "device-change",
      "precall",
      "completeness",
    ]);
  });

  it("is where every rule set comes from", () => {
    for (const r of RULES) {
      expect(QUALITY_RULES.has(r.id)).toBe(r.quality);
      expect(CAUSE_RULES.has(r.id)).toBe(r.cause);
      expect(NETWORK_RULES.has(r.id)).toBe(r.network);
    }
    expect([...CAUSE_RULES]).toEqual(["cpu", "bandwidth", "transport", "reconnect", "empty-media"]);
    expect([...NETWORK_RULES]).toEqual(["loss", "jitter", "rtt", "bandwidth", "transport", "reconnect"]);
    expect(RULE_IDS.filter((id) => !QUALITY_RULES.has(id))).toEqual([
      "background",
      "device-change",
      "precall",
      "completeness",
    ]);
  });

  it("lists the context rules after every rule whose findings they are judged against", () => {
    const firstContext = RULES.findIndex((r) => !r.quality);
    expect(RULES.slice(firstContext).every((r) => !r.quality && !r.network)).toBe(true);
  });
});
