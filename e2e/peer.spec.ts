import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";
import { upstreamRequests } from "./helpers";

const APP = SIM.apps.prod.id;
const peerUrl = (id: string) => `/apps/${APP}/peers/${id}`;
/** A UTC time range as the page writes it, with both dates when it crosses midnight: the simulated
 * calls happen a few hours before the run, so at some hours of the day they do. */
const UTC_DAY = String.raw`\d{4}-\d\d-\d\d`;
const UTC_RANGE = String.raw`(?:${UTC_DAY} \d\d:\d\d:\d\d – ${UTC_DAY} |\d\d:\d\d:\d\d–)\d\d:\d\d:\d\d UTC`;

async function canvasInk(page: Page, testId: string): Promise<number> {
  const canvas = page.getByTestId(testId).locator("canvas");
  await expect(canvas).toBeVisible();
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
}

test("loss burst: panels, a packet-loss finding with its time range, and drawn charts", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  await expect(page.getByRole("heading", { name: "Dana Whitfield" })).toBeVisible();
  await expect(page.getByTestId("completeness")).toContainText("quality: present");
  // Her own clock (Madrid), to match what she would write in a ticket; the date again only when the
  // call crossed her midnight (the simulated calls happen a few hours before the run).
  await expect(page.getByTestId("participant-local-time")).toContainText(
    new RegExp(
      String.raw`^Europe\/Madrid: joined \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+[12], ` +
        String.raw`left (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d GMT\+[12]$`,
    ),
  );
  const loss = page.getByTestId("finding").filter({ hasText: /loss/i }).first();
  await expect(loss).toHaveAttribute("data-severity", "poor");
  await expect(loss).toContainText(new RegExp(String.raw`${UTC_RANGE} \(\d+ min \d+ s, worst \d+(\.\d)? %\)`));
  for (const h of ["Device", "Network", "Pre-call test, and then the call"])
    await expect(page.getByRole("heading", { name: h, exact: true })).toBeVisible();
  await expect(page.getByTestId("events-table")).toBeVisible();
  expect(await canvasInk(page, "chart-lossPct")).toBeGreaterThan(500);
  expect(await canvasInk(page, "chart-bitrateKbps")).toBeGreaterThan(500);
  // Audio bitrate has its own axis rather than lying flat under video's.
  expect(await canvasInk(page, "chart-audioBitrateKbps")).toBeGreaterThan(500);
});

test("event filter chips carry a square colour swatch, not a curved border that reads as '('", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const chips = page.getByTestId("event-category");
  await expect(chips.first()).toBeVisible();
  for (const chip of await chips.all()) {
    expect(await chip.evaluate((el) => getComputedStyle(el).borderLeftWidth)).toBe("0px");
    const swatch = chip.locator(".swatch");
    await expect(swatch).toHaveCount(1);
    const box = await swatch.boundingBox();
    expect(box && Math.round(box.width) === Math.round(box.height)).toBe(true);
  }
});

test("a chart can be read from the keyboard", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const chart = page.getByTestId("chart-lossPct");
  const readout = chart.getByTestId("chart-readout");
  await chart.locator("canvas").focus();
  await page.keyboard.press("ArrowRight");
  await expect(readout).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: [a-z ]+: [\d.]+ %/);
  const first = await readout.textContent();
  await page.keyboard.press("End");
  await expect(readout).not.toHaveText(first ?? "");
  // Escape leaves the chart as it was.
  await page.keyboard.press("Escape");
  await expect(readout).toHaveText("");
});

test("zooming to a finding puts the window in the URL and on the charts", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  await page.getByTestId("finding").filter({ hasText: /loss/i }).first().getByTestId("zoom-link").first().click();
  await expect(page).toHaveURL(/from=.*&to=/);
  const from = new URL(page.url()).searchParams.get("from")!;
  await expect(page.getByTestId("chart-window")).toContainText(from.slice(11, 19));
  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect(page).not.toHaveURL(/from=/);
});

