// Shared by the simulator's own tests: a running simulator and a small authenticated client.

import type { RunningSimulator, SimulatorOptions } from "./server";
import { startSimulator } from "./server";
import { SIM, SIM_DEFAULTS } from "./scenarios";

export interface TestSimulator extends RunningSimulator {
  origin: string;
  /** GET below /accounts/{account}/realtime/kit/ with the bearer token. */
  get(path: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }>;
}

export const PROD = SIM.apps.prod.id;

export async function startTestSimulator(opts: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ port: 0, quiet: true, ...opts });
  const base = `${sim.url}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/`;
  const get: TestSimulator["get"] = (path, init = {}) =>
    fetch(base + path, {
      headers: { authorization: `Bearer ${SIM_DEFAULTS.token}`, ...init.headers },
      signal: init.signal,
    });
  return {
    ...sim,
    origin: new URL(sim.url).origin,
    get,
    async json<T>(path: string) {
      const res = await get(path);
      return { status: res.status, body: (await res.json()) as T };
    },
  };
}
