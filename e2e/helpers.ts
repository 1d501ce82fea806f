import { spawn } from "node:child_process";
import { expect, type Page } from "@playwright/test";
import { stopProcess } from "../scripts/processes";
import { APP_ENV, OIDC_CONTROL, SIM_ORIGIN } from "./env";

export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Which email the test OIDC provider asserts on its next sign-in. */
export async function setOidcEmail(email: string) {
  const res = await fetch(`${OIDC_CONTROL}/email`, { method: "POST", body: email });
  expect(res.ok).toBe(true);
}

export async function injectFault(fault: Record<string, unknown>) {
  const res = await fetch(`${SIM_ORIGIN}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.ok).toBe(true);
}

export async function clearFaults() {
  await fetch(`${SIM_ORIGIN}/__sim/faults`, { method: "DELETE" });
}

/** What the simulator has been asked, oldest first. */
export async function upstreamRequests(): Promise<{ path: string; at: string }[]> {
  const res = await fetch(`${SIM_ORIGIN}/__sim/requests`);
  return ((await res.json()) as { requests: { path: string; at: string }[] }).requests;
}

export async function upstreamRequestCount(): Promise<number> {
  const res = await fetch(`${SIM_ORIGIN}/__sim/requests`);
  return ((await res.json()) as { count: number }).count;
}

/**
 * A `next start` of a test's own on `port` (one no other spec uses), with the e2e environment and
 * `env` over it; `stop` ends it (killed after 3 s: it may wait on the browser's open connections).
 */
export async function startAppServer(
  port: number,
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("./node_modules/.bin/next", ["start"], {
    env: { ...process.env, ...APP_ENV, PORT: String(port), ...env },
    stdio: "ignore",
  });
  const stop = () => stopProcess(child, 3_000);
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop };
    if (Date.now() > until) {
      await stop();
      throw new Error(`next start on ${port} did not answer within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