test("a link with only from= shows the rest of the call; bad or stray values are named", async ({ page }) => {
  // A window from the loss burst's start to the end of the call.
  await page.goto(peerUrl(SIM.peers.lossBurst));
  await page.getByTestId("finding").filter({ hasText: /loss/i }).first().getByTestId("zoom-link").first().click();
  await expect(page).toHaveURL(/from=.*&to=/);
  const from = new URL(page.url()).searchParams.get("from")!;
  await page.goto(`${peerUrl(SIM.peers.lossBurst)}?from=${encodeURIComponent(from)}`);
  await expect(page.getByTestId("chart-window")).toContainText(
    `Showing ${from.slice(0, 10)} ${from.slice(11, 19)} UTC`,
  );
  await expect(page.getByRole("button", { name: "Reset zoom" })).toBeEnabled();
  await expect(page.getByTestId("window-notice")).toHaveCount(0);

  await page.goto(`${peerUrl(SIM.peers.lossBurst)}?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`);
  await expect(page.getByTestId("window-notice")).toContainText("to: must be after from. Showing the whole call.");
  await expect(page.getByRole("button", { name: "Reset zoom" })).toBeDisabled();

  // A tracking tag from the ticket system is named, but the window is not said to be lost.
  await page.goto(`${peerUrl(SIM.peers.lossBurst)}?from=${encodeURIComponent(from)}&utm_source=ticket`);
  await expect(page.getByTestId("window-notice")).toContainText("Some of the link was not understood and was ignored");
  await expect(page.getByTestId("window-notice")).not.toContainText("whole call");
  await expect(page.getByRole("button", { name: "Reset zoom" })).toBeEnabled();
});

test("a muted microphone is shaded on the audio charts, not read as bad audio", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.webinarHost));
  await expect(page.getByTestId("chart-mos")).toHaveAttribute("data-shaded", /^[1-9]/, { timeout: 30_000 });
  await expect(page.getByTestId("chart-audioBitrateKbps")).toHaveAttribute("data-shaded", /^[1-9]/);
  await expect(page.getByTestId("chart-lossPct")).toHaveAttribute("data-shaded", "0");
  await expect(page.getByTestId("finding").filter({ hasText: /audio quality score/ })).toHaveCount(0);
  // Her screen shares start and stop: the pause between them is not a sampling gap.
  await expect(page.getByTestId("sampling-gaps")).toHaveCount(0);
});

test("a 4-hour call hands each chart no more points than the chart is wide in pixels", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.webinarHost));
  const charts = page.locator(".chart-figure");
  await expect(page.getByTestId("chart-jitterBufferMs").locator("canvas")).toBeVisible({ timeout: 30_000 });
  expect(await charts.count()).toBeGreaterThanOrEqual(8);
  for (const chart of await charts.all()) {
    await expect(chart).toHaveAttribute("data-points", /^\d+$/);
    const { points, width } = await chart.evaluate((el) => ({
      points: Number(el.getAttribute("data-points")),
      width: el.querySelector("canvas")!.getBoundingClientRect().width,
    }));
    // Thinned (min and max per two pixels), not emptied.
    expect(points).toBeGreaterThan(width / 4);
    expect(points).toBeLessThanOrEqual(width);
  }
  // Lines lying exactly on another are named so: round-trip time is one per connection.
  await expect(page.getByTestId("chart-rttMs").locator("canvas")).toHaveAttribute(
    "aria-label",
    /video sent \(= audio sent\)/,
  );
  await expect(page.getByTestId("chart-lossPct").locator("canvas")).not.toHaveAttribute("aria-label", /\(= /);
  // Each chart marks when it is drawn (DevTools, and what `npm run bench` times).
  const marks = await page.evaluate(() =>
    performance.getEntriesByName("inspector:chart-drawn").map((m) => (m as PerformanceMark).detail),
  );
  expect(new Set(marks).size).toBe(await charts.count());
});

test("the page, its chart data and its export share one upstream call for the report", async ({ page }) => {
  // A peer no other test opens, so nothing is cached yet.
  const id = SIM.peers.webinarAttendee;
  // The page also asks for one small section first, to know the peer exists before it streams.
  const reportCalls = async (filtered: boolean) =>
    (await upstreamRequests()).filter(
      (r) => r.path.endsWith(`/peer-report/${id}`) && "filters" in ((r as { query?: object }).query ?? {}) === filtered,
    ).length;
  const [before, smallBefore] = [await reportCalls(false), await reportCalls(true)];
  await page.goto(peerUrl(id));
  await expect(page.getByTestId("chart-window")).toBeVisible({ timeout: 30_000 });
  expect((await page.request.get(`/api/apps/${APP}/peers/${id}/export?format=json`)).ok()).toBe(true);
  expect(await reportCalls(false)).toBe(before + 1);
  expect(await reportCalls(true)).toBeLessThanOrEqual(smallBefore + 1);
});

