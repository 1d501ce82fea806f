import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Comments in reshaping, findings and the peer panels cite the repository's own docs: a clone has
 * no notes outside it, so "API.md §6.4" would send a reader nowhere. A cited `docs/*.md` must
 * exist, and a section named beside it ("…", as a quoted heading) must be one of its headings.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIRS = ["lib/report", "components/peer"];

function sources(): { path: string; text: string }[] {
  return DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"))
      .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), "utf8") })),
  );
}

function headings(doc: string): string[] {
  return readFileSync(join(ROOT, doc), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("#"))
    .map((l) => l.replace(/^#+\s*/, ""));
}

describe("doc citations in lib/report and components/peer", () => {
  it("name no notes outside the repository", () => {
    const outside = sources().flatMap(({ path, text }) => [...text.matchAll(/\b(API|DESIGN|STYLE)\.md\b[^\n]*/g)].map((m) => `${path}: ${m[0]}`));
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
