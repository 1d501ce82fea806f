/**
 * The Dockerfile's HEALTHCHECK, read as Docker reads it, so scripts/try-compose.ts and
 * scripts/deploy.test.ts run the very command the image runs (README.md, "Deploying").
 */

/** The exec-form argv after `HEALTHCHECK … CMD`, continuation lines joined; throws if there is none. */
export function healthcheckArgv(dockerfile: string): string[] {
  const line = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .find((l) => /^HEALTHCHECK\s/i.test(l));
  const json = line && /\sCMD\s+(\[.*\])\s*$/.exec(line)?.[1];
  if (!json) throw new Error("the Dockerfile has no HEALTHCHECK … CMD [exec form]");
  const argv: unknown = JSON.parse(json);
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
    throw new Error("the Dockerfile's HEALTHCHECK CMD is not a list of strings");
  }
  return argv;
}
