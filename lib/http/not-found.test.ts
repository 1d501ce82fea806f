import { describe, expect, it } from "vitest";
import { describeMissing } from "./not-found";

describe("describeMissing", () => {
  it.each([
    ["/apps/a1/peers/p1", { kind: "peer", appId: "a1", id: "p1" }],
    ["/apps/a1/sessions/s1", { kind: "session", appId: "a1", id: "s1" }],
    ["/apps/a1/sessions", { kind: "app", appId: "a1" }],
    ["/apps/a1/lookup", { kind: "app", appId: "a1" }],
    ["/apps/a1", { kind: "app", appId: "a1" }],
    ["/apps/a%201/peers/p1", { kind: "peer", appId: "a 1", id: "p1" }],
    ["/apps/a1/peers/p1/extra", { kind: "page", appId: "a1" }],
    ["/apps/a1/nothing", { kind: "page", appId: "a1" }],
    ["/apps/%ZZ/sessions", { kind: "page", appId: null }],
    ["/apps/%", { kind: "page", appId: null }],
    ["/no/such/page", { kind: "page", appId: null }],
    ["/", { kind: "page", appId: null }],
  ] as const)("%s is about %j", (path, expected) => {
    expect(describeMissing(path)).toEqual(expected);
  });

  it("copes without a path", () => {
    expect(describeMissing(null)).toEqual({ kind: "page", appId: null });
  });
});
