import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { buildConfig } from "@/auth";
import { formatUserEntry, hashPassword } from "@/lib/auth/passwords";
import { resetConfig } from "@/lib/server/config";

// next-auth cannot be loaded by plain Node here: stood in for (lib/test/next-auth-stubs.ts).
vi.mock("next-auth", () => import("@/lib/test/next-auth-stubs").then((m) => m.nextAuth));
vi.mock("next-auth/providers/credentials", () =>
  import("@/lib/test/next-auth-stubs").then((m) => m.credentialsProvider),
);
vi.mock("next-auth/providers/github", () => import("@/lib/test/next-auth-stubs").then((m) => m.githubProvider));

/**
 * auth.ts's password sign-in under the throttle (lib/server/auth/throttle.ts): wrong guesses sent
 * at once are counted as they are let through, so no more than the limit reach the password check.
 */
describe("auth.ts: password sign-ins under the throttle", () => {
  let users = "";
  let seq = 0;
  beforeAll(async () => {
    const entries = [];
    for (const who of ["ana", "bo"]) {
      entries.push(formatUserEntry(`${who}@example.com`, await hashPassword("right horse", { log2N: 10, r: 8, p: 1 })));
    }
    users = entries.join(",");
  });
  beforeEach(() => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", "x".repeat(40));
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    vi.stubEnv("AUTH_USERS", users);
    vi.stubEnv("REDIS_URL", "");
    resetConfig();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  type Authorize = (credentials: Record<string, string>, request: Request) => Promise<unknown>;
  const authorize = (): Authorize => {
    const provider = buildConfig().providers.find((p) => (p as { type?: string }).type === "credentials");
    return (provider as unknown as { authorize: Authorize }).authorize;
  };
  const signIn = (email: string, password: string): Promise<{ user?: unknown; refused?: string }> =>
    authorize()({ email, password }, new Request(`http://localhost:3000/api/auth/callback/password?${++seq}`)).then(
      (user) => ({ user }),
      (err: { code?: string }) => ({ refused: err.code }),
    );

  it("lets exactly 5 of 20 wrong guesses sent at once reach the password check", async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => signIn("ana@example.com", "wrong")));
    expect(outcomes.filter((o) => o.refused === "invalid_credentials")).toHaveLength(5);
    expect(outcomes.filter((o) => o.refused === "rate_limited")).toHaveLength(15);
    // Locked: the right password too, until the guesses age out.
    expect(await signIn("ana@example.com", "right horse")).toEqual({ refused: "rate_limited" });
  });

  it("clears an account's wrong guesses when the right password follows", async () => {
    for (let i = 0; i < 4; i++)
      expect(await signIn("bo@example.com", "wrong")).toEqual({ refused: "invalid_credentials" });
    expect(await signIn("bo@example.com", "right horse")).toMatchObject({ user: { email: "bo@example.com" } });
    for (let i = 0; i < 5; i++)
      expect(await signIn("bo@example.com", "wrong")).toEqual({ refused: "invalid_credentials" });
    expect(await signIn("bo@example.com", "wrong")).toEqual({ refused: "rate_limited" });
  });
});
