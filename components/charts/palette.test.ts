import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CONCURRENCY,
  HOVER_LINE,
  LIMITATION_COLORS,
  OFF_COLOR,
  TIMELINE,
  trackStyle,
  translucent,
  ZOOM_DRAG,
} from "./palette";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** A colour written out: "#1d4ed8" in quotes, or rgb()/rgba(). */
const COLOUR = /["'`]#[0-9a-f]{3,8}\b|\brgba?\(/i;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const path = `${dir}/${f}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [path] : [];
  });
}

describe("the chart palette", () => {
  it("holds every colour the charts and the peer page's chart code draw with", () => {
    const stray = ["components/charts", "components/peer"]
      .flatMap(sources)
      .filter((path) => path !== "components/charts/palette.ts")
      .flatMap((path) =>
        readFileSync(join(ROOT, path), "utf8")
          .split("\n")
          .flatMap((line, i) => (COLOUR.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(stray).toEqual([]);
  });

  it("gives the translucent colours as the charts had them", () => {
    expect(translucent("#1d4ed8", 0.12)).toBe("rgba(29, 78, 216, 0.12)");
    expect(CONCURRENCY.fill).toBe(ZOOM_DRAG);
    expect(TIMELINE.present).toBe("rgba(29, 78, 216, 0.75)");
    expect(TIMELINE.away).toBe("rgba(185, 28, 28, 0.35)");
    expect(HOVER_LINE).toBe("rgba(22, 26, 32, 0.45)");
    expect(LIMITATION_COLORS).toEqual({ cpu: "rgba(234, 88, 12, 0.14)", bandwidth: "rgba(124, 58, 237, 0.12)" });
    expect(OFF_COLOR).toBe("rgba(100, 116, 139, 0.16)");
  });

  it("styles a track the same on its line and in the printed key, with a fallback for unknown kinds", () => {
    expect(trackStyle("audio_consumer")).toEqual({ color: "#0891b2", dashed: true });
    expect(trackStyle("hologram_producer")).toEqual({ color: "#444" });
  });
});
