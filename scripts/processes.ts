/** Process helpers shared by `npm run demo` and `npm run bench`. */
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "auth.ts",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "package.json",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

export function buildIfNeeded() {
  const built = existsSync(".next/BUILD_ID") ? statSync(".next/BUILD_ID").mtimeMs : 0;
  const changed = Math.max(...SOURCES.map(newestMtime));
  if (built >= changed) return;
  console.log(
    built ? "Sources changed since the last build; rebuilding…" : "Building the app (first run, about a minute)…",
  );
  const res = spawnSync("./node_modules/.bin/next", ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (res.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(res.status ?? 1);
  }
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function waitFor(url: string, child: ChildProcess, what: string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited during start-up (code ${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not start within a minute`);
}

/**
 * Runs `work` with a started child and stops the child however `work` ends, so a failure after
 * the spawn (a browser that cannot start, say) never leaves it holding its port.
 */
export async function usingProcess<T>(child: ChildProcess, work: () => Promise<T>, graceMs = 5_000): Promise<T> {
  try {
    return await work();
  } finally {
    await stopProcess(child, graceMs);
  }
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
