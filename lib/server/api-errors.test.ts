import { describe, expect, it, vi } from "vitest";
import { ApiError, toErrorResponse } from "./api-errors";
import { ConfigError } from "./config";
import { UpstreamError } from "./realtimekit/errors";

async function mapped(err: unknown) {
  const res = toErrorResponse(err);
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: (await res.json()) as { error: { code: string; message: string } },
  };
}

const upstream = (init: Partial<ConstructorParameters<typeof UpstreamError>[0]>) =>
  new UpstreamError({ kind: "http", path: "/x", message: "boom", ...init });

describe("error mapping (docs/errors.md statuses)", () => {
  it.each([
    [upstream({ status: 404, message: "No session found" }), 404, "not_found"],
    [upstream({ status: 429, retryAfterS: 30 }), 503, "rate_limited"],
    [upstream({ kind: "budget", retryAfterS: 12 }), 503, "rate_limited"],
    [upstream({ kind: "timeout" }), 504, "upstream_timeout"],
    [upstream({ kind: "invalid-body", status: 200 }), 502, "upstream_unreadable"],
    [upstream({ status: 500 }), 502, "upstream_error"],
    [upstream({ kind: "network" }), 502, "upstream_unreachable"],
    [upstream({ kind: "redirect", status: 302 }), 502, "upstream_redirect"],
    [upstream({ kind: "too-large", status: 200 }), 502, "upstream_too_large"],
    [upstream({ status: 401 }), 502, "upstream_auth"],
  ])("%s → %i %s", async (err, status, code) => {
    const r = await mapped(err);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.headers["cache-control"]).toContain("no-store");
  });

  it.each([
    [upstream({ status: 500 }), "RealtimeKit failed (HTTP 500)"],
    [upstream({ status: 400 }), "RealtimeKit rejected the request (HTTP 400)"],
    [upstream({ status: 404 }), "Not found in RealtimeKit"],
    [
      upstream({ status: 403 }),
      "RealtimeKit refused this deployment's API token; check CLOUDFLARE_API_TOKEN and its Realtime permission",
    ],
    [upstream({ status: 429, retryAfterS: 30 }), "RealtimeKit's rate limit was reached; try again in 30 s"],
    [upstream({ kind: "network" }), "Could not reach RealtimeKit"],
    [
      upstream({ kind: "redirect", status: 301 }),
      "RealtimeKit answered with a redirect (HTTP 301), which this app does not follow",
    ],
  ])("answers %s with its kind's fixed message, whatever text the error carries", async (err, message) => {
    expect((await mapped(err)).body.error.message).toBe(message);
  });

  it("passes Retry-After on rate limits", async () => {
    expect((await mapped(upstream({ status: 429, retryAfterS: 30 }))).headers["retry-after"]).toBe("30");
  });

  it("keeps API errors as they are", async () => {
    expect(await mapped(new ApiError(403, "forbidden", "App x is not available"))).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden", message: "App x is not available" } },
    });
  });

  it("never leaks details of unexpected errors or configuration problems", async () => {
    const { log: serverLog } = await import("./log");
    const log = vi.spyOn(serverLog, "error").mockImplementation(() => {});
    const r = await mapped(new Error("secret internals at /srv/app.js:12"));
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toContain("internals");
    const c = await mapped(new ConfigError(["CLOUDFLARE_API_TOKEN: required"]));
    expect(c.status).toBe(503);
    expect(c.body.error.code).toBe("not_configured");
    // The server's log has the detail the answer leaves out.
    expect(log).toHaveBeenCalledTimes(2);
    log.mockRestore();
  });
});
