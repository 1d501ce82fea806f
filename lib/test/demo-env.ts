import { afterAll, beforeAll, vi } from "vitest";

/**
 * A route handler tested in-process needs a valid configuration: demo mode (the simulator's
 * built-in token) and a sign-in method. Registers the env for the calling test file, and removes
 * it after.
 */
export function withDemoEnv(): void {
  beforeAll(() => {
    vi.stubEnv("DEMO_MODE", "true");
    vi.stubEnv("AUTH_SECRET", "route-test-secret-0123456789abcdef0123");
    vi.stubEnv("AUTH_URL", "http://127.0.0.1:3000");
    vi.stubEnv("AUTH_OIDC_ISSUER", "https://idp.example.com");
    vi.stubEnv("AUTH_OIDC_ID", "inspector");
    vi.stubEnv("AUTH_OIDC_SECRET", "oidc-client-secret-value");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
}
