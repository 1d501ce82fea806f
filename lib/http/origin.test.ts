import { afterEach, describe, expect, it } from "vitest";
import { publicOrigin } from "./origin";

const fallback = { host: "internal:3000", protocol: "http:" };

describe("publicOrigin", () => {
  afterEach(() => {
    delete process.env.AUTH_URL;
  });

  it("prefers AUTH_URL", () => {
    process.env.AUTH_URL = "https://inspector.example.com/base";
    expect(publicOrigin(new Headers({ host: "x" }), fallback)).toBe("https://inspector.example.com");
  });

  it("uses the first forwarded host and protocol, then Host, then the fallback", () => {
    expect(publicOrigin(new Headers({ "x-forwarded-host": "a.example, b.internal", "x-forwarded-proto": "https, http" }), fallback)).toBe("https://a.example");
    expect(publicOrigin(new Headers({ host: "127.0.0.1:3100" }), fallback)).toBe("http://127.0.0.1:3100");
    expect(publicOrigin(new Headers(), fallback)).toBe("http://internal:3000");
  });
});
