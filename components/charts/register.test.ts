import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { registry } from "chart.js";
import { describe, expect, it } from "vitest";
import "./register";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const path = `${dir}/${f}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [path] : [];
  });
}

const all = () =>
  ["app", "components", "lib"].flatMap(sources).map((path) => ({ path, text: readFileSync(join(ROOT, path), "utf8") }));

describe("chart registration", () => {
  it("happens in register.ts only", () => {
    const elsewhere = all()
      .filter(({ path, text }) => path !== "components/charts/register.ts" && /\.register\(|chart\.js\/auto/.test(text))
      .map(({ path }) => path);
    expect(elsewhere).toEqual([]);
  });

  it("is imported by every chart component", () => {
    const charts = sources("components/charts").filter((p) => /\/chart-[^/]+\.tsx$/.test(p));
    expect(charts.length).toBeGreaterThan(0);
    for (const path of charts) {
      expect(readFileSync(join(ROOT, path), "utf8"), path).toMatch(/^import "\.\/register";$/m);
    }
  });

  it("registers what the charts draw with, and no time scale: time is epoch ms on a linear axis", () => {
    for (const id of ["line", "bar"]) expect(registry.getController(id)).toBeDefined();
    for (const id of ["linear", "category"]) expect(registry.getScale(id)).toBeDefined();
    for (const id of ["tooltip", "legend", "filler"]) expect(registry.getPlugin(id)).toBeDefined();
    expect(() => registry.getScale("time")).toThrow(/not a registered/);
    const timeAxes = all().filter(({ text }) => /type: "time(series)?"|chartjs-adapter/.test(text));
    expect(timeAxes.map(({ path }) => path)).toEqual([]);
  });
});
