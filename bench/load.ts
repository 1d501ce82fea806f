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
    urls.map((url) => autocannon({ url, connections: per, duration: durationS, headers: { cookie }, timeout: 30 })),
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
  const durationS = Number(process.env.LOAD_S) > 0 ? Number(process.env.LOAD_S) : 30;
  const redisPort = 6391;
  const configs: { label: string; instances: number; redis: boolean }[] = [
    { label: "1 instance", instances: 1, redis: false },
    { label: "2 instances", instances: 2, redis: false },
  ];
  if (existsSync(REDIS_BIN)) {
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
 * The peer API's own cost: p50 through the app against p50 straight from the simulator for the
 * same 4-hour reports, one request at a time; on a miss (each report asked once) and on a hit.
 */
async function latencyRatio(env: LoadEnv) {
  const port = 3193;
  const server = env.startApp(port, {});
  await usingProcess(server, async () => {
    await waitFor(`http://127.0.0.1:${port}/api/health`, server, "next start");
    const kit = `${env.simBase}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${SIM.apps.prod.id}`;
    const auth = { authorization: `Bearer ${SIM_DEFAULTS.token}` };
    const peers: string[] = [];
    for (const page of [2, 3]) {
      const res = await fetch(`${kit}/sessions/${SIM.sessions.webinar}/participants?per_page=100&page_no=${page}`, {
        headers: auth,
      });
      const body = (await res.json()) as { data: { participants: { id: string }[] } };
      peers.push(...body.data.participants.map((p) => p.id));
    }
    const timed = async (url: string, headers: Record<string, string>) => {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
    const n = 30;
    // Each report generated once in the simulator first, so both sides read one it has ready.
    for (const p of peers.slice(0, 2 * n)) await fetch(`${kit}/sessions/peer-report/${p}`, { headers: auth });
    const direct: number[] = [];
    const miss: number[] = [];
    for (let i = 0; i < n; i++) {
      direct.push(await timed(`${kit}/sessions/peer-report/${peers[i]}`, auth));
      miss.push(
        await timed(`http://127.0.0.1:${port}/api/apps/${SIM.apps.prod.id}/peers/${peers[n + i]}`, {
          cookie: env.cookie,
        }),
      );
    }
    // One report, kept in the cache since its miss above (the cache holds a few dozen 4-hour reports).
    const cachedPeer = peers[2 * n - 1] as string;
    const hit: number[] = [];
    for (let i = 0; i < n; i++)
      hit.push(
        await timed(`http://127.0.0.1:${port}/api/apps/${SIM.apps.prod.id}/peers/${cachedPeer}`, {
          cookie: env.cookie,
        }),
      );
    const d = median(direct);
    console.log(" Peer API against the simulator, 4-hour reports, one request at a time (median of 30)");
    console.log(`  straight from the simulator         ${ms(d)}`);
    console.log(
      `  through the app, cache miss         ${ms(median(miss))} = ${(median(miss) / d).toFixed(2)}x (goal <= 1.2x)`,
    );
    console.log(
      `  through the app, cache hit          ${ms(median(hit))} = ${(median(hit) / d).toFixed(2)}x (goal < 1x)`,
    );
  });
}
