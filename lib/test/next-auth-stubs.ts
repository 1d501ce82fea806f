import { vi } from "vitest";

/**
 * Stand-ins for next-auth and its providers, for tests that load auth.ts: next-auth's ESM build
 * cannot be loaded by plain Node here (it imports "next/server" without an extension), and auth.ts
 * needs only its config types and these constructors. Each test file still calls vi.mock itself
 * (it is hoisted per file), with these as the modules:
 *
 *   vi.mock("next-auth", () => import("@/lib/test/next-auth-stubs").then((m) => m.nextAuth));
 */
export const nextAuth = {
  default: () => ({ handlers: {}, auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }),
  CredentialsSignin: class extends Error {
    code = "credentials";
  },
};

export const credentialsProvider = { default: (c: object) => ({ type: "credentials", ...c }) };

export const githubProvider = { default: (c: object) => ({ id: "github", type: "oauth", options: c }) };
