import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The configuration module is the only product code that reads the environment: a variable read
 * anywhere else escapes validation at start-up and keeps a default of its own.
 */

const ROOT = join(import.meta.dirname, "..");
const CONFIG_MODULE = "lib/server/config.ts";
const SCANNED = ["app", "components", "lib", "proxy.ts", "auth.ts", "instrumentation.ts"];
/**
 * Next.js writes NEXT_RUNTIME into each bundle at build time: instrumentation.ts checks it there
 * so that the Node-only start-up check stays out of the edge bundle; next.config.mjs writes the
 * sub-path in the same way. Nothing else is allowed.
 */
const BUILD_CONSTANTS: Record<string, string[]> = {
  "instrumentation.ts": ["process.env.NEXT_RUNTIME"],
  // BASE_PATH, validated and written into every bundle by next.config.mjs (the browser needs it too).
  "lib/base-path.ts": ["process.env.NEXT_PUBLIC_BASE_PATH"],
};

/** `process.env`, `process["env"]`, `const { env } = process`, or an import of node:process. */
const READS_ENV = [
  /\bprocess\s*(?:\?\.|\.)\s*env\b/,
  /\bprocess\s*\[\s*["'`]env["'`]\s*\]/,
  /\{[^}]*\benv\b[^}]*\}\s*=\s*(?:globalThis\s*\.\s*)?process\b/,
  /\bfrom\s+["'](?:node:)?process["']|\brequire\(\s*["'](?:node:)?process["']\s*\)/,
];

function readsEnv(source: string, allowed: string[] = []): boolean {
  const rest = allowed.reduce((text, constant) => text.split(constant).join(""), source);
  return READS_ENV.some((re) => re.test(rest));
}

function productFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isDirectory()) {
    if (path === "lib/test") return [];
    return readdirSync(full).flatMap((name) => productFiles(join(path, name)));
  }
  const isSource = /\.(?:ts|tsx|js|jsx|mjs|cjs)$/.test(path);
  const isTest = /\.test\.tsx?$/.test(path);
  return isSource && !isTest ? [path] : [];
}

describe("process.env", () => {
  it("is read by the configuration module alone", () => {
    const files = SCANNED.flatMap(productFiles).map((f) => relative(ROOT, join(ROOT, f)));
    expect(files).toContain(CONFIG_MODULE);
    expect(files.length).toBeGreaterThan(50);
    const readers = files.filter(
      (f) => f !== CONFIG_MODULE && readsEnv(readFileSync(join(ROOT, f), "utf8"), BUILD_CONSTANTS[f]),
    );
    expect(readers).toEqual([]);
    expect(readsEnv(readFileSync(join(ROOT, CONFIG_MODULE), "utf8"))).toBe(true);
  });

  it("is recognised however it is spelt", () => {
    for (const sample of [
      "const x = process.env.AUTH_URL;",
      "fn(request.headers, process.env)",
      "process?.env?.X",
      'process["env"].X',
      "const { env } = process;",
      "const { env: e } = globalThis.process;",
      'import { env } from "node:process";',
      "import process from 'process';",
      "process .env",
    ]) {
      expect(readsEnv(sample), sample).toBe(true);
    }
    for (const sample of [
      "runtimeConfig().dev",
      "processEnvironment()",
      "const env = parseConfig(source);",
      "process.exit(1)",
    ]) {
      expect(readsEnv(sample), sample).toBe(false);
    }
    expect(readsEnv('if (process.env.NEXT_RUNTIME === "nodejs")', BUILD_CONSTANTS["instrumentation.ts"])).toBe(false);
    expect(readsEnv("process.env.NEXT_RUNTIME; process.env.NEXT_PHASE", BUILD_CONSTANTS["instrumentation.ts"])).toBe(
      true,
    );
  });
});
