/**
 * Page figures for `npm run bench`: the 1,000-participant session page and the 4-hour peer page,
 * served by `next start` against the simulator, measured with Chromium. Prints, asserts nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "@/scripts/chromium";
import { formatUserEntry, hashPassword } from "@/lib/auth/passwords";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { buildIfNeeded, usingProcess, waitFor } from "@/scripts/processes";
import { benchLoad } from "./load";
import { benchTriage } from "./triage";

const USER = { email: "bench@example.com", password: "bench-password-1" };
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/**
 * `next start` on the simulator. Every instance has the same secret, so one sign-in's cookie works on
 * all of them; each has its own response cache, budget and quality index, as a fresh deployment does.
 */
function startApp(port: number, simBase: string, users: string, extra: Record<string, string> = {}): ChildProcess {
  return spawn("./node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      CLOUDFLARE_API_TOKEN: SIM_DEFAULTS.token,
      CLOUDFLARE_ACCOUNT_ID: SIM_DEFAULTS.accountId,
      CLOUDFLARE_API_BASE_URL: simBase,
      AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_USERS: users,
      ...extra,
    },
  });
}

export async function benchPages(simBase: string, simOrigin: string) {
  buildIfNeeded();
  const port = 3191;
  const app = `http://127.0.0.1:${port}`;
  const users = formatUserEntry(USER.email, await hashPassword(USER.password));
  const server = startApp(port, simBase, users);
  // A browser that cannot start used to leave `next start` holding the port, and the next run
  // failed with EADDRINUSE: the server is stopped whatever happens after its spawn.
  await usingProcess(server, async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch(chromiumLaunchOptions);
      await waitFor(`${app}/api/health`, server, "next start");
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${app}/login`);
      await page.getByLabel("Email").fill(USER.email);
      await page.getByLabel("Password").fill(USER.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByRole("button", { name: "Sign out" }).waitFor();
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

      // ---- Session page, 1,000 participants
      const sessionPath = `/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.webinar}`;
      await fetch(`${simOrigin}/__sim/requests`, { method: "DELETE" });
      const render = async () => {
        const t0 = performance.now();
        const res = await fetch(`${app}${sessionPath}`, { headers: { cookie } });
        const html = await res.text();
        return { t: performance.now() - t0, html };
      };
      const cold = await render();
      const calls = ((await (await fetch(`${simOrigin}/__sim/requests`)).json()) as { count: number }).count;
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push((await render()).t);
      const apiRes = await fetch(
        `${app}/api/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.webinar}/participants?perPage=100`,
        { headers: { cookie } },
      );
      const apiJson = await apiRes.text();
      console.log("\nSession page: 4-hour webinar, 1,000 participants (next start, loopback)");
      console.log(
        `  server render, cold cache           ${ms(cold.t)} ` +
          `(${calls} upstream calls: 1 session + participant pages of 100, + app list)`,
      );
      console.log(`  server render, warm (median of 5)   ${ms(median(warm))} (0 upstream calls while cached)`);
      console.log(
        `  HTML (with the RSC payload)         ${kb(Buffer.byteLength(cold.html))}, ` +
          `gzip ${kb(gzipSync(cold.html).length)}`,
      );
      console.log(
        `  JSON, one participants page (100)   ${kb(Buffer.byteLength(apiJson))}, gzip ${kb(gzipSync(apiJson).length)}`,
      );

      // ---- Peer page, 4-hour report
      const peerPath = `/apps/${SIM.apps.prod.id}/peers/${SIM.peers.webinarHost}`;
      await page.goto(`${app}${peerPath}`); // warm the server cache and the chart chunk
      await page.locator(".chart-figure canvas").first().waitFor({ timeout: 60_000 });
      // First visit (fresh browser context, nothing cached), then four returning visits.
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await ctx.addCookies(await context.cookies());
      const p = await ctx.newPage();
      const usable: number[] = [];
      const firstPaint: number[] = [];
      const paint: number[] = [];
      const chartCode: number[] = [];
      const chartData: number[] = [];
      let firstLoad = 0;
      let lazy = 0;
      for (let i = 0; i < 5; i++) {
        await p.goto(`${app}${peerPath}`, { waitUntil: "load" });
        await p.getByTestId("findings").waitFor();
        usable.push(
          await p.evaluate(() => performance.getEntriesByType("navigation")[0]?.duration ?? performance.now()),
        );
        paint.push(await chartsDrawnAt(p, 60_000));
        const mark = (name: string) => p.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN, name);
        chartCode.push(await mark("inspector:chart-code"));
        chartData.push(await mark("inspector:chart-data"));
        firstPaint.push(
          await p.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
        );
        if (i === 0) {
          // Scripts the HTML itself asks for (before DOMContentLoaded) are the first load; the rest
          // were fetched on demand. Sizes as transferred (next start compresses with gzip).
          const sizes = await p.evaluate(() => {
            const dcl = (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming)
              .domContentLoadedEventStart;
            const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
              (r) => r.initiatorType === "script" || r.name.endsWith(".js"),
            );
            // No named helpers in here: the bundler would wrap them in a function the page lacks.
            let first = 0;
            let lazy = 0;
            for (const r of scripts) {
              if (r.startTime < dcl) first += r.encodedBodySize;
              else lazy += r.encodedBodySize;
            }
            return { first, lazy };
          });
          firstLoad = sizes.first;
          lazy = sizes.lazy;
        }
      }
      await ctx.close();
      // The same browser fetching the raw report from the upstream and parsing it.
      const raw = await context.newPage();
      await raw.goto(`${simOrigin}/__sim/health`);
      const rawUrl =
        `${simBase}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${SIM.apps.prod.id}` +
        `/sessions/peer-report/${SIM.peers.webinarHost}`;
      const parse: number[] = [];
      for (let i = 0; i < 5; i++) {
        parse.push(
          await raw.evaluate(
            async ([url, token]) => {
              const t0 = performance.now();
              JSON.parse(await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).text());
              return performance.now() - t0;
            },
            [rawUrl, SIM_DEFAULTS.token] as const,
          ),
        );
      }
      console.log("\nPeer page: 4-hour webinar host (Chromium, from navigation)");
      const returning = paint.slice(1);
      console.log(
        `  first visit: page usable / charts   ${ms(usable[0] as number)} / ${ms(paint[0] as number)} ` +
          "(nothing cached in the browser)",
      );
      console.log(
        `  returning: first paint (median)     ${ms(median(firstPaint.slice(1)))} ` +
          "(first contentful paint: the floor before anything is drawn)",
      );
      console.log(`  returning: page usable (median)     ${ms(median(usable.slice(1)))}`);
      console.log(
        `  returning: chart code run (median)  ${ms(median(chartCode.slice(1)))} ` +
          "(the lazily loaded chunk with Chart.js)",
      );
      console.log(
        `  returning: chart data in (median)   ${ms(median(chartData.slice(1)))} ` +
          "(samples fetched, parsed and rendered)",
      );
      console.log(
        `  returning: all charts drawn         ${ms(median(returning))} ` +
          "(the last chart's mark; the next frame shows it)",
      );
      console.log(
        `  raw report fetch + JSON.parse       ${ms(median(parse))} (same browser, straight from the upstream)`,
      );
      console.log(
        `  ratio, returning visit              ${(median(returning) / median(parse)).toFixed(2)}x (goal <= 2x)`,
      );
      console.log(`  JS first load (gzip)                ${kb(firstLoad)}; charts, loaded after: ${kb(lazy)}`);

      // ---- The first visit as users feel it: the same page and the same raw report, each in a
      // fresh context over Chromium's emulation of a 20 Mbit/s link with 40 ms latency.
      const link = { offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8 };
      const overLink = async () => {
        const c = await browser!.newContext({ viewport: { width: 1400, height: 900 } });
        await c.addCookies(await context.cookies());
        const pg = await c.newPage();
        const cdp = await c.newCDPSession(pg);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", link);
        return { c, pg };
      };
      const linkUsable: number[] = [];
      const linkPaint: number[] = [];
      const linkFirstPaint: number[] = [];
      const linkRaw: number[] = [];
      for (let i = 0; i < 3; i++) {
        const visit = await overLink();
        await visit.pg.goto(`${app}${peerPath}`, { waitUntil: "load", timeout: 120_000 });
        await visit.pg.getByTestId("findings").waitFor({ timeout: 120_000 });
        linkUsable.push(
          await visit.pg.evaluate(() => performance.getEntriesByType("navigation")[0]?.duration ?? performance.now()),
        );
        linkPaint.push(await chartsDrawnAt(visit.pg, 120_000));
        linkFirstPaint.push(
          await visit.pg.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
        );
        await visit.c.close();

        const rawVisit = await overLink();
        await rawVisit.pg.goto(`${simOrigin}/__sim/health`);
        linkRaw.push(
          await rawVisit.pg.evaluate(
            async ([url, token]) => {
              const t0 = performance.now();
              JSON.parse(await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).text());
              return performance.now() - t0;
            },
            [rawUrl, SIM_DEFAULTS.token] as const,
          ),
        );
        await rawVisit.c.close();
      }
      console.log("\nPeer page: 4-hour webinar host, first visit over an emulated 20 Mbit/s, 40 ms link (median of 3)");
      console.log(`  first paint                         ${ms(median(linkFirstPaint))}`);
      console.log(`  page usable (findings, every panel) ${ms(median(linkUsable))}`);
      console.log(`  all charts drawn                    ${ms(median(linkPaint))}`);
      console.log(`  raw report fetch + JSON.parse       ${ms(median(linkRaw))} (fresh context, same link)`);
      console.log(
        `  ratio, charts drawn / raw report    ${(median(linkPaint) / median(linkRaw)).toFixed(2)}x; ` +
          `page usable / raw ${(median(linkUsable) / median(linkRaw)).toFixed(2)}x`,
      );

      if (!process.env.SKIP_TRIAGE) {
        // The sessions list on an instance of its own: a first view with nothing cached or checked,
        // and checks that do not spend the share the webinar's scan is measured against.
        const listPort = 3192;
        const listApp = `http://127.0.0.1:${listPort}`;
        const second = startApp(listPort, simBase, users);
        await usingProcess(second, async () => {
          await waitFor(`${listApp}/api/health`, second, "next start (second instance)");
          await benchTriage({ browser: browser!, signedIn: context, app, listApp, simOrigin });
        });
      }
      if (!process.env.SKIP_LOAD)
        await benchLoad({
          cookie,
          simBase,
          simOrigin,
          startApp: (p, extra) => startApp(p, simBase, users, extra),
        });
    } finally {
      await browser?.close().catch(() => {});
    }
  });
}

/**
 * When the last chart was drawn: every chart has been built, and Chart.js draws as it builds, each
 * leaving a User Timing mark; the last mark is when all are on their canvases (the next frame
 * shows them).
 */
async function chartsDrawnAt(page: Page, timeout: number): Promise<number> {
  const drawn = await page.waitForFunction(
    () => {
      const figures = document.querySelectorAll(".chart-figure").length;
      const marks = performance.getEntriesByName("inspector:chart-drawn");
      return figures > 0 && marks.length >= figures && Math.max(...marks.map((m) => m.startTime));
    },
    undefined,
    { timeout },
  );
  return (await drawn.jsonValue()) as number;
}
