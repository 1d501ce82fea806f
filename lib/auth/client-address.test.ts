import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { clientAddress } from "./client-address";

const headers = (h: Record<string, string>) => new Headers(h);
/** Whether these variables say a trusted proxy is in front, as the configuration reads them. */
const trusted = (env: Record<string, string>) => parseConfig(env).runtime.trustedProxy;

describe("clientAddress", () => {
  it("takes the address the trusted proxy added (the rightmost), behind AUTH_TRUST_HOST or on Vercel", () => {
    const h = headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(clientAddress(h, trusted({ AUTH_TRUST_HOST: "true" }))).toBe("203.0.113.7");
    expect(clientAddress(h, trusted({ VERCEL: "1" }))).toBe("203.0.113.7");
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.2" }), trusted({ AUTH_TRUST_HOST: "1" }))).toBe(
      "198.51.100.2",
    );
  });

  it("believes no header without a trusted proxy", () => {
    const h = headers({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.7" });
    expect(clientAddress(h, trusted({ AUTH_URL: "https://inspector.example.com" }))).toBeNull();
    expect(clientAddress(h, trusted({ AUTH_TRUST_HOST: "false" }))).toBeNull();
    expect(clientAddress(headers({}), trusted({ AUTH_TRUST_HOST: "true" }))).toBeNull();
  });
});
