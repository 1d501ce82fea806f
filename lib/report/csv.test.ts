import { describe, expect, it } from "vitest";
import { peerReportSchema } from "@/lib/server/realtimekit/schemas";
import { realPeerReport } from "@/lib/test/fixtures";
import { buildPeerReport } from "./build-report";
import { csvCell, reportToCsv } from "./csv";

describe("CSV export", () => {
  const csv = reportToCsv(buildPeerReport(peerReportSchema.parse(realPeerReport()).data));
  const rows = csv.trimEnd().split("\r\n");

  it("has units in the headers and one row per sample", () => {
    expect(rows[0]).toBe(
      "timestamp_utc,track,kind,direction,bitrate_kbps,packets,packets_lost,loss_pct,jitter_ms,rtt_ms,mos_1_to_5,jitter_buffer_ms,concealment_events,frames_per_second,frame_width_px,frame_height_px,frames_dropped,quality_limitation",
    );
    expect(rows).toHaveLength(11);
  });

  it("writes UTC times and normalised values, empty cells for missing ones", () => {
    const cells = rows[2]!.split(",");
    expect(cells[0]).toBe("2023-12-14T13:35:44.140Z");
    expect(cells[1]).toBe("audio_producer");
    expect(cells[9]).toBe("782.91");
    expect(cells[14]).toBe("");
  });

  it("quotes and defuses dangerous cells", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-12.5")).toBe("-12.5");
  });
});
