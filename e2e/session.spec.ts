import { expect, test, type Page } from "@playwright/test";
import { SIM } from "./env";

const APP = SIM.apps.prod.id;

/**
 * A chart's time axis read from its own Chart.js instance: its range, and the page x (CSS px) of
 * each time. Chart.js keeps no handle on the canvas, so the instance is found through React's fiber
 * for it: react-chartjs-2 holds it in a ref of the component that renders the canvas.
 */
async function timeAxis(
  page: Page,
  testId: string,
  times: number[] = [],
): Promise<{ min: number; max: number; xs: number[] }> {
  return page
    .getByTestId(testId)
    .locator("canvas")
    .evaluate((canvas, ts) => {
      type X = { min: number; max: number; getPixelForValue(v: number): number };
      type Hook = { memoizedState?: { current?: { canvas?: unknown; scales?: { x?: X } } }; next?: Hook };
      type Fiber = { memoizedState?: Hook | null; return?: Fiber | null };
      const key = Object.keys(canvas).find((k) => k.startsWith("__reactFiber$"));
      for (let f = key ? ((canvas as unknown as Record<string, Fiber>)[key] ?? null) : null; f; f = f.return ?? null) {
        for (let h = f.memoizedState; h && typeof h === "object" && "next" in h; h = h.next) {
          const chart = h.memoizedState?.current;
          const x = chart?.canvas === canvas ? chart.scales?.x : undefined;
          if (x)
            return {
              min: x.min,
              max: x.max,
              xs: ts.map((t) => canvas.getBoundingClientRect().left + x.getPixelForValue(t)),
            };
        }
      }
      throw new Error("no Chart.js instance behind this canvas");
    }, times);
}

test("the session page lists the participants, draws the timeline and flags the bad call", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await expect(page.getByRole("heading", { name: "Customer support call" })).toBeVisible();
  const table = page.getByTestId("participants-table");
  await expect(table.getByRole("link", { name: "Dana Whitfield" })).toBeVisible();
  await expect(table.getByText(SIM.customParticipantIds.lossBurst)).toBeVisible();

  // The timeline canvas has been drawn on (not blank).
  const canvas = page.getByTestId("participant-timeline").locator("canvas");
  await expect(canvas).toBeVisible();
  const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(1000);

  // Small sessions are checked automatically; the loss-burst participant is not "good".
  const badge = page.locator(`tr[data-peer-id="${SIM.peers.lossBurst}"]`).getByTestId("health-badge");
  await expect(badge).toBeVisible({ timeout: 20_000 });
  await expect(badge).not.toHaveAttribute("data-level", "good");
  // One reason named, and how many more the peer page holds.
  await expect(page.locator(`tr[data-peer-id="${SIM.peers.lossBurst}"]`).getByTestId("health-reason")).toHaveText(
    /^Upstream packet loss .* \(\+\d+ more\)$/,
  );
  await expect(page.getByTestId("health-summary")).toContainText(/\d+ poor/);
});

test("a participant row opens the peer page", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.problem}`);
  await page.getByTestId("participants-table").getByRole("link", { name: "Dana Whitfield" }).click();
  await expect(page).toHaveURL(`/apps/${APP}/peers/${SIM.peers.lossBurst}`);
});

test("reconnects are counted from peer events", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.mobile}`);
  const row = page.locator(`tr[data-peer-id="${SIM.peers.reconnecting}"]`);
  await expect(row.locator("td").nth(6)).toHaveText("2");
});

test("the 1,000-person webinar pages its participants and is not checked unasked", async ({ page }) => {
  const checks: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/health?")) checks.push(r.url());
  });
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.webinar}`);
  await expect(page.getByRole("heading", { name: /Participants \(1,0\d\d\)/ })).toBeVisible();
  await expect(page.getByTestId("participants-table").locator("tbody tr")).toHaveCount(50);
  await expect(page.getByTestId("concurrency-chart")).toBeVisible();
  // Participants checked before (by anyone: the index keeps them) may show; nobody is checked for this view.
  await expect(page.getByTestId("scan-button")).toHaveText(/^Check (all 1,0\d\d|the other [\d,]+) participants$/);
  expect(checks).toEqual([]);
  await page.getByRole("searchbox", { name: "Search participants" }).fill("Elena");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/search=Elena/);
  await expect(page.getByTestId("participants-table").getByRole("link", { name: "Elena Rossi" })).toBeVisible();
});

test("a pasted link keeps its sort and page, and bad values fall back with a notice", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.webinar}?sort=name&page=2`);
  await expect(page.getByRole("combobox", { name: "Sort participants" })).toHaveValue("name");
  await expect(page.getByTestId("paging-summary")).toContainText("51–100");
  await expect(page.getByTestId("view-notice")).toHaveCount(0);

  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.webinar}?sort=loudest&page=999`);
  const notice = page.getByTestId("view-notice");
  await expect(notice).toContainText("sort: must be one of joined");
  await expect(notice).toContainText(/page: is past the last page \(2\d\)/);
  await expect(page.getByRole("combobox", { name: "Sort participants" })).toHaveValue("joined");
  await expect(page.getByTestId("participants-table").locator("tbody tr")).toHaveCount(50);
});

test("a live session shows who is still in the call", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.live}`);
  await expect(page.getByTestId("live-badge")).toBeVisible();
  await expect(page.getByTestId("participants-table").getByText("in call").first()).toBeVisible();
});

test("an unknown session says so and offers the lookup", async ({ page }) => {
  await page.goto(`/apps/${APP}/sessions/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByTestId("session-not-found")).toContainText("No such session");
});

test("the session's two charts put one time at one x", async ({ page }) => {
  // Only a session too large for a lane each shows both: participants over time above the lanes.
  await page.goto(`/apps/${APP}/sessions/${SIM.sessions.webinar}`);
  await expect(async () => {
    const { min, max } = await timeAxis(page, "concurrency-chart");
    // The call's start, a time inside it and its end.
    const times = [min, min + (max - min) / 3, max];
    const top = await timeAxis(page, "concurrency-chart", times);
    const lanes = await timeAxis(page, "participant-timeline", times);
    expect([lanes.min, lanes.max]).toEqual([min, max]);
    for (let i = 0; i < times.length; i++) expect(Math.abs(top.xs[i]! - lanes.xs[i]!)).toBeLessThanOrEqual(1);
  }).toPass({ timeout: 15_000 });
});