test("TURN over TCP, CPU limitation and reconnects each have their finding", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.turnTcp));
  await expect(page.getByTestId("finding").filter({ hasText: /TCP/ })).not.toHaveCount(0);
  await expect(page.getByTestId("candidate-pairs")).toContainText("TURN relay over TCP");

  await page.goto(peerUrl(SIM.peers.cpuLimited));
  await expect(page.getByTestId("finding").filter({ hasText: /CPU/i })).not.toHaveCount(0);

  await page.goto(peerUrl(SIM.peers.reconnecting));
  await expect(page.getByTestId("finding").filter({ hasText: /reconnect|dropped|disconnect/i })).not.toHaveCount(0);
  // The header says when the reports stopped, and for which tracks.
  await expect(page.getByTestId("sampling-gaps")).toHaveText(
    new RegExp(String.raw`^2 sampling gaps: ${UTC_RANGE} \(\d+ (min|s).*(sent|received)\); `),
  );
});

test("an empty report says so and does not crash", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.emptyReport));
  await expect(page.getByRole("heading", { name: "Kofi Mensah" })).toBeVisible();
  await expect(page.getByTestId("charts-empty")).toContainText("No quality samples");
  await expect(page.getByTestId("completeness")).toContainText("quality: empty");
});

for (const [scenario, id] of [
  ["loss burst", SIM.peers.lossBurst],
  ["reconnecting", SIM.peers.reconnecting],
  ["4-hour webinar host", SIM.peers.webinarHost],
] as const) {
  test(`prints on one A4 page: ${scenario}`, async ({ page }) => {
    await page.goto(peerUrl(id));
    await expect(page.getByTestId("chart-mos")).toBeVisible({ timeout: 30_000 });
    await page.emulateMedia({ media: "print" });
    // Device and network in a line each; one key for all charts instead of a legend in each.
    await expect(page.locator("dl.facts dt", { hasText: /^Device$/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Device", exact: true })).toBeHidden();
    await expect(page.getByTestId("chart-key")).toBeVisible();
    await expect(page.getByTestId("events-table")).toBeHidden();
    // The charts were redrawn at their paper size, not merely squeezed by CSS.
    await expect
      .poll(() =>
        page.evaluate(() =>
          Math.max(
            ...[...document.querySelectorAll<HTMLCanvasElement>(".chart-figure canvas")].map(
              (c) => c.getBoundingClientRect().height,
            ),
          ),
        ),
      )
      .toBeLessThanOrEqual(104);
    const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)).toHaveLength(1);
  });
}

test("copy summary puts ticket-ready Markdown with the view link on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`${peerUrl(SIM.peers.lossBurst)}`);
  await page.getByRole("button", { name: "Copy summary for the ticket" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain("Dana Whitfield");
  expect(text).toMatch(/UTC/);
  expect(text).toContain(page.url());
});

test("exports download and parse: the whole call, or the window shown, and say which", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const download = async (name: string, exact = false) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact }).click()]);
    return readFileSync(await file.path(), "utf8");
  };
  const lines = (await download("Export CSV", true)).trim().split("\r\n");
  expect(lines[0]).toMatch(/^peer_id,participant_name,window_utc,timestamp_utc,track,kind,direction,bitrate_kbps,/);
  expect(lines[1]?.startsWith(`${SIM.peers.lossBurst},Dana Whitfield,whole call,`)).toBe(true);
  expect(lines.length).toBeGreaterThan(100);
  const whole = JSON.parse(await download("Export JSON", true));
  expect(whole).toMatchObject({
    peerId: SIM.peers.lossBurst,
    participantName: "Dana Whitfield",
    window: null,
    findings: { scope: "whole call" },
  });
  expect(whole.findings.items.some((f: { rule: string }) => f.rule === "loss")).toBe(true);
  expect(whole.report.tracks.length).toBeGreaterThan(0);

  // Zoomed to the loss burst, the links export that window.
  await page.getByTestId("finding").filter({ hasText: /loss/i }).first().getByTestId("zoom-link").first().click();
  await expect(page).toHaveURL(/from=.*&to=/);
  const url = new URL(page.url());
  const [from, to] = ["from", "to"].map((k) => Date.parse(url.searchParams.get(k)!)) as [number, number];
  const iso = (ms: number) => new Date(ms).toISOString();
  const cut = (await download("Export CSV (window)")).trim().split("\r\n").slice(1);
  expect(cut.length).toBeGreaterThan(0);
  expect(cut.length).toBeLessThan(lines.length - 1);
  expect(new Set(cut.map((l) => l.split(",")[2]))).toEqual(new Set([`${iso(from)}/${iso(to)}`]));
  for (const l of cut) expect(Date.parse(l.split(",")[3]!)).toBeGreaterThanOrEqual(from);
  const zoomed = JSON.parse(await download("Export JSON (window)"));
  expect(zoomed.window).toEqual({ from: iso(from), to: iso(to) });
  expect(zoomed.report.tracks.flatMap((t: { t: number[] }) => t.t).every((t: number) => t >= from && t <= to)).toBe(
    true,
  );
  expect(zoomed.findings.items).toEqual(whole.findings.items);
  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect(page.getByRole("link", { name: "Export CSV", exact: true })).toHaveAttribute("href", /format=csv$/);
});

