import { describe, expect, it } from "vitest";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { realPeerReport } from "@/lib/test/fixtures";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { CSV_HEADER, csvCell, reportToCsv, windowCell } from "./csv";
import { windowOf } from "./sections";
import { at, participant, report, track } from "./test-builders";

describe("CSV export", () => {
  const real = buildPeerReport(peerReportSchema.parse(realPeerReport()).data);
  const rows = reportToCsv(real).trimEnd().split("\r\n");

  it("names the peer, the participant and the window on every row, units in the headers, one row per sample", () => {
    expect(rows[0]).toBe(
      "peer_id,participant_name,window_utc,timestamp_utc,track,kind,direction,bitrate_kbps,packets,packets_lost," +
        "loss_pct,jitter_ms,rtt_ms,mos_as_reported_scale_undocumented,jitter_buffer_ms,concealment_events," +
        "frames_per_second,frame_width_px,frame_height_px,frames_dropped,quality_limitation",
    );
    expect(rows).toHaveLength(11);
    expect(rows[1]!.split(",").slice(0, 3)).toEqual(["bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c", "sush", "whole call"]);
  });

  it("writes UTC times and normalised values, MOS as reported, empty cells for missing ones", () => {
    const cells = rows[2]!.split(",");
    const col = (name: (typeof CSV_HEADER)[number]) => cells[CSV_HEADER.indexOf(name)];
    expect(col("timestamp_utc")).toBe("2023-12-14T13:35:44.140Z");
    expect(col("track")).toBe("audio_producer");
    expect(col("rtt_ms")).toBe("782.91");
    // The real payload says 1; the scale is undocumented, so 1 it stays.
    expect(col("mos_as_reported_scale_undocumented")).toBe("1");
    expect(col("frames_per_second")).toBe("");
  });

  it("exports the window asked for, and says which on every row", () => {
    const full = report({
      tracks: [track("audio_producer", { metrics: { jitterMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } })],
    });
    const window = { from: at(14), to: at(35) };
    const lines = reportToCsv(windowOf(full, window), window).trimEnd().split("\r\n").slice(1);
    expect(lines.map((l) => l.split(",")[CSV_HEADER.indexOf("jitter_ms")])).toEqual(["3", "4", "5", "6"]);
    expect(new Set(lines.map((l) => l.split(",")[2]))).toEqual(
      new Set(["2026-08-10T14:00:14.000Z/2026-08-10T14:00:35.000Z"]),
    );
    expect(windowCell({ from: at(14), to: null })).toBe("2026-08-10T14:00:14.000Z/..");
  });

  it("escapes the participant's name: commas, quotes and formulas stay text", () => {
    const hostile = report({
      participant: participant({ name: '=HYPERLINK("http://evil.example","x"), a' }),
      tracks: [track("audio_producer", { t: [at(0)], metrics: { jitterMs: [-1] } })],
    });
    const line = reportToCsv(hostile).trimEnd().split("\r\n")[1]!;
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""x""), a",`);
  });

  it("defuses every string a spreadsheet would run, while our numbers stay numbers", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    // A digit after the sign does not make a string safe: this one runs a command in Excel.
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe(`"'-2+3+cmd|' /C calc'!A0"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\t=1+1")).toBe(`"'\t=1+1"`);
    expect(csvCell("\r=1+1")).toBe(`"'\r=1+1"`);
    expect(csvCell("plain name")).toBe("plain name");
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(NaN)).toBe("");
    expect(csvCell(null)).toBe("");
  });
});
