// Injected failures, for tests and demos of the client's resilience: set through
// POST /__sim/faults (for the next N matching requests, or until cleared) or per request with the
// x-sim-fault header.

import type { IncomingHttpHeaders } from "node:http";

export const FAULT_KINDS = ["latency", "status", "rate-limit", "timeout", "malformed", "truncated", "reset"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  id: string;
  kind: FaultKind;
  /** Substring of the request pathname; absent = every request. */
  path?: string;
  /** Requests still to hit; null = until cleared. */
  remaining: number | null;
  latencyMs: number;
  status: number;
  retryAfterS: number;
}

export class FaultInputError extends Error {}

const DEFAULTS = { latencyMs: 1000, status: 500, retryAfterS: 30 } as const;

function isKind(value: unknown): value is FaultKind {
  return FAULT_KINDS.some((k) => k === value);
}

function optionalNumber(body: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new FaultInputError(`"${name}" must be a number between ${min} and ${max}`);
  }
  return value;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: unknown): Fault {
    if (typeof input !== "object" || input === null) throw new FaultInputError("body must be a JSON object");
    const body = input as Record<string, unknown>;
    if (!isKind(body.kind)) throw new FaultInputError(`"kind" must be one of ${FAULT_KINDS.join(", ")}`);
    if (body.path !== undefined && typeof body.path !== "string") throw new FaultInputError('"path" must be a string');
    const fault: Fault = {
      id: `fault-${this.nextId++}`,
      kind: body.kind,
      ...(typeof body.path === "string" ? { path: body.path } : {}),
      remaining: optionalNumber(body, "times", 1, 1_000_000) ?? null,
      latencyMs: optionalNumber(body, "latencyMs", 0, 120_000) ?? DEFAULTS.latencyMs,
      status: optionalNumber(body, "status", 100, 599) ?? DEFAULTS.status,
      retryAfterS: optionalNumber(body, "retryAfterS", 0, 86_400) ?? DEFAULTS.retryAfterS,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this pathname, counted as used. */
  take(pathname: string): Fault | undefined {
    const fault = this.faults.find((f) => f.path === undefined || pathname.includes(f.path));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A one-off fault asked for by the request itself: x-sim-fault plus x-sim-status / x-sim-retry-after /
 * x-sim-latency-ms. */
export function faultFromHeaders(headers: IncomingHttpHeaders): Fault | undefined {
  const kind = header(headers, "x-sim-fault");
  if (kind === undefined) return undefined;
  const numbers: Record<string, unknown> = {};
  for (const [name, key] of [
    ["x-sim-status", "status"],
    ["x-sim-retry-after", "retryAfterS"],
    ["x-sim-latency-ms", "latencyMs"],
  ] as const) {
    const value = header(headers, name);
    if (value !== undefined) numbers[key] = Number(value);
  }
  return new FaultRegistry().add({ kind, ...numbers });
}
