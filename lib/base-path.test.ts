import { describe, expect, it } from "vitest";
import { BASE_PATH, withBasePath, withoutBasePath } from "./base-path";

describe('the sub-path (README.md, "Deploying")', () => {
  it("is empty unless the build set one", () => {
    expect(BASE_PATH).toBe("");
    expect(withBasePath("/apps/x")).toBe("/apps/x");
    expect(withoutBasePath("/apps/x")).toBe("/apps/x");
  });

  it("goes before root-relative paths only", () => {
    expect(withBasePath("/", "/inspector")).toBe("/inspector/");
    expect(withBasePath("/login?error=Configuration", "/inspector")).toBe("/inspector/login?error=Configuration");
    // Another host, protocol-relative or not a path at all: not ours to move.
    expect(withBasePath("https://idp.example/authorize", "/inspector")).toBe("https://idp.example/authorize");
    expect(withBasePath("//evil.example/x", "/inspector")).toBe("//evil.example/x");
    expect(withBasePath("?q=1", "/inspector")).toBe("?q=1");
  });

  it("comes off paths under it, and only those", () => {
    expect(withoutBasePath("/inspector/apps/x", "/inspector")).toBe("/apps/x");
    expect(withoutBasePath("/inspector", "/inspector")).toBe("/");
    expect(withoutBasePath("/inspectorx/apps", "/inspector")).toBeNull();
    expect(withoutBasePath("/apps/x", "/inspector")).toBeNull();
  });
});
