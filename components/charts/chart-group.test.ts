import type { Chart } from "chart.js";
import { describe, expect, it, vi } from "vitest";
import { ChartGroup } from "./chart-group";

const fakeChart = () => ({ draw: vi.fn() }) as unknown as Chart & { draw: ReturnType<typeof vi.fn> };

describe("ChartGroup", () => {
  it("redraws the other charts when the hover moves, and not those that left", () => {
    const group = new ChartGroup();
    const [a, b, c] = [fakeChart(), fakeChart(), fakeChart()];
    group.join(a);
    group.join(b);
    const leaveC = group.join(c);
    leaveC();
    group.hover(1_000, a);
    expect(group.hoverT).toBe(1_000);
    expect(a.draw).not.toHaveBeenCalled();
    expect(b.draw).toHaveBeenCalledTimes(1);
    expect(c.draw).not.toHaveBeenCalled();
  });
});
