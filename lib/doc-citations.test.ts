import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Code comments and docs cite the repository's own docs (README.md, docs/*.md, simulator/README.md):
 * a clone has no notes outside it, so a citation of the product brief or of upstream notes kept
 * elsewhere would send a reader nowhere. A cited `docs/*.md` must exist, and a section named
 * beside it ("…") must be one of its headings.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIRS = ["app", "components", "lib", "simulator", "scripts", "bench", "e2e"];

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const path = `${dir}/${f}`;
    if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
    return /\.(tsx?|mjs|md)$/.test(f) && !/\.test\.ts$/.test(f) ? [path] : [];
  });
}

function sources(): { path: string; text: string }[] {
  const docs = readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`);
  const files = [...DIRS.flatMap(walk), "auth.ts", "proxy.ts", "next.config.mjs", "README.md", ".env.example", ...docs];
  return files.map((path) => ({ path, text: readFileSync(join(ROOT, path), "utf8") }));
}

function headings(doc: string): string[] {
  return readFileSync(join(ROOT, doc), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("#"))
    .map((l) => l.replace(/^#+\s*/, ""));
}

describe("doc citations in the source", () => {
  it("name no notes outside the repository", () => {
    const outside = sources().flatMap(({ path, text }) =>
      [...text.matchAll(/\b(API|DESIGN|STYLE)\.md\b[^\n]*|(?:\.\.|\/work)\/shared\/[^\n]*/g)].map(
        (m) => `${path}: ${m[0]}`,
      ),
    );
    expect(outside).toEqual([]);
  });

  it("cite docs that exist, and sections those docs have", () => {
    const broken: string[] = [];
    for (const { path, text } of sources()) {
      for (const m of text.matchAll(/docs\/([\w-]+\.md)(?:,?\s*(?:\n\s*\*\s*)?"([^"]+)")?/g)) {
        const doc = `docs/${m[1]}`;
        let found: string[];
        try {
          found = headings(doc);
        } catch {
          broken.push(`${path}: ${doc} does not exist`);
          continue;
        }
        if (m[2] && !found.includes(m[2])) broken.push(`${path}: ${doc} has no section "${m[2]}"`);
      }
    }
    expect(broken).toEqual([]);
  });
});
