/**
 * `npm run demo`: the product on the simulator, for a newcomer's first look. Builds when the build
 * is missing or older than the sources, starts the simulator and `next start`, prints where to
 * go and how to sign in, and stops both on Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { formatUserEntry, hashPassword } from "@/lib/auth/passwords";
import { SIM_DEFAULTS } from "@/simulator/scenarios";
import { buildIfNeeded, portInUse, waitFor } from "./processes";

const DEMO_USER = { email: "demo@example.com", password: "demo-inspector" };
const appPort = Number(process.env.PORT ?? 3000);
const simPort = Number(process.env.SIMULATOR_PORT ?? SIM_DEFAULTS.port);

async function main() {
  for (const [port, name, variable] of [
    [appPort, "the app", "PORT"],
    [simPort, "the simulator", "SIMULATOR_PORT"],
  ] as const) {
    if (await portInUse(port)) {
      console.error(
        `Port ${port} (for ${name}) is already in use. Stop what uses it, or set ${variable} to another port.`,
      );
      process.exit(1);
    }
  }
  buildIfNeeded();

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    setTimeout(() => process.exit(code), 500).unref();
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  const sim = spawn("./node_modules/.bin/tsx", ["simulator/server.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SIMULATOR_PORT: String(simPort), SIMULATOR_QUIET: "1" },
  });
  children.push(sim);
  await waitFor(`http://127.0.0.1:${simPort}/__sim/health`, sim, "The simulator");

  const entry = formatUserEntry(DEMO_USER.email, await hashPassword(DEMO_USER.password));
  const app = spawn("./node_modules/.bin/next", ["start", "-p", String(appPort)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_MODE: "true",
      // Set, even if empty, so a real .env.local cannot point the demo elsewhere
      // (next start only fills in variables that are not set at all).
      CLOUDFLARE_API_TOKEN: SIM_DEFAULTS.token,
      CLOUDFLARE_ACCOUNT_ID: SIM_DEFAULTS.accountId,
      CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${simPort}/client/v4`,
      REALTIMEKIT_APP_IDS: "",
      AUTH_URL: "",
      AUTH_OIDC_ISSUER: "",
      AUTH_OIDC_ID: "",
      AUTH_OIDC_SECRET: "",
      AUTH_GITHUB_ID: "",
      AUTH_GITHUB_SECRET: "",
      AUTH_ALLOWED_EMAILS: "",
      AUTH_ALLOWED_DOMAINS: "",
      // A fresh secret per run: demo sessions end when the demo does.
      AUTH_SECRET: randomBytes(33).toString("base64"),
      AUTH_TRUST_HOST: "true",
      AUTH_USERS: entry,
    },
  });
  children.push(app);
  for (const c of children) {
    c.once("exit", (code) => {
      if (stopping) return;
      console.error(`A demo process stopped unexpectedly (code ${code}); stopping the demo.`);
      stop(1);
    });
  }
  await waitFor(`http://127.0.0.1:${appPort}/api/health`, app, "The app");

  console.log(`
  RealtimeKit Inspector (demo) is running on simulated data:

    open      http://localhost:${appPort}
    sign in   ${DEMO_USER.email} / ${DEMO_USER.password}

  The simulator answers at http://127.0.0.1:${simPort}/client/v4 (faults: see README).
  Press Ctrl-C to stop both.
`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
