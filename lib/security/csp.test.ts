import { describe, expect, it } from "vitest";
import { buildCsp, newNonce } from "./csp";

describe("CSP", () => {
  it("allows only nonce'd scripts, no framing, forms to us and the IdPs", () => {
    const csp = buildCsp({ nonce: "abc", dev: false, formActionOrigins: ["https://idp.example.com"] });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://idp.example.com");
    expect(csp).toContain("object-src 'none'");
  });

  it("development adds only what the dev server needs", () => {
    expect(buildCsp({ nonce: "n", dev: true, formActionOrigins: [] })).toContain("'unsafe-eval'");
  });

  it("nonces are fresh and long enough", () => {
    const a = newNonce();
    expect(a).not.toBe(newNonce());
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });
});
