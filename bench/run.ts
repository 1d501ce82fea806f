/**
 * `npm run bench`: prints figures, asserts nothing. Runs the simulator in a child process (so its
 * memory is not counted here) and measures the data layer on the 4-hour webinar report.
 *
 * Run with the react-server condition (see package.json) so `server-only` imports resolve as on
 * the server.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { createMemoryBudget } from "@/lib/server/rate-budget";
import { createTransport } from "@/lib/server/realtimekit/http";
import { peerReportSchema } from "@/lib/realtimekit/schemas";
import { buildPeerReport } from "@/lib/realtimekit/peer-report";
import { findings } from "@/lib/report/findings";
import { DEFAULT_THRESHOLDS } from "@/lib/report/thresholds";
import { filtersFor } from "@/lib/server/realtimekit/client";
import type { ReportSection } from "@/lib/realtimekit/types";
import { benchPages } from "./pages";

const RUNS = 21;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function startSimulatorProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "simulator/server.ts"], {
    env: { ...process.env, SIMULATOR_PORT: String(port), SIMULATOR_HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = `http://127.0.0.1:${port}/client/v4`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/__sim/requests`);
      return { base, stop: () => child.kill("SIGTERM") };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill("SIGKILL");
  throw new Error("simulator did not start");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main() {
  const sim = await startSimulatorProcess();
  let heapPeak = 0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    const path = `/${SIM.apps.prod.id}/sessions/peer-report/${SIM.peers.webinarHost}`;
    const url = `${sim.base}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit${path}`;
    const headers = { authorization: `Bearer ${SIM_DEFAULTS.token}` };
    const transport = createTransport({
      baseUrl: sim.base,
      accountId: SIM_DEFAULTS.accountId,
      token: SIM_DEFAULTS.token,
      timeoutMs: 30_000,
      maxRetries: 0,
      budget: createMemoryBudget({ limit: 1_000_000, windowMs: 1000 }),
    });

    // Warm-up: the simulator generates and caches the report; V8 compiles both paths.
    const warm = await (await fetch(url, { headers })).text();
    buildPeerReport(peerReportSchema.parse(JSON.parse(warm)).data);
    const bytes = Buffer.byteLength(warm);

    const bare: number[] = [];
    const full: number[] = [];
    const validateReshape: number[] = [];
    let samples = 0;
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      JSON.parse(await (await fetch(url, { headers })).text());
      bare.push(performance.now() - t0);

      t0 = performance.now();
      const { data } = await transport.get(path, peerReportSchema);
      const report = buildPeerReport(data.data);
      full.push(performance.now() - t0);
      samples = report.tracks.reduce((n, t) => n + t.t.length, 0);

      const parsed = JSON.parse(warm);
      t0 = performance.now();
      buildPeerReport(peerReportSchema.parse(parsed).data);
      validateReshape.push(performance.now() - t0);
    }

    const b = median(bare);
    const f = median(full);
    const v = median(validateReshape);
    console.log("Data layer: 4-hour webinar host peer report (simulator over loopback HTTP)");
    console.log(
      `  payload                              ${(bytes / 1024 / 1024).toFixed(2)} MB, ${samples} samples across tracks`,
    );
    console.log(`  bare fetch + JSON.parse (median/${RUNS})   ${fmt(b)}`);
    console.log(`  fetch + validate + reshape (median)  ${fmt(f)}`);
    console.log(`  ratio                                ${(f / b).toFixed(2)}x (goal <= 1.5x)`);
    console.log(
      `  validate + reshape alone             ${fmt(v)} = ${(bytes / 1024 / 1024 / (v / 1000)).toFixed(1)} MB/s`,
    );
    console.log(
      `  memory peak (this process)           heap ${(heapPeak / 1024 / 1024).toFixed(1)} MB, ` +
        `rss ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`,
    );
    clearInterval(sampler);
    benchFindings(buildPeerReport(peerReportSchema.parse(JSON.parse(warm)).data));
    await benchSections(transport, path, bytes, f);
    if (!process.env.DATA_ONLY) await benchPages(sim.base, new URL(sim.base).origin);
  } finally {
    clearInterval(sampler);
    sim.stop();
  }
}

/** Findings run on every peer page, summary, export and health check: the first run pays for JIT. */
function benchFindings(report: ReturnType<typeof buildPeerReport>) {
  let t0 = performance.now();
  findings(report, DEFAULT_THRESHOLDS);
  const cold = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    findings(report, DEFAULT_THRESHOLDS);
    warm.push(performance.now() - t0);
  }
  console.log(`  findings on this report              first ${fmt(cold)}, then median ${fmt(median(warm))}`);
}

/**
 * What asking the upstream for only the sections a view needs saves (the `filters` parameter,
 * docs/upstream.md), against the whole report: bytes on the wire and fetch + validate + reshape.
 */
async function benchSections(
  transport: ReturnType<typeof createTransport>,
  path: string,
  fullBytes: number,
  fullMs: number,
) {
  const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`);
  console.log("Sections: the same report, only what a view needs (filters) vs whole");
  for (const sections of [["device"], ["quality"]] as ReportSection[][]) {
    const filters = filtersFor(sections)?.join(",");
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const got = await transport.get(path, peerReportSchema, { filters, include_peer_events: true });
      buildPeerReport(got.data.data);
      times.push(performance.now() - t0);
      bytes = got.bytes;
    }
    const ms = median(times);
    const label = `?sections=${sections.join(",")} (filters=${filters})`;
    console.log(
      `  ${label.padEnd(52)} ${kb(bytes)}, ${fmt(ms)}: saves ${kb(fullBytes - bytes)} ` +
        `(${(100 * (1 - bytes / fullBytes)).toFixed(1)} %) and ${fmt(fullMs - ms)} per uncached view`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
