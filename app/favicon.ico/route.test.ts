import { afterEach, describe, expect, it, vi } from "vitest";

/** The favicon's redirect stays under the sub-path the console is served at (README.md, "Under a sub-path"). */

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("GET /favicon.ico", () => {
  it("points at the icon, under the sub-path when there is one", async () => {
    expect((await import("./route")).GET().headers.get("location")).toBe("/icon.svg");
    vi.resetModules();
    vi.stubEnv("NEXT_PUBLIC_BASE_PATH", "/inspector");
    expect((await import("./route")).GET().headers.get("location")).toBe("/inspector/icon.svg");
  });
});
