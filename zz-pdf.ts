import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";
(async () => {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const p = await (await b.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await p.goto("http://localhost:3000/login");
  await p.getByLabel("Email").fill("demo@example.com"); await p.getByLabel("Password").fill("demo-inspector");
  await p.getByRole("button", { name: "Sign in", exact: true }).click(); await p.getByRole("button", { name: "Sign out" }).waitFor();
  for (const id of (process.argv[2] ?? "2b7d9f13-5c4e-4a86-b1d0-9e3f7a5c2b64").split(",")) {
    await p.goto(`http://localhost:3000/apps/6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10/peers/${id}`);
    await p.getByTestId("chart-window").waitFor();
    await p.waitForTimeout(1000);
    await p.emulateMedia({ media: "print" });
    await p.waitForTimeout(500);
    await p.pdf({ path: `/tmp/peer-${id.slice(0, 4)}.pdf`, format: "A4" });
    const pdf = readFileSync(`/tmp/peer-${id.slice(0, 4)}.pdf`, "latin1");
    console.log(id, "pages", (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length);
    await p.emulateMedia({ media: "print" });
    await p.setViewportSize({ width: 703, height: 1032 });
    await p.waitForTimeout(800);
    await p.screenshot({ path: `/tmp/print-${id.slice(0, 4)}.png`, fullPage: true });
    console.log("height", await p.evaluate(() => document.documentElement.scrollHeight));
    await p.emulateMedia({ media: "screen" });
    await p.setViewportSize({ width: 1280, height: 900 });
  }
  await b.close();
})();
