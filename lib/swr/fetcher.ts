/** The one SWR fetcher: JSON on success, an Error carrying the status and the API's message otherwise. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

export async function fetcher<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal });
  } catch (err) {
    // Aborted on purpose (the page went away): not a connection problem to report.
    if (signal?.aborted) throw err;
    throw new FetchError("Could not reach the server. Check your connection and try again.", 0, null);
  }
  if (res.ok) return (await res.json()) as T;
  let code: string | null = null;
  let message = `The server answered ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? null;
    message = body.error?.message ?? message;
  } catch {
    // not our envelope (a proxy's error page); keep the generic message
  }
  if (res.status === 401) message = "Your session has ended. Reload the page to sign in again.";
  throw new FetchError(message, res.status, code);
}
