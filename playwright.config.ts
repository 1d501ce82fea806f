import { defineConfig, devices } from "@playwright/test";
import { APP_ENV, APP_URL, OIDC_CONTROL, PORTS, SIM_ORIGIN, UPSTREAM_TOKEN } from "./e2e/env";
import { chromiumLaunchOptions } from "./scripts/chromium";
import { SIM_DEFAULTS } from "./simulator/scenarios";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // One app server on 2 cores: parallel browsers only make timings noisy.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".reports/playwright.json" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "signed-in",
      testMatch: /.*\.spec\.ts/,
      testIgnore: /signed-out\/.*/,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], storageState: "e2e/.auth/ops.json" },
    },
    { name: "signed-out", testMatch: /signed-out\/.*\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: [
    {
      command: "./node_modules/.bin/tsx simulator/server.ts",
      url: `${SIM_ORIGIN}/__sim/requests`,
      env: {
        SIMULATOR_PORT: String(PORTS.simulator),
        SIMULATOR_TOKEN: UPSTREAM_TOKEN,
        SIMULATOR_ACCOUNT_ID: SIM_DEFAULTS.accountId,
      },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "./node_modules/.bin/tsx e2e/oidc-provider.ts",
      url: `${OIDC_CONTROL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The app's output is kept for e2e/observability.spec.ts, which reads it for leaks.
      command: "mkdir -p .reports && ./node_modules/.bin/next start 2>&1 | tee .reports/app.log",
      url: `${APP_URL}/api/health`,
      env: APP_ENV,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
