// A bounded log of the API requests the simulator received, so tests can count upstream calls
// (caching, coalescing, retries) over real HTTP.

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 until answered, and for requests that never were (timeout, reset). */
  status: number;
  at: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private total = 0;

  // Room for a whole webinar scan (about 1,100 calls), so a bench can say what each call was.
  constructor(private readonly limit = 5000) {}

  record(method: string, url: URL, atMs: number): LoggedRequest {
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: new Date(atMs).toISOString(),
    };
    this.entries.push(entry);
    this.total += 1;
    if (this.entries.length > this.limit) this.entries.shift();
    return entry;
  }

  /** `count` is every request since the last reset, even those the bound has dropped. */
  snapshot(): { count: number; requests: readonly LoggedRequest[] } {
    return { count: this.total, requests: this.entries };
  }

  clear(): void {
    this.entries = [];
    this.total = 0;
  }
}
