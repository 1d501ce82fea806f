/**
 * The checks of scripts/try-compose.sh, against two standalone instances behind Caddy sharing one
 * Redis (compose.yaml's topology, README.md "Deploying"). Everything a user does goes through the
 * proxy; the instances are asked directly only to prove what they share. Prints one PASS or FAIL
 * line per check and exits non-zero if any failed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { SIM } from "@/simulator/scenarios";
import { chromiumLaunchOptions } from "./chromium";
import { healthcheckArgv } from "./dockerfile";
import { startTestIdp } from "./test-idp";

const env = (name: string, fallback = "") => process.env[name] || fallback;
const PROXY = env("TRY_PROXY", "http://127.0.0.1:8318");
const APPS = { app1: env("TRY_APP1", "http://127.0.0.1:3311"), app2: env("TRY_APP2", "http://127.0.0.1:3312") };
const SIM_ORIGIN = env("TRY_SIM", "http://127.0.0.1:8799");
const LOG_DIR = env("TRY_LOG_DIR", ".reports/try-compose");
const BASE = env("INSPECTOR_BASE_PATH");
const EMAIL = env("TRY_EMAIL");
const PASSWORD = env("TRY_PASSWORD");
// The prefix that drops to the image's user (setpriv …), for the health check command.
const RUN_AS = env("TRY_RUN_AS").split(" ").filter(Boolean);
const OIDC_ISSUER = env("TRY_OIDC_ISSUER");
const OIDC_EMAIL = "sso-user@example.com";
// The redirect_uri the app sent to the IdP's token endpoint: a real IdP refuses the code unless it
// is the one the authorization request named (RFC 6749, 4.1.3); oauth2-mock-server does not check.
const tokenRedirectUris: string[] = [];
const APP = SIM.apps.prod.id;

let failed = 0;
function check(ok: boolean, what: string, detail = ""): boolean {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}${detail ? ` (${detail})` : ""}`);
  if (!ok) failed++;
  return ok;
}

/** A cookie jar of one browser: what Set-Cookie gave, sent back on every request. */
class Jar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  copy(): Jar {
    const jar = new Jar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
}

async function get(url: string, jar?: Jar): Promise<Response> {
  const res = await fetch(url, { redirect: "manual", headers: jar ? { cookie: jar.header() } : {} });
  jar?.take(res);
  return res;
}

const instanceOf = (res: Response) => {
  const hostport = res.headers.get("x-inspector-instance") ?? "";
  return (Object.keys(APPS) as (keyof typeof APPS)[]).find((k) => new URL(APPS[k]).host === hostport);
};
const logOf = (name: keyof typeof APPS) => readFileSync(join(LOG_DIR, `${name}.log`), "utf8");
const simCount = async () => ((await (await fetch(`${SIM_ORIGIN}/__sim/requests`)).json()) as { count: number }).count;

async function probes() {
  const health = await get(`${PROXY}${BASE}/api/health`);
  check(health.status === 200, `GET ${BASE}/api/health through Caddy answers 200`, String(health.status));
  if (BASE) {
    const outside = await get(`${PROXY}/api/health`);
    check(outside.status === 404, "GET /api/health outside the sub-path is not served", String(outside.status));
  }
  const ready = await get(`${PROXY}${BASE}/api/ready`);
  const body = await ready.text();
  let store: { ok?: boolean; configured?: boolean } | undefined;
  try {
    store = (JSON.parse(body) as { checks?: { store?: typeof store } }).checks?.store;
  } catch {
    // not JSON: the check below fails and shows the body
  }
  check(
    ready.status === 200 && store?.ok === true && store.configured === true,
    `GET ${BASE}/api/ready through Caddy: ready, the store (Redis) included`,
    `${ready.status} ${body.slice(0, 160)}`,
  );
}

async function signIn(): Promise<Jar> {
  const jar = new Jar();
  const csrf = (await (await get(`${PROXY}${BASE}/api/auth/csrf`, jar)).json()) as { csrfToken?: string };
  // As the sign-in page sends it: an app path, without the sub-path (lib/auth/return-path.ts).
  const returnPath = `/apps/${APP}/sessions`;
  const target = `${PROXY}${BASE}${returnPath}`;
  const res = await fetch(`${PROXY}${BASE}/api/auth/callback/password`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      csrfToken: csrf.csrfToken ?? "",
      email: EMAIL,
      password: PASSWORD,
      callbackUrl: returnPath,
    }),
  });
  jar.take(res);
  const location = res.headers.get("location") ?? "";
  check(
    [302, 303].includes(res.status) &&
      new URL(location, PROXY).href === target &&
      jar.cookies.has("authjs.session-token"),
    "credentials sign-in through Caddy sets the session cookie and returns to the page asked for",
    `${res.status} → ${location}`,
  );
  return jar;
}

