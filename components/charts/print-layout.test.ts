import { describe, expect, it, vi } from "vitest";
import { followPrint } from "./print-layout";

function fakes(printing: boolean) {
  const media = new EventTarget() as EventTarget & { matches: boolean };
  media.matches = printing;
  const win = Object.assign(new EventTarget(), { matchMedia: () => media }) as unknown as Window;
  const chart = { options: { plugins: { legend: { display: true } } }, resize: vi.fn(), update: vi.fn() };
  return { media, win, chart };
}

describe("followPrint", () => {
  it("hides the legend and resizes the chart while printing, and stops when told", () => {
    const { win, chart } = fakes(false);
    const stop = followPrint(chart as never, win);
    expect(chart.resize).not.toHaveBeenCalled();
    win.dispatchEvent(new Event("beforeprint"));
    expect(chart.options.plugins.legend.display).toBe(false);
    expect(chart.update).toHaveBeenLastCalledWith("none");
    win.dispatchEvent(new Event("afterprint"));
    expect(chart.options.plugins.legend.display).toBe(true);
    expect(chart.resize).toHaveBeenCalledTimes(2);
    stop();
    win.dispatchEvent(new Event("beforeprint"));
    expect(chart.resize).toHaveBeenCalledTimes(2);
  });

  it("lays out for print at once when the page is already printing, and follows the print media query", () => {
    const { media, win, chart } = fakes(true);
    followPrint(chart as never, win);
    expect(chart.options.plugins.legend.display).toBe(false);
    media.matches = false;
    media.dispatchEvent(new Event("change"));
    expect(chart.options.plugins.legend.display).toBe(true);
  });
});
