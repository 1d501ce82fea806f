import { describe, expect, it } from "vitest";
import { peerExport } from "./export";
import type { Finding } from "./findings";
import { at, report, track } from "./test-builders";

const finding: Finding = {
  id: "loss-audio_producer-0",
  rule: "loss",
  severity: "warn",
  title: "Upstream packet loss",
  detail: "",
  threshold: "loss > 3 %",
  episodes: [],
  tracks: ["audio_producer"],
  evidence: [],
};

describe("peerExport", () => {
  const full = report({ tracks: [track("audio_producer", { metrics: { mos: [4, 4, 4, 4, 4, 4, 4, 4, 4, 1] } })] });

  it("carries the window shown, the report cut to it and the findings the page shows", () => {
    const out = peerExport(full, [finding], { from: at(14), to: at(35) });
    expect(out.window).toEqual({ from: new Date(at(14)).toISOString(), to: new Date(at(35)).toISOString() });
    expect(out.report.tracks[0]?.t).toHaveLength(4);
    expect(out.findings).toEqual({ scope: "whole call", items: [finding] });
    expect(out.peerId).toBe("peer-0001");
    expect(out.notes[0]).toMatch(/inside window/);
  });

  it("without a window, exports the whole call and says so", () => {
    const out = peerExport(full, [], null);
    expect(out.window).toBeNull();
    expect(out.report).toBe(full);
    expect(out.notes[0]).toBe("Everything covers the whole call.");
    expect(out.notes[2]).toMatch(/scale is undocumented \(values above 1 suggest 1-5\)/);
  });
});
