import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layers' fence lives in eslint.config.mjs (docs/architecture.md, "Layers"). Each case lints an
// import at a path that does not exist, as ESLint would lint a new file there.
const eslint = new ESLint({ cwd: process.cwd() });

async function fenceErrors(filePath: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from "${from}";\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the import fence", () => {
  it.each([
    ["components/peer/new-panel.tsx", "@/lib/server/config"],
    ["components/peer/new-panel.tsx", "../../lib/server/realtimekit/client"],
    ["lib/report/new-rule.ts", "@/lib/server/health"],
    ["lib/report/findings/new-rule.ts", "../../server/config"],
    ["lib/realtimekit/new.ts", "../server/realtimekit/errors"],
  ])("%s may not import %s", async (file, from) => {
    expect((await fenceErrors(file, from)).join()).toMatch(/only app\/ and lib\/server\/ may import lib\/server/);
  });

  it.each([
    ["app/(console)/new/page.tsx", "@/simulator/scenarios"],
    ["lib/server/new.ts", "../../simulator/data/world"],
    ["components/ui/new.tsx", "@/simulator/scenarios"],
    ["proxy.ts", "./simulator/scenarios"],
  ])("%s may not import %s", async (file, from) => {
    expect((await fenceErrors(file, from)).join()).toMatch(/must not import it/);
  });

  it.each([
    ["simulator/new.ts", "@/lib/format"],
    ["simulator/data/new.ts", "../../lib/realtimekit/types"],
    ["simulator/new.ts", "../components/ui/time"],
  ])("%s may not import %s", async (file, from) => {
    expect((await fenceErrors(file, from)).join()).toMatch(/must not import the product/);
  });

  it.each([
    ["app/api/new/route.ts", "@/lib/server/config"],
    ["lib/server/new.ts", "../realtimekit/types"],
    ["lib/report/new.test.ts", "@/lib/server/config"],
    ["lib/test/new.ts", "@/simulator/scenarios"],
    ["components/peer/new.tsx", "@/lib/report/findings"],
  ])("%s may import %s", async (file, from) => {
    expect(await fenceErrors(file, from)).toEqual([]);
  });
});
