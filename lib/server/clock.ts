import "server-only";

/**
 * The request's "now", for server components that place live data on a time axis. A function of
 * its own so render code states the dependency on time explicitly.
 */
export function requestTime(): number {
  return Date.now();
}
