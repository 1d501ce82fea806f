import { describe, expect, it } from "vitest";
import type { Scale } from "chart.js";
import { fixedWidth, shortLabel } from "./axis";

describe("session chart axes", () => {
  it("fix a y axis's width whatever its labels asked for", () => {
    const scale = { width: 37 } as Scale;
    fixedWidth(170)(scale);
    expect(scale.width).toBe(170);
  });

  it("shorten long lane labels with an ellipsis, by characters not UTF-16 units", () => {
    expect(shortLabel("Dana Whitfield")).toBe("Dana Whitfield");
    expect(shortLabel("Maximiliana Konstantinopoulou-Smythe")).toBe("Maximiliana Konstantino…");
    expect([...shortLabel("😀".repeat(30))]).toHaveLength(24);
  });
});
