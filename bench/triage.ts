/**
 * Triage figures for `npm run bench` (docs/quality-index.md): the sessions list's quality for a page
 * of 20 sessions, first and second view, and a full check of the 1,000-person webinar from its page
 * at the checks' share of the budget. Run by bench/pages.ts on its server (the deployment's default
 * budget: 1,200 requests per 300 s, half of it for checks). Prints, asserts nothing.
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { SIM } from "@/simulator/scenarios";

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Env {
  browser: Browser;
  /** A signed-in context: its cookies sign the new ones in. */
  signedIn: BrowserContext;
  /** The instance the webinar is checked on. */
  app: string;
  /** A fresh instance for the sessions list. */
  listApp: string;
  simOrigin: string;
}

interface Logged {
  path: string;
  status: number;
}

async function upstreamLog(simOrigin: string): Promise<{ count: number; requests: Logged[] }> {
  return (await (await fetch(`${simOrigin}/__sim/requests`)).json()) as { count: number; requests: Logged[] };
}

/** What the upstream was asked, by kind ("412 reports, 2 sessions lists"), failures apart. */
function breakdown(log: { count: number; requests: Logged[] }): string {
  const kinds = new Map<string, number>();
  for (const r of log.requests) {
    const kind = r.path.includes("/peer-report/")
      ? "reports"
      : r.path.endsWith("/participants")
        ? "participant pages"
        : r.path.endsWith("/sessions")
          ? "sessions lists"
          : /\/sessions\/[^/]+$/.test(r.path)
            ? "sessions"
            : "other";
    const key = r.status === 200 ? kind : `${kind} (${r.status || "unanswered"})`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  const parts = [...kinds].map(([k, n]) => `${n} ${k}`).join(", ");
  const partial = log.requests.length < log.count ? ` (of the last ${log.requests.length})` : "";
  return log.count === 0 ? "none" : `${parts}${partial}`;
}

async function clearLog(simOrigin: string) {
  await fetch(`${simOrigin}/__sim/requests`, { method: "DELETE" });
}

async function freshPage(env: Env): Promise<Page> {
  const c = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await c.addCookies(await env.signedIn.cookies());
  return c.newPage();
}

export async function benchTriage(env: Env) {
  await benchWebinarScan(env);
  await benchSessionsList(env);
}

/**
 * A page of 20 ended sessions, as an engineer opening the list sees it: the list and the automatic
 * checks of its small sessions, then "Check this page" for the rest. A second view, in a new tab,
 * must find it all in the index and the response cache.
 */
async function benchSessionsList(env: Env) {
  const path = `/apps/${SIM.apps.prod.id}/sessions?status=ended&perPage=20`;
  // The automatic checks end "done" (even with nothing to do); "Check this page" ends "done" or
  // "paused" (the checks' share spent).
  const settled = async (page: Page, attr: "data-auto" | "data-checks") => {
    await page.waitForFunction(
      (a) => ["done", "paused"].includes(document.querySelector('[data-testid="list-checks"]')?.getAttribute(a) ?? ""),
      attr,
      { timeout: 300_000 },
    );
    await page.waitForLoadState("networkidle");
  };
  const qualities = (page: Page) =>
    page
      .getByTestId("sessions-table")
      .locator("tbody tr")
      .evaluateAll((trs) => ({
        rows: trs.length,
        known: trs.filter((tr) =>
          /poor|degraded|good|unknown/i.test(tr.querySelector('[data-label="Call quality"]')?.textContent ?? ""),
        ).length,
      }));
  const view = async (checkPage: boolean) => {
    const page = await freshPage(env);
    await clearLog(env.simOrigin);
    const t0 = performance.now();
    await page.goto(`${env.listApp}${path}`);
    await settled(page, "data-auto");
    const auto = { ms: performance.now() - t0, log: await upstreamLog(env.simOrigin), ...(await qualities(page)) };
    let all = auto;
    const button = page.getByRole("button", { name: "Check this page" });
    if (checkPage && (await button.isEnabled())) {
      await button.click();
      await settled(page, "data-checks");
      all = { ms: performance.now() - t0, log: await upstreamLog(env.simOrigin), ...(await qualities(page)) };
    }
    await page.context().close();
    return { auto, all };
  };
  const first = await view(true);
  const second = await view(false);
  const line = (v: { ms: number; log: { count: number; requests: Logged[] }; rows: number; known: number }) =>
    `${v.log.count} upstream calls (${breakdown(v.log)}), ${s(v.ms)}; ${v.known} of ${v.rows} rows with a quality`;
  console.log("\nSessions list: a page of 20 ended sessions with quality (next start, loopback, Chromium)");
  console.log(`  first view, automatic checks        ${line(first.auto)}`);
  console.log(`  then "Check this page"              ${line(first.all)} (in all)`);
  console.log(`  second view (new tab)               ${line(second.auto)}`);
  console.log(
    "  (goal: no call for quality on the second view; the list itself is kept 10 s, as new sessions keep coming)",
  );
}

/**
 * The webinar checked from its page with "Check all": upstream calls, wall time against the least
 * the checks' share allows for that many calls, and when the worst 10 known so far are on screen.
 */
async function benchWebinarScan(env: Env) {
  const page = await freshPage(env);
  // Each health answer's time and the checks' share it reports: when the first window's share ran out.
  const health: { at: number; limit: number; windowMs: number; used: number }[] = [];
  let t0 = 0;
  page.on("response", async (r) => {
    if (!r.url().includes("/health?") || !r.ok()) return;
    const body = (await r.json().catch(() => null)) as {
      scan?: { limit: number; windowMs: number; used: number };
    } | null;
    if (body?.scan) health.push({ at: performance.now() - t0, ...body.scan });
  });
  await page.goto(`${env.app}/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.webinar}`);
  const button = page.getByTestId("scan-button");
  await button.waitFor();
  const label = (await button.textContent()) ?? "";
  await clearLog(env.simOrigin);
  t0 = performance.now();
  await button.click();
  await page.getByRole("button", { name: "Pause" }).waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="worst-so-far"] li').length >= 10,
    undefined,
    {
      timeout: 600_000,
    },
  );
  const worst10 = performance.now() - t0;
  // Done when the scan stops: every participant checked, or some could not be (the button then
  // offers to check those again).
  await page.waitForFunction(
    () => document.querySelector('[data-testid="scan-button"]')?.textContent !== "Pause",
    undefined,
    { timeout: 1_800_000, polling: 250 },
  );
  const wall = performance.now() - t0;
  const log = await upstreamLog(env.simOrigin);
  const status = (await page.getByTestId("scan-status").textContent()) ?? "";
  const summary = (await page.getByTestId("health-summary").textContent()) ?? "";
  await page.context().close();

  const calls = log.count;
  console.log("\nWebinar triage: 1,000 participants checked from the session page (next start, loopback, Chromium)");
  console.log(`  started with                        "${label.trim()}"; ended "${status.trim()}"`);
  console.log(`  result                              ${summary.trim()}`);
  console.log(`  upstream calls                      ${calls}: ${breakdown(log)}`);
  console.log(`  worst 10 so far on screen           ${s(worst10)} after the click`);
  const share = health[0];
  if (!share) {
    console.log("  no health answer carried the checks' share: no minimum to compare with");
    return;
  }
  // A sliding window lets S requests through per window: N calls cannot all be sent before
  // (⌈N/S⌉ − 1) windows have passed, however fast the reports are read.
  const minimum = (Math.ceil(calls / share.limit) - 1) * share.windowMs;
  const over = (ms: number) => (minimum > 0 ? `${((ms / minimum - 1) * 100).toFixed(1)} % over` : "n/a");
  console.log(
    `  checks' share                       ${share.limit} requests per ${s(share.windowMs)}: ` +
      `the least time for ${calls} calls is ${s(minimum)}`,
  );
  console.log(`  wall time                           ${s(wall)}, ${over(wall)} the minimum (goal: within 10 %)`);
  // Calls are sent as fast as the reports are read, and a sliding window gives permits back at the
  // pace they were taken: the calls past the first window cannot go faster than the first did.
  const spent = health.find((h) => h.used >= h.limit);
  if (spent && calls > share.limit) {
    const pace = share.limit / (spent.at / 1000);
    const bound = share.windowMs + ((calls - share.limit) / pace) * 1000;
    console.log(
      `  first window's share spent after    ${s(spent.at)} (${pace.toFixed(1)} reports/s: the simulator and the app ` +
        "reading 4-hour reports on this machine)",
    );
    console.log(
      `  least time at that pace             ${s(bound)}: one window, then ${calls - share.limit} calls ` +
        `at that pace; wall time is ${((wall / bound - 1) * 100).toFixed(1)} % over it`,
    );
  }
}
