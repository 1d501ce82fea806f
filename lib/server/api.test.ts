import { describe, expect, it, vi } from "vitest";
import { route } from "./api";
import { currentRequestScope, type RequestScope } from "./request-scope";

// The sign-in machinery is not under test here (and needs the Next.js runtime).
vi.mock("@/auth", () => ({ auth: async () => null }));

describe("route()", () => {
  it("gives each request one scope, shared by everything its handler awaits", async () => {
    const seen: RequestScope[][] = [];
    const handler = route(async () => {
      const mine: RequestScope[] = [currentRequestScope()];
      await new Promise((r) => setTimeout(r, 5));
      mine.push(currentRequestScope());
      await Promise.all([1, 2].map(async () => mine.push(currentRequestScope())));
      seen.push(mine);
      return new Response("ok");
    });
    await Promise.all([handler(new Request("http://x/a"), {}), handler(new Request("http://x/b"), {})]);
    expect(seen).toHaveLength(2);
    for (const scopes of seen) expect(new Set(scopes).size).toBe(1);
    expect(seen[0]?.[0]).not.toBe(seen[1]?.[0]);
  });
});