async function spread(jar: Jar) {
  const seen: Record<string, string[]> = {};
  for (let i = 0; i < 10; i++) {
    const res = await get(`${PROXY}${BASE}/api/apps`, jar);
    const name = instanceOf(res) ?? `unknown ${res.headers.get("x-inspector-instance")}`;
    (seen[name] ??= []).push(res.headers.get("x-request-id") ?? "");
    if (res.status !== 200) check(false, `GET ${BASE}/api/apps through Caddy`, `${res.status} from ${name}`);
  }
  const counts = Object.entries(seen).map(([k, ids]) => `${k} ×${ids.length}`);
  check(Boolean(seen.app1 && seen.app2), "Caddy spreads requests over both instances", counts.join(", "));
  await new Promise((r) => setTimeout(r, 300));
  const logs = { app1: logOf("app1"), app2: logOf("app2") };
  const misplaced: string[] = [];
  for (const [name, ids] of Object.entries(seen)) {
    const other = name === "app1" ? "app2" : "app1";
    for (const id of ids) {
      const own = logs[name as keyof typeof logs] ?? "";
      if (!id || !own.includes(`"requestId":"${id}"`) || logs[other].includes(`"requestId":"${id}"`)) {
        misplaced.push(`${name}:${id || "(no x-request-id)"}`);
      }
    }
  }
  check(
    misplaced.length === 0,
    "each answer's x-request-id is in the log of the instance Caddy named, and only there",
    misplaced.slice(0, 3).join(", "),
  );
}

async function sessionPage(jar: Jar) {
  const served = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const res = await get(`${PROXY}${BASE}/apps/${APP}/sessions/${SIM.sessions.healthy}`, jar);
    const html = await res.text();
    const ok = res.status === 200 && html.includes(SIM.sessions.healthy) && !html.includes('name="password"');
    if (!check(ok, "the session page loads signed in through Caddy", `${res.status} from ${instanceOf(res)}`)) return;
    served.add(instanceOf(res) ?? "?");
  }
  check(served.size === 2, "both instances served the session page", [...served].join(", "));
}

async function sharedCache(jar: Jar) {
  // A report nobody asked for yet in this run: instance 1 fetches it, instance 2 must not.
  const path = `${BASE}/api/apps/${APP}/peers/${SIM.peers.lossBurst}`;
  const before = await simCount();
  const first = await get(`${APPS.app1}${path}`, jar);
  const afterFirst = await simCount();
  const second = await get(`${APPS.app2}${path}`, jar);
  const afterSecond = await simCount();
  const [a, b] = [await first.text(), await second.text()];
  check(
    first.status === 200 && afterFirst > before,
    "a peer report fetched via instance 1 calls the simulator",
    `${first.status}, ${afterFirst - before} upstream requests`,
  );
  check(
    second.status === 200 && afterSecond === afterFirst && a === b,
    "the same report via instance 2 is a hit in the shared cache: no upstream request, the same bytes",
    `${second.status}, ${afterSecond - afterFirst} upstream requests`,
  );
  await new Promise((r) => setTimeout(r, 300));
  const id = second.headers.get("x-request-id");
  const line = logOf("app2")
    .split("\n")
    .find((l) => id && l.includes(`"requestId":"${id}"`) && l.includes('"msg":"request"'));
  const fields = line ? (JSON.parse(line) as { upstreamCalls?: number; cacheHits?: number }) : undefined;
  check(
    fields?.upstreamCalls === 0 && (fields.cacheHits ?? 0) > 0,
    "instance 2's log line for it says so (upstreamCalls 0, cacheHits > 0)",
    line ? `upstreamCalls ${fields?.upstreamCalls}, cacheHits ${fields?.cacheHits}` : "no line",
  );
}

