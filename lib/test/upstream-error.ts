import { UpstreamError } from "@/lib/server/realtimekit/errors";

/** Awaits a promise that must reject with an UpstreamError, and returns that error. */
export async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error("expected an UpstreamError");
}
