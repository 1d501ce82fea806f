import { expect, test } from "@playwright/test";
import { SIM } from "./env";

/** Findings and panels on payloads the schema allows but tidy data never shows (the simulator's edge session). */

const APP = SIM.apps.prod.id;
const peerUrl = (id: string) => `/apps/${APP}/peers/${id}`;

test("a pair with no type or protocol and no left_at read 'not reported', not direct UDP or in the call", async ({
  page,
}) => {
  await page.goto(peerUrl(SIM.peers.edgeUntypedPair));
  await expect(
    page
      .locator("dl.facts > div")
      .filter({ has: page.locator("dt", { hasText: /^Left$/ }) })
      .locator("dd"),
  ).toHaveText("not reported");
  await expect(page.getByTestId("candidate-pairs")).toContainText("not reported");
  await expect(page.getByTestId("precall")).toContainText("path and protocol not reported");
  await expect(page.getByTestId("precall")).not.toContainText("direct over UDP");
});

test("the session roster says a missing leave time was not reported in an ended session", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.edge}`);
  const row = page.locator(`tr[data-peer-id="${SIM.peers.edgeUntypedPair}"]`);
  await expect(row.locator('td[data-label="Left"]')).toHaveText("not reported");
  await expect(page.getByText("in call", { exact: true })).toHaveCount(0);
});

test("empty series with RealtimeKit's summary show the summary and say the series are missing", async ({ page }) => {
  await page.goto(peerUrl(SIM.peers.edgeSummaryOnly));
  await expect(page.locator('[data-testid="finding"][data-rule="empty-media"]')).toContainText(
    "No quality time series, only RealtimeKit's own summary",
  );
  await expect(page.getByTestId("summary-cards")).toContainText("no time series (empty)");
  await expect(page.getByTestId("findings")).not.toContainText("Nothing can be said");
});

test("the thresholds line leads with the minimum duration; a warning past poor says why beside its title", async ({
  page,
}) => {
  await page.goto(peerUrl(SIM.peers.lossBurst));
  await expect(page.getByTestId("thresholds-note")).toHaveText(
    /^Each level must hold for at least 15 s: loss ≥ 5 % warns/,
  );
  const jitter = page
    .locator('[data-testid="finding"][data-rule="jitter"][data-severity="warn"]')
    .filter({ has: page.getByTestId("finding-note") })
    .first();
  await expect(jitter.getByTestId("finding-note")).toHaveText(
    /^— peaked at \d+ ms; above the poor level \(> 60 ms\) for \d+ s( at most at a time)?, under the 15 s needed$/,
  );
});

test("a context finding highlighted from a link (tab in the background) is outlined on every chart", async ({
  page,
}) => {
  await page.goto(`${peerUrl(SIM.peers.cpuLimited)}?finding=background-call-0`);
  const toggle = page
    .getByTestId("finding")
    .filter({ hasText: /in the background/ })
    .getByTestId("finding-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  for (const chart of ["chart-lossPct", "chart-bitrateKbps", "chart-fps"])
    await expect(page.getByTestId(chart)).toHaveAttribute("data-highlighted", "1", { timeout: 20_000 });
  // Pressed again, it clears.
  await toggle.click();
  await expect(page.getByTestId("chart-lossPct")).toHaveAttribute("data-highlighted", "0");
  // A finding= that is no finding's id is named, and highlights nothing.
  await page.goto(`${peerUrl(SIM.peers.cpuLimited)}?finding=%3Cb%3E`);
  await expect(page.getByTestId("window-notice")).toContainText("finding");
  await expect(page.getByTestId("chart-lossPct")).toHaveAttribute("data-highlighted", "0", { timeout: 20_000 });
});
