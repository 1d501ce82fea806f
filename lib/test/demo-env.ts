import { afterAll, beforeAll, vi } from "vitest";
import { startSimulator } from "@/simulator/server";

/**
 * A route handler tested in-process needs a valid configuration: demo mode (the simulator's
 * built-in token) and a sign-in method. Registers the env for the calling test file, and removes
 * it after.
 */
export function withDemoEnv(): void {
  beforeAll(() => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", "route-test-secret-0123456789abcdef0123");
    vi.stubEnv("AUTH_URL", "http://127.0.0.1:3000");
    vi.stubEnv("AUTH_OIDC_ISSUER", "https://idp.example.com");
    vi.stubEnv("AUTH_OIDC_ID", "inspector");
    vi.stubEnv("AUTH_OIDC_SECRET", "oidc-client-secret-value");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}

/**
 * A simulator on a free port for the calling test file, started before its tests and stopped after
 * them. `upstreamPaths` lists what it was asked, oldest first.
 */
export function withSimulator() {
  let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, quiet: true });
  });
  afterAll(async () => {
    await sim?.close();
  });
  const url = () => sim!.url;
  const origin = () => new URL(url()).origin;
  return {
    url,
    origin,
    async upstreamPaths(): Promise<string[]> {
      const res = await fetch(`${origin()}/__sim/requests`);
      return ((await res.json()) as { requests: { path: string }[] }).requests.map((r) => r.path);
    },
  };
}

/**
 * Route handlers tested in-process against the simulator over real HTTP: demo mode (withDemoEnv)
 * pointed at a simulator started for the calling test file (withSimulator).
 */
export function withSimulatedUpstream() {
  withDemoEnv();
  const sim = withSimulator();
  beforeAll(() => {
    vi.stubEnv("CLOUDFLARE_API_BASE_URL", sim.url());
  });
  return { origin: sim.origin, upstreamPaths: sim.upstreamPaths };
}
