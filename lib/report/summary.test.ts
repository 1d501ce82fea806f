import { marked, type Token, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { findings } from "./findings";
import { ticketSummary, type TicketSummaryInput } from "./summary";
import { at, bump, deviceUpdate, event, iso, pair, participant, precall, report, runs, track } from "./test-builders";
import { DEFAULT_THRESHOLDS } from "./thresholds";

const VIEW =
  "https://inspector.example.com/apps/app-1/peers/peer-0001?from=2026-08-10T14:00:00.000Z&to=2026-08-10T14:05:00.000Z";
const SESSION = "https://inspector.example.com/apps/app-1/sessions/session-0001";

/** Upstream loss at 14:01:03–14:01:38 UTC over TURN/TCP, plus a tab switch later on. */
function lossy(overrides: Partial<TicketSummaryInput> = {}) {
  const r = report({
    tracks: [
      track("audio_producer", { metrics: { lossPct: bump(0, 18), rttMs: runs([40, 25]) } }),
      track("video_producer", { metrics: { lossPct: bump(0, 12) } }),
    ],
    candidatePairs: [pair({ localType: "relay", protocol: "tcp", url: "turns:turn.cloudflare.com:443?transport=tcp" })],
    events: [
      event("tab_change", 150, { is_meetings_tab_active: false }),
      event("tab_change", 160, { is_meetings_tab_active: true }),
    ],
    duplicateSamples: 2,
  });
  const input: TicketSummaryInput = {
    report: r,
    findings: findings(r, DEFAULT_THRESHOLDS),
    sessionTitle: "Customer support call",
    sessionUrl: SESSION,
    viewUrl: VIEW,
    ...overrides,
  };
  return { r, text: ticketSummary(input) };
}

describe("ticketSummary", () => {
  const { text } = lossy();

  it("says who, with the custom participant id and the peer id", () => {
    expect(text).toContain("### RealtimeKit call report: Ada Lovelace");
    expect(text).toContain("- **Participant:** Ada Lovelace · custom participant id `cust-42` · peer id `peer-0001`");
  });

  it("says when, in UTC with the date and the duration", () => {
    expect(text).toContain(
      "- **When:** joined 2026-08-10 14:00:00 UTC, left 2026-08-10 14:02:48 UTC (2 min 48 s in the call)",
    );
  });

  it("gives the join and leave times on the participant's own clock, for matching a customer's report", () => {
    expect(text).toContain(
      "- **Participant's local time:** Europe/Madrid: joined 2026-08-10 16:00:00 GMT+2, left 16:02:48 GMT+2",
    );
    const unknownZone = report({ network: { ...lossy().r.network!, timezone: "Mars/Olympus_Mons" } });
    expect(
      ticketSummary({ report: unknownZone, findings: [], sessionTitle: null, sessionUrl: "", viewUrl: VIEW }),
    ).not.toContain("local time");
    const noNetwork = { ...report(), network: null };
    expect(
      ticketSummary({ report: noNetwork, findings: [], sessionTitle: null, sessionUrl: "", viewUrl: VIEW }),
    ).not.toContain("local time");
  });

  it("counts an outage of several tracks once, as the page header does", () => {
    const base = report();
    const gap = { from: Date.parse("2026-08-10T14:01:00Z"), to: Date.parse("2026-08-10T14:02:00Z"), durationS: 60 };
    const r = {
      ...base,
      completeness: {
        ...base.completeness,
        gaps: [
          { track: "audio_producer" as const, ...gap },
          { track: "video_producer" as const, ...gap },
        ],
      },
    };
    const out = ticketSummary({ report: r, findings: [], sessionTitle: null, sessionUrl: "", viewUrl: VIEW });
    expect(out).toContain("1 sampling gap across the tracks");
  });

  it("links the session", () => {
    expect(text).toContain(`- **Session:** [Customer support call](${SESSION}) · session id \`session-0001\``);
  });

  it("describes the device and network with units, ISP and the transport", () => {
    const device = "- **Device:** Windows 11 · Chrome 139.0 · SDK web-core 1.9.4 · 8 CPU cores, 16 GB memory";
    expect(text).toContain(device);
    expect(text).toContain(
      "- **Network:** Madrid, ES · ISP AS3352 Telefonica de Espana · wifi connection · " +
        "rated 4g by the browser before the call · media TURN relay over TCP",
    );
  });

  it("gives the health and each finding with its UTC range, duration, worst value and rule", () => {
    expect(text).toContain("- **Health:** poor: Upstream packet loss up to 18 % (audio and video sent)");
    expect(text).toContain("1. **Poor: Upstream packet loss up to 18 % (audio and video sent)**");
    expect(text).toContain("   - When: 14:01:03–14:01:38 UTC (35 s, worst 18 %)");
    expect(text).toContain("   - Rule: loss ≥ 10 % for ≥ 15 s (off below 6 %)");
    expect(text).toMatch(/ {3}- What it means: Packets this participant sent were lost/);
    expect(text).toMatch(
      / {3}- Evidence: Audio sent: worst 18 % at 14:01:\d\d UTC; Video sent: worst 12 % at 14:01:\d\d UTC/,
    );
    expect(text).toContain("2. **Warning: Media went through a TURN relay over TCP**");
    expect(text).toContain("   - When: 14:02:30–14:02:40 UTC (10 s)");
  });

  it("puts data caveats under data completeness, not among the findings", () => {
    const completeness = text.slice(text.indexOf("**Data completeness**"));
    const sampled = "- Quality samples 14:00:00–14:02:48 UTC for audio and video sent, one every ~7 s";
    expect(completeness).toContain(sampled);
    expect(completeness).toContain("- 2 samples dropped: another sample in the same series had the same timestamp");
    expect(text.slice(0, text.indexOf("**Data completeness**"))).not.toContain("Data caveats");
  });

  it("ends with the link to this exact view", () => {
    expect(text.trimEnd().split("\n").at(-1)).toBe(`[Open this view in RealtimeKit Inspector](${VIEW})`);
  });

  it("lists only findings inside the window and says how many it left out", () => {
    const { text: windowed } = lossy({ window: { from: at(140), to: at(170) } });
    expect(windowed).toContain("- **Time window:** 2026-08-10 14:02:20–14:02:50 UTC (30 s)");
    expect(windowed).not.toContain("Upstream packet loss up to 18 % (audio and video sent)**");
    // Transport has no times: it held for the whole call, so it stays.
    expect(windowed).toContain("**Warning: Media went through a TURN relay over TCP**");
    expect(windowed).toContain("Meeting in the background for 10 s");
    expect(windowed).toContain("1 more finding outside this window (open the link for the whole call).");
  });

  it("gives the headline and the episodes of a zoomed summary from the same episodes, and says so", () => {
    // Jitter peaks at 73 ms early on (14:01:03–14:01:38), and at 56 ms later (14:02:48–14:03:23).
    const r = report({
      tracks: [track("audio_consumer", { metrics: { jitterMs: runs([5, 10], [73, 5], [5, 10], [56, 5], [5, 10]) } })],
      events: [
        event("tab_change", 20, { is_meetings_tab_active: false }),
        event("tab_change", 40, { is_meetings_tab_active: true }),
        event("tab_change", 180, { is_meetings_tab_active: false }),
        event("tab_change", 190, { is_meetings_tab_active: true }),
      ],
    });
    const fs = findings(r, DEFAULT_THRESHOLDS);
    const whole = ticketSummary({ report: r, findings: fs, sessionTitle: null, sessionUrl: "", viewUrl: VIEW });
    expect(whole).toContain("**Findings for the whole call** (most severe first; times in UTC)");
    expect(whole).toContain("1. **Poor: High downstream jitter up to 73 ms (audio received)**");
    const zoomed = ticketSummary({
      report: r,
      findings: fs,
      sessionTitle: null,
      sessionUrl: "",
      viewUrl: VIEW,
      window: { from: at(160), to: at(220) },
    });
    expect(zoomed).toContain(
      "**Findings in this window** (most severe first; " +
        "severities and worst values from the episodes that overlap the window; times in UTC)",
    );
    expect(zoomed).toContain(
      "**Warning: High downstream jitter up to 56 ms (audio received)**\n" +
        "   - When: 14:02:48–14:03:23 UTC (35 s, worst 56 ms)",
    );
    const listed = zoomed.slice(zoomed.indexOf("**Findings"));
    expect(
      listed.split("\n").filter((l) => l.includes("73 ms") && !l.startsWith("   - Evidence (whole call): ")),
    ).toEqual([]);
    // A count it cannot redo for the window is named as the whole call's.
    expect(zoomed).toContain("**Warning: Meeting in the background 2 times, 30 s in total (whole call)**");
    // So is the health verdict, which covers every finding.
    expect(zoomed).toContain("- **Health (whole call):** poor: High downstream jitter up to 73 ms (audio received)");
  });

  it("puts the reason a warning is not poor beside its headline", () => {
    const r = report({
      tracks: [track("audio_consumer", { metrics: { jitterMs: runs([5, 10], [40, 3], [73, 1], [40, 3], [5, 10]) } })],
    });
    const out = ticketSummary({
      report: r,
      findings: findings(r, DEFAULT_THRESHOLDS),
      sessionTitle: null,
      sessionUrl: "",
      viewUrl: VIEW,
    });
    expect(out).toContain(
      "1. **Warning: High downstream jitter up to 73 ms (audio received)** — " +
        "peaked at 73 ms; above the poor level (> 60 ms) for 7 s, under the 15 s needed",
    );
  });

  it("is honest about a report without quality samples", () => {
    const r = report({
      tracks: [],
      sections: { quality: "empty", precall: "missing" },
      precall: [],
      participant: participant({ leftAt: null, durationS: null }),
    });
    const out = ticketSummary({
      report: r,
      findings: findings(r, DEFAULT_THRESHOLDS),
      sessionTitle: null,
      sessionStatus: "live",
      sessionUrl: "",
      viewUrl: VIEW,
    });
    expect(out).toContain("- **Session:** Session · session id `session-0001`");
    expect(out).toContain("still in the call when this was written");
    expect(out).toContain("- **Health:** degraded: No call-quality samples at all");
    expect(out).toContain("- Quality samples: present but empty (every series has no samples)");
    expect(out).toContain("- Pre-call test: not in the report");
  });

  it("says a missing leave time was not reported unless the session is live", () => {
    const r = report({ participant: participant({ leftAt: null, durationS: 600 }) });
    const out = (sessionStatus: "live" | "ended" | null) =>
      ticketSummary({ report: r, findings: [], sessionTitle: null, sessionStatus, sessionUrl: "", viewUrl: VIEW });
    expect(out("ended")).toContain(
      "- **When:** joined 2026-08-10 14:00:00 UTC, leave time not reported (10 min in the call)",
    );
    expect(out(null)).toContain("leave time not reported");
    expect(out("ended")).not.toContain("still in the call");
    expect(out("live")).toContain("still in the call when this was written");
  });

  it("says so when nothing fired and nothing is missing", () => {
    const r = report({ tracks: [track("audio_producer", { metrics: { lossPct: runs([0, 20]) } })] });
    const out = ticketSummary({
      report: r,
      findings: findings(r, DEFAULT_THRESHOLDS),
      sessionTitle: "Sync",
      sessionUrl: SESSION,
      viewUrl: VIEW,
    });
    expect(out).toContain("No rule fired: nothing stands out in the data.");
    expect(out).toContain("- Every report section present; no samples dropped.");
    expect(out).toContain("- **Health:** good\n");
  });

  it("escapes Markdown in names and titles, and keeps links intact", () => {
    const r = report({
      participant: participant({ name: "*Bob* [admin](http://evil) <img>", customParticipantId: "a`b" }),
      tracks: [],
    });
    const out = ticketSummary({
      report: r,
      findings: [],
      sessionTitle: "Q3 review (final)",
      sessionUrl: "https://x.example/s (1)",
      viewUrl: VIEW,
    });
    expect(out).toContain("### RealtimeKit call report: \\*Bob\\* \\[admin\\](http\\://evil) \\<img>");
    // The id exactly, in a fence longer than its own backticks.
    expect(out).toContain("custom participant id ``a`b``");
    expect(out).toContain("[Q3 review (final)](https://x.example/s%20%281%29)");
  });

  it("shows dates when an episode crosses midnight UTC", () => {
    const late = report({
      participant: participant({
        joinedAt: new Date(Date.UTC(2026, 7, 10, 23, 58, 30)).toISOString(),
        leftAt: iso(86_400),
      }),
      tracks: [
        track("audio_producer", {
          t: Array.from({ length: 25 }, (_, i) => Date.UTC(2026, 7, 10, 23, 58, 30) + i * 7000),
          metrics: { lossPct: bump(0, 18) },
        }),
      ],
    });
    const out = ticketSummary({
      report: late,
      findings: findings(late, DEFAULT_THRESHOLDS),
      sessionTitle: null,
      sessionUrl: "",
      viewUrl: VIEW,
    });
    expect(out).toContain("When: 2026-08-10 23:59:33 – 2026-08-11 00:00:08 UTC");
  });
});

describe("ticketSummary with hostile upstream strings", () => {
  /** Everything the upstream controls that reaches the summary, each run through `s`. */
  function summaryOf(s: (v: string) => string): string {
    const base = report();
    const r = report({
      participant: participant({
        name: s("name"),
        customParticipantId: s("custom"),
        peerId: s("peer"),
        sessionId: s("session"),
      }),
      device: {
        ...base.device!,
        os: s("os"),
        osVersion: s("osv"),
        browser: s("browser"),
        browserVersion: s("bv"),
        sdkName: s("sdk"),
        sdkVersion: s("sdkv"),
      },
      network: {
        ...base.network!,
        city: s("city"),
        region: s("region"),
        country: s("country"),
        asn: s("asn"),
        asnName: s("isp"),
        asnType: s("asntype"),
      },
      precall: [precall({ effectiveNetworkType: s("nettype") })],
      candidatePairs: [pair({ localType: "relay", protocol: "tcp", url: s("url") })],
      tracks: [track("audio_producer", { metrics: { lossPct: bump(0, 18) } })],
      events: [event("disconnect", 100, { reason: s("reason") })],
      deviceUpdates: [deviceUpdate(50, "selected", s("label"))],
    });
    return ticketSummary({
      report: r,
      findings: findings(r, DEFAULT_THRESHOLDS),
      sessionTitle: s("title"),
      sessionUrl: SESSION,
      viewUrl: VIEW,
    });
  }

  const HOSTILE =
    "Eve\n\n# Owned\n\n![pixel](https://evil.example/p.png) [click](javascript:alert(1)) " +
    "<img src=x onerror=alert(1)> <b>bold</b> " +
    "@here @channel <!everyone> | a | b |\n|---|---|\n*star* _under_ ~~gone~~ `tick` ``two`` " +
    "\\ www.evil.example http://evil.example/x " +
    "mallory@evil.example &lt;script&gt; {html} !img.png! ";

  /** Block and inline structure, text left out: what the template made, whatever the strings. */
  function shape(tokens: Token[] | undefined): string[] {
    const out: string[] = [];
    for (const t of tokens ?? []) {
      if (t.type === "text" || t.type === "escape" || t.type === "space") {
        const inner = "tokens" in t && t.tokens ? shape(t.tokens) : [];
        out.push(...inner);
        continue;
      }
      const kids =
        t.type === "list"
          ? (t as Tokens.List).items.flatMap((i) => ["li", ...shape(i.tokens), "/li"])
          : "tokens" in t
            ? shape(t.tokens)
            : [];
      out.push(t.type, ...kids, `/${t.type}`);
    }
    return out;
  }

  const hostile = summaryOf((k) => `${k} ${HOSTILE}`);
  const benign = summaryOf((k) => `${k} plain`);
  const html = marked.parse(hostile, { async: false, gfm: true });
  const text = html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\u2060/g, "");

  it("renders to the same elements as a report with plain strings", () => {
    expect(shape(marked.lexer(hostile))).toEqual(shape(marked.lexer(benign)));
    expect(hostile.split("\n")).toHaveLength(benign.split("\n").length);
  });

  it("makes no image, raw HTML, heading, emphasis or link from the data", () => {
    expect(html).not.toMatch(/<(img|script|b|h[124-6]|em|del|table|blockquote|hr)\b/);
    expect(html.match(/<h3>/g)).toHaveLength(1);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]?.replace(/&amp;/g, "&"))).toEqual([SESSION, VIEW]);
  });

  it("keeps the text itself readable", () => {
    for (const k of ["name", "title", "os", "browser", "city", "reason", "label"])
      expect(text).toContain(`${k} Eve # Owned ![pixel](https://evil.example/p.png)`);
    // Ids sit in code spans, where GitHub shows the backslashes that keep Jira from reading them.
    for (const k of ["custom", "peer", "session"])
      expect(text).toContain(`${k} Eve # Owned \\!\\[pixel\\](https\\://evil.example/p.png)`);
    expect(text).toContain("<img src=x onerror=alert(1)> <b>bold</b>");
    expect(text).toContain("*star* _under_ ~~gone~~");
    expect(text).toContain("&lt;script&gt; {html} !img.png!");
  });

  it("gives Slack and GitHub no mention to ping", () => {
    expect(hostile).not.toMatch(/(^|[^\p{L}\p{N}_])@(here|channel|everyone)/u);
    expect(hostile).not.toContain("<!");
  });

  /**
   * Jira wiki markup the data made: backslash escapes and the template's own Markdown links
   * removed, any image (`!name!`), link or mention (`[…|…]`, `[~user]`) or macro (`{…}`) left.
   * Backticks mean nothing in Jira, so a code span protects nothing there.
   */
  function jiraMarkup(summary: string): string[] {
    const plain = summary.replace(/\\[\s\S]/g, "·").replace(/\[([^\]\n]*)\]\((https?:\/\/[^)\s]*)\)/g, "$1 $2");
    return [/![^\s!]+!/g, /\[[^\]\n]*\|[^\]\n]*\]/g, /\[~[^\]\n]*\]/g, /\{[^}\n]*\}/g].flatMap(
      (re) => plain.match(re) ?? [],
    );
  }

  // Short enough for an id (128 characters), which the long HOSTILE string is not.
  const JIRA =
    "!https://evil.example/p.png! [x|javascript:alert(1)] [~admin] {noformat} {color:red}x{color} " +
    "\\!https://evil.example/q.png\\! -strike- +under+";

  it("makes no Jira image, link, mention or macro from the data, ids included", () => {
    expect(jiraMarkup(summaryOf((k) => `${k} ${JIRA}`))).toEqual([]);
    expect(jiraMarkup(hostile)).toEqual([]);
    // The checker does see them where nothing escapes them.
    expect(jiraMarkup(`a ${JIRA}`)).toEqual([
      "!https://evil.example/p.png!",
      "[x|javascript:alert(1)]",
      "[~admin]",
      "{noformat}",
      "{color:red}",
      "{color}",
    ]);
  });

  it("keeps ids that are UUIDs or plain keys free of escapes", () => {
    const ids = {
      custom: "cust-42_a.b@example.com",
      peer: "bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c",
      session: "0f8c3b1e-6a2d-4c1e-9b7a-1d2e3f4a5b6c",
    };
    const out = summaryOf((k) => (k in ids ? ids[k as keyof typeof ids] : k));
    expect(out).toContain(`custom participant id \`${ids.custom}\` · peer id \`${ids.peer}\``);
    expect(out).toContain(`session id \`${ids.session}\``);
    // An odd one is escaped only where Jira would read it.
    expect(summaryOf((k) => (k === "custom" ? "-x- a-b !y! [z|w]" : k))).toContain(
      "custom participant id `\\-x\\- a-b \\!y\\! \\[z\\|w\\]`",
    );
  });

  it("caps a very long string", () => {
    const long = summaryOf((k) => (k === "name" ? "A".repeat(50_000) : k));
    expect(long.length).toBeLessThan(10_000);
    expect(long).toMatch(/A{100,}…/);
  });
});
