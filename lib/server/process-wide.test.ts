import { describe, expect, it, vi } from "vitest";
import { twoCopiesOf } from "@/lib/test/module-copies";

describe("processWide", () => {
  it("gives every copy of a module (one per Next.js bundle) the same value, made once", async () => {
    const [first, second] = await twoCopiesOf(() => import("./process-wide"));
    expect(second.processWide).not.toBe(first.processWide);
    const make = vi.fn(() => ({ made: true }));
    const a = first.processWide("test.shared", make);
    expect(second.processWide("test.shared", make)).toBe(a);
    expect(make).toHaveBeenCalledTimes(1);
    expect(first.processWide("test.other", () => ({ made: true }))).not.toBe(a);
  });
});
