import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Prettier keeps code within its width but cannot break strings, comments or JSX text; this keeps
// those within it too, so every line of code reads without scrolling.
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WIDTH = (JSON.parse(readFileSync(join(ROOT, ".prettierrc.json"), "utf8")) as { printWidth: number }).printWidth;
const DIRS = ["app", "components", "lib", "simulator", "scripts", "bench", "e2e"];
const CODE = /\.(tsx?|mjs|css)$/;

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const path = `${dir}/${f}`;
    if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
    return CODE.test(f) ? [path] : [];
  });
}

function overWidth(text: string, width: number): number[] {
  return text.split("\n").flatMap((line, i) => ([...line].length > width ? [i + 1] : []));
}

describe("line width", () => {
  it("counts characters, not bytes, and reports line numbers", () => {
    expect(overWidth(`${"a".repeat(10)}\n${"é".repeat(11)}\n—`, 10)).toEqual([2]);
  });

  it(`keeps every line of code within Prettier's ${WIDTH} characters`, () => {
    const root = readdirSync(ROOT).filter((f) => CODE.test(f) && f !== "next-env.d.ts");
    const files = [...DIRS.flatMap(walk), ...root];
    expect(files).toContain("proxy.ts");
    const long = files.flatMap((f) => overWidth(readFileSync(join(ROOT, f), "utf8"), WIDTH).map((n) => `${f}:${n}`));
    expect(long).toEqual([]);
  });
});
