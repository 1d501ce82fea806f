/**
 * Load figures for `npm run bench` (issue 12's "Load"): 200 concurrent signed-in clients for
 * LOAD_S seconds (default 30) against the peer API, the session page and the sessions list, on one
 * and on two instances, each without and with a shared Redis; then the peer API's latency against
 * the simulator's own for the same report, on a cache miss and on a hit. Prints, asserts nothing.
 * `SKIP_LOAD=1` leaves it out.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import autocannon, { type Result } from "autocannon";
import { SIM, SIM_DEFAULTS } from "@/simulator/scenarios";
import { stopProcess, usingProcess, waitFor } from "@/scripts/processes";

const CONNECTIONS = 200;
const REDIS_BIN = "/usr/bin/redis-server";
const ms = (n: number) => `${n.toFixed(0)} ms`;

export interface LoadEnv {
  cookie: string;
  simBase: string;
  simOrigin: string;
  /** Starts `next start` on a port, with extra environment. */
  startApp: (port: number, extra: Record<string, string>) => ChildProcess;
}

const TARGETS = [
  { name: "peer API (36 min report)", path: `/api/apps/${SIM.apps.prod.id}/peers/${SIM.peers.lossBurst}` },
  { name: "session page (4 people)", path: `/apps/${SIM.apps.prod.id}/sessions/${SIM.sessions.problem}` },
  { name: "sessions list", path: `/apps/${SIM.apps.prod.id}/sessions` },
];

async function upstreamCount(simOrigin: string): Promise<number> {
  return ((await (await fetch(`${simOrigin}/__sim/requests`)).json()) as { count: number }).count;
}

/** Several instances at once, CONNECTIONS in all, split evenly; figures of each and their sum. */
async function hammer(urls: string[], cookie: string, durationS: number): Promise<Result[]> {
  const per = Math.floor(CONNECTIONS / urls.length);
  return Promise.all(
    // As browsers ask: gzip taken (autocannon asks for no encoding of its own).
    urls.map((url) =>
      autocannon({
        url,
        connections: per,
        duration: durationS,
        headers: { cookie, "accept-encoding": "gzip, deflate, br" },
        timeout: 30,
      }),
    ),
  );
}