test("a sample at the end of Date's range (+275760-09-13) is dropped as unreadable, and the page stands", async ({
  page,
}) => {
  await page.goto(peerUrl(SIM.peers.edgeOddTimes));
  await expect(page.getByRole("heading", { name: "Olu Adeyemi" })).toBeVisible();
  await expect(page.getByTestId("completeness")).toContainText("2 unreadable samples dropped");
  expect(await canvasInk(page, "chart-jitterMs")).toBeGreaterThan(500);
  for (const link of await page.getByTestId("zoom-link").all())
    expect(await link.getAttribute("href")).not.toMatch(/275760|Invalid/);
});

test("a report with RealtimeKit's summaries but no time series says media flowed, and shows the summaries", async ({
  page,
}) => {
  await page.goto(peerUrl(SIM.peers.edgeSummaryOnly));
  const empty = page.getByTestId("charts-empty");
  await expect(empty).toContainText("only its own summary of the call (below): media flowed");
  await expect(empty).not.toContainText("no media");
  await expect(page.getByTestId("summary-cards")).toContainText("Audio sent");
});

test("MOS as reported, its scale marked undocumented; the axis runs 1–5 only when the data show that scale", async ({
  page,
}) => {
  // The one real report's shape: microphone muted, MOS exactly 1 everywhere. Not mapped to 5.
  await page.goto(peerUrl(SIM.peers.edgeMutedMos));
  const mos = page.getByTestId("chart-mos");
  await expect(mos.locator("figcaption")).toHaveText("MOS as reported (scale undocumented)");
  await mos.locator("canvas").focus();
  await page.keyboard.press("ArrowRight");
  await expect(mos.getByTestId("chart-readout")).toHaveText(/UTC: audio sent: 1 scale undocumented$/);
  await expect(mos.locator("[data-y-ticks]")).toHaveAttribute("data-y-ticks", /^0 .*\b1$/);

  // Values above 1 show the usual 1–5: exactly that axis, also on a small printed chart.
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const axis = page.getByTestId("chart-mos").locator("[data-y-ticks]");
  await expect(axis).toHaveAttribute("data-y-ticks", "1 2 3 4 5");
  // Printed small (three abreast), Chart.js may skip labels, but the axis still runs 1 to 5 (it ran 0–6).
  const canvas = page.getByTestId("chart-mos").locator("canvas");
  const screenWidth = (await canvas.boundingBox())!.width;
  await page.emulateMedia({ media: "print" });
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeLessThan(screenWidth * 0.7);
  await expect(axis).toHaveAttribute("data-y-ticks", /^1 (\d )*5$/);
});

test("a peer RealtimeKit does not know gets a helpful not-found", async ({ page }) => {
  await page.goto(peerUrl("00000000-0000-4000-8000-000000000000"));
  await expect(page.getByTestId("peer-not-found")).toContainText("No report for this participant");
  await expect(page.getByRole("link", { name: "Look this id up" })).toBeVisible();
});

