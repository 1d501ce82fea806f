import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { portInUse, usingProcess } from "./processes";

/** A child that holds a port, as `next start` does; `stubborn` ignores SIGTERM. */
function server(stubborn: boolean) {
  const code = `
    ${stubborn ? 'process.on("SIGTERM", () => {});' : ""}
    require("node:net").createServer().listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = new Promise<number>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim()))),
  );
  return { child, port };
}

describe("usingProcess", () => {
  it("stops the child and frees its port when what follows the spawn fails", async () => {
    const { child, port } = server(false);
    const p = await port;
    expect(await portInUse(p)).toBe(true);
    await expect(usingProcess(child, async () => Promise.reject(new Error("browser did not start")))).rejects.toThrow(
      "browser did not start",
    );
    expect(child.signalCode).toBe("SIGTERM");
    expect(await portInUse(p)).toBe(false);
  });

  it("kills a child that ignores SIGTERM once the grace period is over", async () => {
    const { child, port } = server(true);
    const p = await port;
    expect(await usingProcess(child, async () => "done", 200)).toBe("done");
    expect(child.signalCode).toBe("SIGKILL");
    expect(await portInUse(p)).toBe(false);
  });
});
