import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CompletenessLine, NetworkPanel, PrecallPanel, SummaryCards } from "@/components/peer/panels";
import { findGaps, GAP_FACTOR, GAP_MIN_S } from "@/lib/realtimekit/tracks";
import { TRACK_KEYS, type TrackSummary } from "@/lib/realtimekit/types";
import { reportToCsv } from "./csv";
import { findings } from "./findings";
import { gapWords } from "./findings/reconnect";
import { ticketSummary } from "./summary";
import { at, bump, cumulative, pair, report, times, track } from "./test-builders";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { describeTracks, pairWords, trackLabel, trackName, transportSummary } from "./vocabulary";

/**
 * One report with a screen share and a TURN-over-TLS connection, read by everything that names a
 * track or a path: the findings, the chart legend (its label() is trackName), the ticket summary,
 * the CSV and the peer page's panels must all use the same words.
 */

const KEY = "screenshare_video_producer" as const;
// TURN over TLS: the relay's own leg says udp, the URL says TLS, so the media went over TCP.
const TLS = pair({ localType: "relay", protocol: "udp", url: "turns:turn.example.com:443?transport=tcp" });
const share = track(KEY, {
  t: [...times(25), ...times(5, 7, 400)],
  metrics: { lossPct: [...bump(0, 18), 0, 0, 0, 0, 0], bitrateKbps: new Array<number>(30).fill(900) },
});
const r = report({ tracks: [share], candidatePairs: [TLS] });
const fs = findings(r, DEFAULT_THRESHOLDS);
const summary: TrackSummary = {
  key: KEY,
  kind: "video",
  direction: "send",
  screenshare: true,
  series: "present",
  cumulative: cumulative(),
};

describe("one vocabulary for tracks", () => {
  const name = trackName(KEY);

  it("has one wording, lower case inside a sentence and capitalised at the start of a cell", () => {
    expect(name).toBe("screen-share video sent");
    expect(trackLabel(KEY)).toBe("Screen-share video sent");
    expect(describeTracks([KEY, "screenshare_audio_consumer"])).toBe(
      "screen-share video sent; screen-share audio received",
    );
    expect(new Set(TRACK_KEYS.map(trackName)).size).toBe(TRACK_KEYS.length);
  });

  it("the finding, the ticket summary, the CSV and the panels name the screen share that way", () => {
    const loss = fs.find((f) => f.rule === "loss");
    expect(loss?.title).toBe(`Upstream packet loss up to 18 % (${name})`);
    expect(loss?.evidence[0]).toMatch(new RegExp(`^${trackLabel(KEY)}: worst 18 %`));

    const text = ticketSummary({ report: r, findings: fs, sessionTitle: null, sessionUrl: "", viewUrl: "" });
    expect(text).toContain(`Upstream packet loss up to 18 % (${name})`);
    expect(text).toMatch(new RegExp(`Quality samples .* for ${name}`));

    // The CSV names a track by its key in every row; no header or cell words it differently.
    const csv = reportToCsv(r);
    expect(csv.split("\r\n")[1]).toContain(`,${KEY},video,send,`);
    expect(csv).not.toMatch(/screen[ -]share|screen video/i);

    const cards = renderToStaticMarkup(createElement(SummaryCards, { summaries: [summary], mosScaleEvident: false }));
    expect(cards).toContain(`<strong>${trackLabel(KEY)}</strong>`);
    const gaps = renderToStaticMarkup(createElement(CompletenessLine, { c: r.completeness }));
    expect(gaps).toContain(`, ${name})`);
  });

  it("the old wordings are gone", () => {
    const everything = [
      JSON.stringify(fs),
      ticketSummary({ report: r, findings: fs, sessionTitle: null, sessionUrl: "", viewUrl: "" }),
      renderToStaticMarkup(createElement(SummaryCards, { summaries: [summary], mosScaleEvident: false })),
      ...TRACK_KEYS.map(trackName),
    ].join("\n");
    expect(everything).not.toMatch(/screen share (sent|received)|screen share video|screen video/i);
  });
});

describe("one vocabulary for how media travelled", () => {
  const words = pairWords(TLS);

  it("reads TURN over TLS as a TURN relay over TCP", () => {
    expect(words).toBe("TURN relay over TCP");
    expect(transportSummary([TLS])).toBe(words);
  });

  it("the transport finding, the pre-call evidence, the ticket summary and the panels say it the same way", () => {
    expect(fs.find((f) => f.rule === "transport")?.title).toBe(`Media went through a ${words}`);
    expect(ticketSummary({ report: r, findings: fs, sessionTitle: null, sessionUrl: "", viewUrl: "" })).toContain(
      `media ${words}`,
    );
    const network = renderToStaticMarkup(createElement(NetworkPanel, { network: null, pairs: [TLS] }));
    expect(network).toContain(`>${words}<`);
    expect(network).toContain("relay / TCP / wifi");
    const during = renderToStaticMarkup(
      createElement(PrecallPanel, { precall: r.precall, tracks: r.tracks, pairs: [TLS] }),
    );
    expect(during).toContain(words);
  });
});

describe("the gap rule's words", () => {
  it("come from the figures findGaps uses", () => {
    expect(gapWords).toBe(`> ${GAP_FACTOR} × the sample interval and > ${GAP_MIN_S} s`);
    // Strictly longer: a pause of exactly the minimum is no gap.
    expect(findGaps([at(0), at(GAP_MIN_S)], 1)).toEqual([]);
    expect(findGaps([at(0), at(GAP_MIN_S + 1)], 1)).toHaveLength(1);
    // A 22 s pause: a gap, though too short for the poor level's wording.
    const paused = track("audio_producer", {
      t: [...times(25), ...times(5, 7, 190)],
      metrics: { lossPct: new Array<number>(30).fill(0) },
    });
    const gap = findings(report({ tracks: [paused] }), DEFAULT_THRESHOLDS).find((f) => f.rule === "reconnect");
    expect(gap?.threshold).toContain(`(${gapWords})`);
  });
});