function line(name: string, results: Result[], calls: number): string {
  const rps = results.reduce((n, r) => n + r.requests.average, 0);
  const p50 = Math.max(...results.map((r) => r.latency.p50));
  const p99 = Math.max(...results.map((r) => r.latency.p99));
  const errors = results.reduce((n, r) => n + r.errors + r.non2xx, 0);
  return (
    `  ${name.padEnd(34)} ${rps.toFixed(0).padStart(6)} req/s, p50 ${ms(p50)}, p99 ${ms(p99)}, ` +
    `errors ${errors} (goal 0), upstream calls ${calls}`
  );
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_BIN, ["--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode})`);
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("redis-server did not start");
}

export async function benchLoad(env: LoadEnv) {
  // LOAD_S=0: only the latency against the simulator (a quick check while working on the peer API).
  const durationS = process.env.LOAD_S === "0" ? 0 : Number(process.env.LOAD_S) > 0 ? Number(process.env.LOAD_S) : 30;
  const redisPort = 6391;
  const configs: { label: string; instances: number; redis: boolean }[] = durationS
    ? [
        { label: "1 instance", instances: 1, redis: false },
        { label: "2 instances", instances: 2, redis: false },
      ]
    : [];
  if (durationS && existsSync(REDIS_BIN)) {
    configs.push({ label: "1 instance + Redis", instances: 1, redis: true });
    configs.push({ label: "2 instances + Redis", instances: 2, redis: true });
  }
  console.log(
    `\nLoad: ${CONNECTIONS} concurrent signed-in clients for ${durationS} s per target (autocannon, loopback; ` +
      "app, simulator and load generator share this machine's cores)",
  );
  for (const c of configs) {
    const redis = c.redis ? await startRedis(redisPort) : null;
    const extra: Record<string, string> = c.redis ? { REDIS_URL: `redis://127.0.0.1:${redisPort}` } : {};
    const ports = Array.from({ length: c.instances }, (_, i) => 3193 + i);
    const servers = ports.map((p) => env.startApp(p, extra));
    try {
      await Promise.all(servers.map((s, i) => waitFor(`http://127.0.0.1:${ports[i]}/api/health`, s, "next start")));
      console.log(` ${c.label}`);
      for (const t of TARGETS) {
        const urls = ports.map((p) => `http://127.0.0.1:${p}${t.path}`);
        // Warm: the first view fills the cache, as a user's first visit would.
        for (const u of urls) await fetch(u, { headers: { cookie: env.cookie } });
        const before = await upstreamCount(env.simOrigin);
        const results = await hammer(urls, env.cookie, durationS);
        console.log(line(t.name, results, (await upstreamCount(env.simOrigin)) - before));
      }
    } finally {
      await Promise.all(servers.map((s) => stopProcess(s, 5_000)));
      if (redis) await stopProcess(redis, 2_000);
    }
  }
  await latencyRatio(env);
}

/**
 * The peer API's own cost: p50 through the app against p50 straight from the simulator, one request
 * at a time, for 4-hour reports asked with the app's own query (include_peer_events). Two ways:
 * - the simulator generating each report, as on a first ask (it keeps only its last 8): each side
 *   asks for reports nobody asked for before (different attendees of one webinar, alike in size);
 * - the simulator with each report ready: the same report straight and through the app (a miss
 *   there), so the difference is the app's own work alone (validate, reshape, mask, serialise, gzip).
 * Then a hit: one report the app keeps, answered from its stored bytes.
 */
async function latencyRatio(env: LoadEnv) {
  const port = 3193;
  const server = env.startApp(port, {});
  await usingProcess(server, async () => {
    await waitFor(`http://127.0.0.1:${port}/api/health`, server, "next start");
    const kit = `${env.simBase}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${SIM.apps.prod.id}`;
    const auth = { authorization: `Bearer ${SIM_DEFAULTS.token}` };
    const n = 30;
    const peers: string[] = [];
    for (let page = 2; peers.length < 3 * n; page++) {
      const res = await fetch(`${kit}/sessions/${SIM.sessions.webinar}/participants?per_page=100&page_no=${page}`, {
        headers: auth,
      });
      const body = (await res.json()) as { data: { participants: { id: string }[] } };
      if (body.data.participants.length === 0) throw new Error("the webinar has too few attendees for the bench");
      peers.push(...body.data.participants.map((p) => p.id));
    }
    const timed = async (url: string, headers: Record<string, string>) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      return performance.now() - t0;
    };
    const direct = (peer: string) => timed(`${kit}/sessions/peer-report/${peer}?include_peer_events=true`, auth);
    const viaApp = (peer: string) =>
      timed(`http://127.0.0.1:${port}/api/apps/${SIM.apps.prod.id}/peers/${peer}`, { cookie: env.cookie });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    const cold = { direct: [] as number[], app: [] as number[] };
    const ready = { direct: [] as number[], app: [] as number[] };
    for (let i = 0; i < n; i++) {
      cold.direct.push(await direct(peers[i] as string));
      cold.app.push(await viaApp(peers[n + i] as string));
      const peer = peers[2 * n + i] as string;
      await direct(peer);
      ready.direct.push(await direct(peer));
      ready.app.push(await viaApp(peer));
    }
    // One report, kept by the app since its miss above (the cache holds a few dozen 4-hour reports).
    const kept = peers[3 * n - 1] as string;
    const hit: number[] = [];
    for (let i = 0; i < n; i++) hit.push(await viaApp(kept));
    const row = (label: string, xs: number[], d: number, goal: string) =>
      console.log(`  ${label.padEnd(44)} ${ms(median(xs))} = ${(median(xs) / d).toFixed(2)}x (goal ${goal})`);
    console.log(" Peer API against the simulator, 4-hour reports, one request at a time (median of 30)");
    const dc = median(cold.direct);
    const dr = median(ready.direct);
    console.log(`  straight from the simulator, generating   ${ms(dc)}`);
    row("through the app, miss, simulator generating", cold.app, dc, "<= 1.2x");
    console.log(`  straight from the simulator, report ready ${ms(dr)}`);
    row("through the app, miss, same report ready", ready.app, dr, "<= 1.2x");
    row("through the app, hit (stored bytes)", hit, dr, "< 1x");
  });
}
