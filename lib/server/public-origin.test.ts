import { afterEach, describe, expect, it, vi } from "vitest";
import { resetConfig } from "./config";
import { publicOrigin } from "./public-origin";

const fallback = { host: "internal:3000", protocol: "http:" };

describe("publicOrigin", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it("prefers AUTH_URL", () => {
    vi.stubEnv("AUTH_URL", "https://inspector.example.com/base");
    resetConfig();
    expect(publicOrigin(new Headers({ host: "x" }), fallback)).toBe("https://inspector.example.com");
  });

  it("otherwise uses the origin the request was made to", () => {
    vi.stubEnv("AUTH_URL", "");
    resetConfig();
    expect(publicOrigin(new Headers({ "x-forwarded-host": "a.example", "x-forwarded-proto": "https" }), fallback)).toBe(
      "https://a.example",
    );
    expect(publicOrigin(new Headers(), fallback)).toBe("http://internal:3000");
  });

  it("ignores an AUTH_URL that is blank or not an http(s) URL", () => {
    // Before, an ftp:// AUTH_URL (refused at start-up) still became the origin of every link.
    for (const url of ["  ", "ftp://inspector.example.com"]) {
      vi.stubEnv("AUTH_URL", url);
      resetConfig();
      expect(publicOrigin(new Headers({ host: "127.0.0.1:3100" }), fallback)).toBe("http://127.0.0.1:3100");
    }
  });
});
