import { existsSync } from "node:fs";

/**
 * How the browser tests and the bench start Chromium: Debian's by default (Playwright cannot
 * download browsers on CI), PLAYWRIGHT_CHROMIUM_PATH to use another, e.g. Playwright's own on a laptop.
 */
export const chromiumLaunchOptions = {
  executablePath:
    process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
