import { describe, expect, it } from "vitest";
import { coincidesWith } from "./coincide";

const s = (t: number[], y: (number | null)[]) => ({ t, y });

describe("coincidesWith", () => {
  it("names the earlier series a line lies on entirely", () => {
    const audio = s([0, 1, 2, 3], [40, 41, null, 43]);
    const video = s([0, 1, 2, 3], [40, 41, null, 43]);
    // A screen share for part of the call, over the same connection.
    const screen = s([1, 2], [41, null]);
    expect(coincidesWith([audio, video, screen])).toEqual([null, 0, 0]);
  });

  it("does not match lines that differ anywhere, run past the other, or have no values", () => {
    const audio = s([0, 1, 2], [40, 41, 42]);
    expect(coincidesWith([audio, s([0, 1, 2], [40, 41, 42.5])])).toEqual([null, null]);
    expect(coincidesWith([audio, s([0, 1, 2, 3], [40, 41, 42, 43])])).toEqual([null, null]);
    expect(coincidesWith([audio, s([1, 2], [null, null])])).toEqual([null, null]);
    expect(coincidesWith([audio, s([0, 1, 2], [40, null, 42])])).toEqual([null, null]);
  });
});
