import { expect, test, type APIRequestContext } from "@playwright/test";
import { SIM, SIM_ORIGIN, USERS } from "./env";
import { signInWithPassword, startAppServer } from "./helpers";
import { redisAvailable, startRedis, type TestRedis } from "../lib/test/redis-server";

/**
 * Two app instances (`next start` each) on one redis-server, as behind a load balancer
 * (docs/shared-store.md): a report one fetched is served by the other from the shared cache, with no
 * upstream call; a session signed out on one is refused by the other; Redis killed, both still
 * answer and /api/ready says the store is down; Redis back, they share again without a restart.
 * Ports of their own: no other spec uses them.
 */

const APP = SIM.apps.prod.id;
const PORTS = [3161, 3162] as const;

const startInstance = (port: number, redisUrl: string) => startAppServer(port, { REDIS_URL: redisUrl });

/** The simulator's requests for one peer's report. */
async function reportCalls(peerId: string): Promise<number> {
  const res = await fetch(`${SIM_ORIGIN}/__sim/requests`);
  const { requests } = (await res.json()) as { requests: { path: string }[] };
  return requests.filter((r) => r.path.includes(`/peer-report/${peerId}`)).length;
}

async function peer(request: APIRequestContext, base: string, peerId: string) {
  const res = await request.get(`${base}/api/apps/${APP}/peers/${peerId}?sections=device`);
  expect(res.status(), `${base} ${peerId}`).toBe(200);
  return res.json();
}

// `npm test` works without Redis installed; CI installs it (.ci/run), and there it must run.
test.skip(!redisAvailable && !process.env.CI, "redis-server is not installed");
// One Redis and two instances for the file, in order: the last test kills and restarts Redis.
test.describe.configure({ mode: "serial" });

let redis: TestRedis | null = null;
let running: { url: string; stop: () => Promise<void> }[] = [];
let a = "";
let b = "";

test.beforeAll(async () => {
  test.setTimeout(90_000);
  redis = await startRedis();
  const server = redis;
  const started = await Promise.allSettled(PORTS.map((port) => startInstance(port, server.url)));
  running = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  if (running.length !== PORTS.length) throw new Error("an instance did not start");
  [a, b] = running.map((r) => r.url) as [string, string];
});

test.afterAll(async () => {
  await Promise.all(running.map((instance) => instance.stop()));
  await redis?.stop();
});

test("a cookie saved before signing out on one instance gets 401 from the other", async ({ browser, playwright }) => {
  // A sign-in of its own: signing out must not end the session the other specs share.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${a}/login`);
  await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const saved = await context.cookies();
  const replay = async () => {
    const api = await playwright.request.newContext({ storageState: { cookies: saved, origins: [] } });
    const status = (await api.get(`${b}/api/apps`, { maxRedirects: 0 })).status();
    await api.dispose();
    return status;
  };
  expect(await replay()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  expect(await replay()).toBe(401);
  await context.close();
});

test("two instances share one cache through Redis, go on alone while it is down, and share again after", async ({
  request,
}) => {
  test.setTimeout(120_000);
  // The session cookie is the shared server's: cookies are per host, not per port.
  // One instance fetches the report; the other serves it from the shared cache.
  const first = SIM.peers.cpuLimited;
  const before = await reportCalls(first);
  const fromA = await peer(request, a, first);
  expect(await reportCalls(first)).toBe(before + 1);
  const fromB = await peer(request, b, first);
  expect(fromB).toEqual(fromA);
  expect(await reportCalls(first)).toBe(before + 1);

  const ready = await request.get(`${b}/api/ready`);
  expect((await ready.json()).checks.store).toMatchObject({ configured: true, connected: true });

  // Redis gone: each instance answers on its own, and says the store is down.
  await redis!.kill();
  const second = SIM.peers.mobile4g;
  await peer(request, a, second);
  await peer(request, b, second);
  const down = await request.get(`${b}/api/ready`);
  expect(down.status()).toBe(503);
  expect((await down.json()).failing).toContain("store");

  // Redis back on its port: the same processes share again, no restart.
  await redis!.restart();
  for (const base of [a, b]) {
    await expect.poll(async () => (await request.get(`${base}/api/ready`)).status(), { timeout: 20_000 }).toBe(200);
  }
  const third = SIM.peers.reconnecting;
  const beforeThird = await reportCalls(third);
  await peer(request, a, third);
  await peer(request, b, third);
  expect(await reportCalls(third)).toBe(beforeThird + 1);
});
