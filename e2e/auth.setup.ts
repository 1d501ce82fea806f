import { expect, test as setup } from "@playwright/test";
import { USERS } from "./env";
import { signInWithPassword } from "./helpers";

// Signs in once; the signed-in project reuses the session cookie.
setup("sign in as the ops user", async ({ page }) => {
  await page.goto("/login");
  await signInWithPassword(page, USERS.ops.email, USERS.ops.password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/ops.json" });
});