test.describe("a reader in Los Angeles", () => {
  test.use({ timezoneId: "America/Los_Angeles" });

  test("sees local times with their zone beside UTC, and local chart times on request", async ({ page }) => {
    await page.goto(peerUrl(SIM.peers.lossBurst));
    const joined = page.locator("dt", { hasText: /^Joined$/ }).locator("xpath=following-sibling::dd[1]");
    await expect(joined).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d P[SD]T\)$/);
    // The control says whose local time: the reader's, not the participant's.
    await page.getByRole("button", { name: /^Show my local time \(America\/Los_Angeles, UTC-[78]\)$/ }).click();
    await expect(page.getByTestId("chart-window")).toContainText(/Showing \d{4}-\d\d-\d\d \d\d:\d\d:\d\d P[SD]T – /);
  });
});

// UTC itself, and Reykjavik, on GMT all year (named "GMT", not "UTC").
for (const timezoneId of ["UTC", "Atlantic/Reykjavik"]) {
  test.describe(`a reader on ${timezoneId}`, () => {
    test.use({ timezoneId });

    test("is not shown the same time twice", async ({ page }) => {
      await page.goto(peerUrl(SIM.peers.lossBurst));
      const joined = page.locator("dt", { hasText: /^Joined$/ }).locator("xpath=following-sibling::dd[1]");
      await expect(joined).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    });
  });
}

test("the peer page's first load carries no validation library (zod stays on the server)", async ({
  page,
  request,
}) => {
  await page.goto(peerUrl(SIM.peers.healthy));
  await expect(page.getByTestId("findings")).toBeVisible();
  // Scripts the HTML asks for before DOMContentLoaded: what every first visit must download.
  const firstLoad = await page.evaluate(() => {
    const dcl = (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming)
      .domContentLoadedEventStart;
    return (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((r) => r.name.endsWith(".js") && r.startTime < dcl)
      .map((r) => r.name);
  });
  expect(firstLoad.length).toBeGreaterThan(0);
  for (const url of firstLoad) expect(await (await request.get(url)).text(), url).not.toContain("ZodError");
});

test("verdict line: the loss-burst peer's names her uplink loss and what the others in the call had then", async ({
  page,
}) => {
  // The session page checks a small call's participants by itself; the index keeps their verdicts.
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByTestId("participants-table").getByTestId("health-badge")).toHaveCount(4, {
    timeout: 20_000,
  });
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const line = page.getByTestId("verdict-line");
  await expect(line).toHaveAttribute("data-cause", "uplink");
  await expect(line).toHaveAttribute("data-others", "compared");
  await expect(line).toHaveAttribute("data-tone", "poor");
  await expect(line).toContainText(new RegExp(String.raw`Likely their uplink: \d+(\.\d)? % loss sent ${UTC_RANGE}`));
  // Marco was fine, Lee only received her damaged media, Sam had his own CPU trouble: not "everyone".
  await expect(line).toContainText(
    /of the 3 others (in the call|checked) then, 1 was fine, 1 had trouble only in what/,
  );
  const sam = line.getByRole("link", { name: "Sam Ortiz" });
  await expect(sam).toHaveAttribute("href", new RegExp(`/peers/${SIM.peers.cpuLimited}\\?from=.*&to=.*#charts$`));
});

test("verdict: choosing a finding marks its band on its chart, from the keyboard, and clears", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  const chart = page.getByTestId("chart-lossPct");
  await expect(chart).toHaveAttribute("data-levels", "warn ≥ 5 %; poor ≥ 10 %", { timeout: 20_000 });
  await expect(chart).toHaveAttribute("data-highlighted", "0");
  // Its episode is shaded even before it is chosen.
  await expect(chart).toHaveAttribute("data-shaded", /^[1-9]/);
  const toggle = page.getByTestId("finding").filter({ hasText: /loss/i }).first().getByTestId("finding-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/[?&]finding=loss-audio_producer-0/);
  await expect(chart).toHaveAttribute("data-highlighted", "1");
  await expect(page.getByTestId("chart-rttMs")).toHaveAttribute("data-highlighted", "0");
  // Shareable: the same link opens with it chosen; "Clear highlight" takes it off.
  await page.reload();
  await expect(chart).toHaveAttribute("data-highlighted", "1", { timeout: 20_000 });
  await page.getByTestId("clear-finding").click();
  await expect(
    page.getByTestId("finding").filter({ hasText: /loss/i }).first().getByTestId("finding-toggle"),
  ).toHaveAttribute("aria-pressed", "false");
  await expect(chart).toHaveAttribute("data-highlighted", "0");
  await expect(page).not.toHaveURL(/finding=/);
});
