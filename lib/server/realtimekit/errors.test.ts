import { describe, expect, it } from "vitest";
import { twoCopiesOf } from "@/lib/test/module-copies";

describe("UpstreamError", () => {
  it("is recognised by instanceof across copies of the module (one per Next.js bundle)", async () => {
    const [first, second] = await twoCopiesOf(() => import("./errors"));
    expect(second.UpstreamError).not.toBe(first.UpstreamError);
    const err = new first.UpstreamError({ kind: "http", status: 404, message: "No peer found", path: "/x" });
    expect(err instanceof second.UpstreamError).toBe(true);
    expect(err instanceof Error).toBe(true);
    expect(new Error("plain") instanceof second.UpstreamError).toBe(false);
    expect((null as unknown as object) instanceof second.UpstreamError).toBe(false);
    expect({ kind: "http" } instanceof second.UpstreamError).toBe(false);
  });
});
