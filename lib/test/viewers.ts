/**
 * For route tests that read as an admin and as everyone else in turn: set `viewer.admin`, and have
 * the test file stand this in for auth.ts (vi.mock is hoisted per file, so each file calls it):
 *
 *   vi.mock("@/auth", () => import("@/lib/test/viewers").then((m) => m.authAsViewer));
 */
export const viewer = { admin: false };

export const authAsViewer = {
  auth: async () => ({
    user: viewer.admin ? { email: "lead@example.com", admin: true } : { email: "ops@example.com", admin: false },
  }),
};
