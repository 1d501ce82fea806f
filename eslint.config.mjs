import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers' fence (docs/architecture.md, "Layers"): what may import what, enforced here rather than remembered.
const tests = ["**/*.test.ts", "**/*.test.tsx", "lib/test/**"];
const noSimulator = {
  regex: "^(@/simulator|\\./simulator|(\\.\\./)+simulator)(/|$)",
  message: "The simulator is demo and test data only: product code must not import it (docs/architecture.md).",
};
const noServer = {
  regex: "^(@/lib/server|(\\.\\./)+(lib/)?server)(/|$)",
  message:
    "components/ and pure lib/ run in the browser too: " +
    "only app/ and lib/server/ may import lib/server/ (docs/architecture.md).",
};
const noProduct = {
  regex: "^(@/|(\\.\\./)+)(lib|app|components)(/|$)",
  message:
    "The simulator stands for the upstream and must not import the product it is testing (docs/architecture.md).",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Dropping a key by destructuring (`const { a: _a, ...rest } = o`) is the idiom for omit.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { ignoreRestSiblings: true, argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "auth.ts", "instrumentation.ts"],
    ignores: tests,
    rules: { "no-restricted-imports": ["error", { patterns: [noSimulator] }] },
  },
  {
    files: ["components/**", "lib/**"],
    ignores: [...tests, "lib/server/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noSimulator, noServer] }] },
  },
  {
    files: ["simulator/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noProduct] }] },
  },
  globalIgnores([".next/**", "node_modules/**", "next-env.d.ts", "playwright-report/**", "test-results/**"]),
]);
