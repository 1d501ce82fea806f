import { describe, expect, it } from "vitest";
import { participant } from "@/lib/report/test-builders";
import { VERDICT_STEP_S, type Verdict } from "@/lib/report/verdict";
import { SESSION_CSV_HEADER, sessionToCsv } from "./session-csv";

const T0 = Date.UTC(2026, 7, 10, 14, 0, 0);
const fig = (loss: number | null) => ({ worstLossPct: loss, worstJitterMs: 12.345, worstRttMs: 80, lowestMos: null });

function verdict(peerId: string, over: Partial<Verdict> = {}): Verdict {
  return {
    peerId,
    sessionId: "s",
    name: null,
    level: "poor",
    hasSamples: true,
    main: { rule: "loss", title: "Packet loss on what they sent", severity: "poor" },
    others: 2,
    figures: { sent: fig(21.7), received: fig(0.1 + 0.2) },
    timeline: { startMs: T0, stepS: VERDICT_STEP_S, levels: "ggpdg" },
    episodes: [],
    computedWith: "v2-test",
    live: false,
    computedAt: T0,
    ...over,
  };
}

const rowsOf = (csv: string) => csv.trimEnd().split("\r\n");

describe("sessionToCsv", () => {
  it("writes one row per participant under a header with units, whether checked or not", () => {
    const csv = sessionToCsv([
      { participant: participant({ peerId: "p1", name: "Ada" }), verdict: verdict("p1") },
      { participant: participant({ peerId: "p2", name: "Bob" }), verdict: undefined },
      {
        participant: participant({ peerId: "p3", name: "Cy" }),
        verdict: verdict("p3", {
          hasSamples: false,
          level: "good",
          main: null,
          others: 0,
          timeline: { startMs: null, stepS: VERDICT_STEP_S, levels: "" },
        }),
      },
    ]);
    const lines = rowsOf(csv);
    expect(lines[0]).toBe(SESSION_CSV_HEADER.join(","));
    expect(lines[0]).toContain("sent_worst_loss_pct");
    expect(lines[0]).toContain("received_worst_rtt_ms");
    expect(lines).toHaveLength(4);
    const [p1, p2, p3] = lines.slice(1).map((l) => l.split(","));
    const col = (name: (typeof SESSION_CSV_HEADER)[number]) => SESSION_CSV_HEADER.indexOf(name);
    expect(p1?.[col("level")]).toBe("poor");
    expect(p1?.[col("main_finding")]).toBe("Packet loss on what they sent");
    expect(p1?.[col("other_findings")]).toBe("2");
    expect(p1?.[col("sent_worst_loss_pct")]).toBe("21.7");
    expect(p1?.[col("received_worst_loss_pct")]).toBe("0.3");
    expect(p1?.[col("sent_worst_jitter_ms")]).toBe("12.35");
    expect(p1?.[col("joined_at_utc")]).toBe("2026-08-10T14:00:00.000Z");
    expect(p1?.[col("time_in_call_s")]).toBe("3600");
    expect(p1?.[col("worst_window_utc")]).toBe(
      `${new Date(T0 + 2 * 30_000).toISOString()}/${new Date(T0 + 4 * 30_000).toISOString()}`,
    );
    expect(p2?.[col("level")]).toBe("not checked");
    expect(p2?.[col("sent_worst_loss_pct")]).toBe("");
    expect(p3?.[col("level")]).toBe("unknown");
    expect(p3?.[col("worst_window_utc")]).toBe("");
  });

  it("defuses upstream text a spreadsheet would run as a formula, and quotes what CSV needs", () => {
    const csv = sessionToCsv([
      {
        participant: participant({ peerId: "p1", name: '=HYPERLINK("http://evil","x")', preset: "+cmd|' /C calc'!A0" }),
        verdict: undefined,
      },
      { participant: participant({ peerId: "p2", name: "Smith, Jane\nline" }), verdict: undefined },
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain(`"'+cmd|' /C calc'!A0"`);
    expect(csv).toContain(`"Smith, Jane\nline"`);
  });

  it("falls back to the verdict's name and to join/leave times for the time in call", () => {
    const csv = sessionToCsv([
      {
        participant: participant({
          peerId: "p1",
          name: null,
          durationS: null,
          joinedAt: "2026-08-10T14:00:00Z",
          leftAt: "2026-08-10T14:01:30Z",
        }),
        verdict: verdict("p1", { name: "From the report" }),
      },
    ]);
    const [row] = rowsOf(csv).slice(1);
    expect(row).toContain(",From the report,");
    expect(row?.split(",")[SESSION_CSV_HEADER.indexOf("time_in_call_s")]).toBe("90");
  });
});