async function signOut(jar: Jar) {
  const saved = jar.copy();
  const csrf = (await (await get(`${PROXY}${BASE}/api/auth/csrf`, jar)).json()) as { csrfToken?: string };
  const res = await fetch(`${PROXY}${BASE}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken ?? "", callbackUrl: "/login" }),
  });
  jar.take(res);
  check(
    !jar.cookies.has("authjs.session-token"),
    "sign-out through Caddy clears the session cookie",
    String(res.status),
  );
  const statuses = await Promise.all(
    Object.values(APPS).map(async (origin) => (await get(`${origin}${BASE}/api/apps`, saved)).status),
  );
  check(
    statuses.every((s) => s === 401),
    "a cookie saved before sign-out is refused by both instances (the revocation list in Redis)",
    statuses.join(", "),
  );
}

/**
 * An SSO sign-in through Caddy in Chromium, from the sign-in page's button as a user makes it: the app
 * trusts the proxy's forwarded host (AUTH_TRUST_HOST), so the IdP must be sent back to the proxy's
 * address, and the callback (on whichever instance) must redeem the code with that same address.
 */
async function oidcSignIn() {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    const idp = new URL(OIDC_ISSUER).origin;
    const redirectUris: string[] = [];
    const callbacks: string[] = [];
    page.on("request", (req) => {
      const url = new URL(req.url());
      if (url.origin === idp && url.searchParams.has("redirect_uri")) {
        redirectUris.push(url.searchParams.get("redirect_uri") ?? "");
      }
    });
    page.on("response", (res) => {
      if (res.url().includes("/api/auth/callback/oidc")) {
        callbacks.push(`${new URL(res.url()).origin} ${res.headers()["x-inspector-instance"] ?? "no proxy"}`);
      }
    });
    const deepLink = `${PROXY}${BASE}/apps/${APP}/sessions/${SIM.sessions.healthy}`;
    await page.goto(deepLink);
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    const landed = await page
      .waitForURL((u) => u.href === deepLink, { timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    check(
      redirectUris.length > 0 && redirectUris.every((u) => u === `${PROXY}${BASE}/api/auth/callback/oidc`),
      "SSO through Caddy: the IdP is given the callback at the proxy's address",
      redirectUris.join(", ") || "the IdP was not asked",
    );
    check(
      tokenRedirectUris.length > 0 && tokenRedirectUris.every((u) => redirectUris.includes(u)),
      "SSO through Caddy: the callback redeems the code with that same redirect_uri (a real IdP refuses another)",
      tokenRedirectUris.join(", ") || "no token request",
    );
    check(
      landed,
      "SSO through Caddy: signed in, back at the deep link",
      `${page.url()}; callback ${callbacks.join(", ")}`,
    );
    const session = (await (await page.request.get(`${PROXY}${BASE}/api/auth/session`)).json()) as {
      user?: { email?: string; provider?: string };
    };
    const signedIn = await page.getByRole("button", { name: "Sign out" }).isVisible();
    check(
      session.user?.email === OIDC_EMAIL && session.user.provider === "oidc" && signedIn,
      "SSO through Caddy: the session is the IdP's user and the session page shows signed in",
      `${session.user?.email} via ${session.user?.provider}`,
    );
  } finally {
    await browser.close();
  }
}

/** Runs the Dockerfile's HEALTHCHECK command as the runtime stage would, with its ENV. */
function healthcheck(port: string, basePath: string): { status: number | null; argv: string[] } {
  const argv = healthcheckArgv(readFileSync("Dockerfile", "utf8"));
  const [cmd = "", ...args] = [...RUN_AS, ...argv];
  // The runtime stage's ENV that matters here; nothing else of this process's environment.
  const runtimeEnv = { PATH: process.env.PATH, NODE_ENV: "production" as const, PORT: port, BASE_PATH: basePath };
  const res = spawnSync(cmd, args, { env: runtimeEnv, timeout: 5_000 });
  return { status: res.status, argv };
}

async function freePort(): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(String(port)));
    });
  });
}

async function dockerHealthcheck() {
  const port = new URL(APPS.app1).port;
  const up = healthcheck(port, BASE);
  check(
    up.status === 0 && up.argv[0] === "node",
    "the Dockerfile's HEALTHCHECK command passes against instance 1",
    `exit ${up.status}`,
  );
  const down = healthcheck(await freePort(), BASE);
  check(down.status === 1, "and fails where no server listens", `exit ${down.status}`);
  if (BASE) {
    const wrong = healthcheck(port, "");
    check(
      wrong.status === 1,
      "and fails without the image's BASE_PATH (the sub-path is needed)",
      `exit ${wrong.status}`,
    );
  }
}

/** Last: instance 2 dies (SIGKILL, as a crash or an out-of-memory kill); Caddy must carry on with instance 1. */
async function instanceDown() {
  const pid = Number(env("TRY_APP2_PID"));
  if (!pid) return;
  process.kill(pid, "SIGKILL");
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await get(`${PROXY}${BASE}/api/health`)).status);
  check(
    statuses.every((s) => s === 200),
    "with instance 2 killed, every request through Caddy still succeeds",
    statuses.join(" "),
  );
}

async function main() {
  if (!EMAIL || !PASSWORD) throw new Error("TRY_EMAIL and TRY_PASSWORD must be set (scripts/try-compose.sh does)");
  console.log(`Checking through Caddy at ${PROXY}${BASE || ""}`);
  await probes();
  const jar = await signIn();
  await spread(jar);
  await sessionPage(jar);
  await sharedCache(jar);
  await dockerHealthcheck();
  await signOut(jar);
  if (OIDC_ISSUER) {
    const idp = await startTestIdp({ issuer: OIDC_ISSUER, email: OIDC_EMAIL, tokenRedirectUris });
    try {
      await oidcSignIn();
    } finally {
      await idp.stop();
    }
  }
  await instanceDown();
  if (failed) throw new Error(`${failed} check(s) failed`);
  console.log(`\nAll checks passed${BASE ? ` under ${BASE}` : ""}.`);
}

main().catch((err) => {
  console.error(`FAIL  ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
