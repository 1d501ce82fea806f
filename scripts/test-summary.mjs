// Prints "N passed, N failed" from the Vitest (and, when present, Playwright) JSON reports.
// Exits non-zero when no test ran at all, so an empty run cannot pass unnoticed.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let found = false;

const vitest = ".reports/vitest.json";
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, "utf8"));
  passed += r.numPassedTests ?? 0;
  // A file that failed without a failing test (it could not even load) counts as one failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
  ).length;
  failed += (r.numFailedTests ?? 0) + brokenFiles;
  found = true;
}

const playwright = ".reports/playwright.json";
if (existsSync(playwright)) {
  const r = JSON.parse(readFileSync(playwright, "utf8"));
  passed += (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0);
  failed += r.stats?.unexpected ?? 0;
  found = true;
}

console.log(`${passed} passed, ${failed} failed`);
if (!found || passed + failed === 0) process.exit(1);
