import { expect, type Page } from "@playwright/test";
import { OIDC_CONTROL, SIM_ORIGIN } from "./env";

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
