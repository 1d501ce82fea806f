import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside a React Server Components bundle; tests run plain Node.
      "server-only": fileURLToPath(new URL("./lib/test/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["{lib,simulator,components,app,bench,scripts}/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**"],
    environment: "node",
    // The JSON report lets .ci/run print how many tests ran (CI reads only the exit code).
    reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
    testTimeout: 20_000,
  },
});
