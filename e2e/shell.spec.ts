import { expect, test } from "@playwright/test";
import { SIM } from "./env";

test("home lists the deployment's apps with id and creation time", async ({ page }) => {
  await page.goto("/");
  const prod = page.getByRole("listitem").filter({ hasText: SIM.apps.prod.name });
  await expect(prod.getByText(SIM.apps.prod.id)).toBeVisible();
  await expect(prod.getByText(/Created \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/)).toBeVisible();
});

test("the app switcher moves to the chosen app and the lookup box appears there", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("searchbox")).toHaveCount(0);
  await page.getByRole("combobox", { name: "App" }).selectOption({ label: SIM.apps.staging.name });
  await expect(page).toHaveURL(`/apps/${SIM.apps.staging.id}/sessions`);
  await expect(page.getByRole("searchbox", { name: /Look up/ })).toBeVisible();
});

test("an unknown address shows a helpful not-found page", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
