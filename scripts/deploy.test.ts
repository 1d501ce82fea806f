import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { healthcheckArgv } from "./dockerfile";

/**
 * The deployment files (README.md, "Deploying"), checked without Docker: no daemon here, and
 * `npm test` must not need one (scripts/docker-smoke.sh runs them for real where Docker is).
 */

const ROOT = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
// js-yaml is already installed (for ESLint) and has no types of its own here.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

type Service = {
  build?: { context?: string; target?: string; args?: Record<string, string> };
  image?: string;
  env_file?: { path: string; required?: boolean }[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
};
const compose = yaml.load(read("compose.yaml")) as { services: Record<string, Service> };
const smoke = yaml.load(read("deploy/compose.smoke.yaml")) as { services: Record<string, Service> };

type BuildSettings = (env: Record<string, string | undefined>) => {
  basePath: string;
  standalone: boolean;
  distDir: string;
};
const nextConfigPath = join(ROOT, "next.config.mjs");

describe("next.config.mjs's build settings", () => {
  it("take BASE_PATH, NEXT_OUTPUT and NEXT_DIST_DIR, empty meaning unset", async () => {
    const { buildSettings } = (await import(/* @vite-ignore */ nextConfigPath)) as { buildSettings: BuildSettings };
    expect(buildSettings({})).toEqual({ basePath: "", standalone: false, distDir: "" });
    expect(buildSettings({ BASE_PATH: "", NEXT_OUTPUT: "", NEXT_DIST_DIR: "" }).basePath).toBe("");
    expect(buildSettings({ BASE_PATH: "/inspector", NEXT_OUTPUT: "standalone" })).toEqual({
      basePath: "/inspector",
      standalone: true,
      distDir: "",
    });
    expect(buildSettings({ BASE_PATH: "/tools/rtk-inspector" }).basePath).toBe("/tools/rtk-inspector");
  });

  it.each([
    [{ BASE_PATH: "inspector" }, /BASE_PATH must start with "\/"/],
    [{ BASE_PATH: "/inspector/" }, /no trailing slash/],
    [{ BASE_PATH: "/" }, /BASE_PATH/],
    [{ BASE_PATH: "//evil.example" }, /BASE_PATH/],
    [{ BASE_PATH: "/a b" }, /BASE_PATH/],
    [{ BASE_PATH: "/a/../b" }, /"\." or "\.\." segments/],
    [{ BASE_PATH: '/x"><script>' }, /BASE_PATH/],
    [{ NEXT_OUTPUT: "export" }, /NEXT_OUTPUT must be "standalone"/],
    [{ NEXT_DIST_DIR: "../elsewhere" }, /NEXT_DIST_DIR/],
    [{ NEXT_DIST_DIR: "/tmp/x" }, /NEXT_DIST_DIR/],
  ])("refuse %o, naming the variable", async (env, message) => {
    const { buildSettings } = (await import(/* @vite-ignore */ nextConfigPath)) as { buildSettings: BuildSettings };
    expect(() => buildSettings(env)).toThrow(message);
  });

  it("name every problem at once", async () => {
    const { buildSettings } = (await import(/* @vite-ignore */ nextConfigPath)) as { buildSettings: BuildSettings };
    expect(() => buildSettings({ BASE_PATH: "x", NEXT_OUTPUT: "y" })).toThrow(/BASE_PATH[\s\S]*NEXT_OUTPUT/);
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const lines = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages = lines.filter((l) => /^FROM /i.test(l)).map((l) => l.split(/\s+AS\s+/i)[1]);
  const runtime = lines.slice(lines.findLastIndex((l) => /^FROM /i.test(l)));

  it("builds in stages: dependencies from the lockfile, the standalone build, a runtime", () => {
    expect(stages).toEqual(["deps", "build", "runtime"]);
    expect(lines).toContain("COPY package.json package-lock.json ./");
    expect(lines.some((l) => /^RUN npm ci\b/.test(l))).toBe(true);
    expect(dockerfile).toMatch(/NEXT_OUTPUT=standalone/);
    // Every stage copied from is one defined above.
    for (const l of lines.filter((x) => /^COPY --from=/.test(x))) {
      expect(stages).toContain(/--from=(\S+)/.exec(l)?.[1]);
    }
  });

  it("runs the standalone server as an unprivileged user, on port 3000, with a health check in Node", () => {
    expect(runtime.some((l) => l.includes("/app/.next/standalone"))).toBe(true);
    expect(runtime.some((l) => l.includes("/app/.next/static ./.next/static"))).toBe(true);
    const user = runtime.find((l) => /^USER /.test(l))?.split(/\s+/)[1];
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    // The user is set before the server starts, and nothing after it runs as root again.
    expect(runtime.findIndex((l) => /^USER /.test(l))).toBeLessThan(runtime.findIndex((l) => /^CMD /.test(l)));
    expect(runtime).toContain("EXPOSE 3000");
    const health = runtime.find((l) => /^HEALTHCHECK /.test(l)) ?? "";
    expect(health).toMatch(/CMD \["node", "-e", /);
    expect(health).toContain("/api/health");
    expect(health).not.toMatch(/curl|wget/);
    expect(runtime.at(-1)).toBe('CMD ["node", "server.js"]');
    // Docker sets HOSTNAME to the container id; the standalone server would bind to that alone.
    expect(dockerfile).toMatch(/HOSTNAME=0\.0\.0\.0/);
  });

  it("keeps secrets and local builds out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const path of [".env", ".env.*", "node_modules", ".next", ".git", ".reports"]) expect(ignored).toContain(path);
  });
});

describe("compose.yaml", () => {
  it("runs the app twice behind a proxy, with Redis as the shared store", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app1", "app2", "proxy", "redis"]);
    for (const name of ["app1", "app2"]) {
      const app = compose.services[name] as Service;
      expect(app.build?.context).toBe(".");
      expect(app.environment?.REDIS_URL).toBe("redis://redis:6379");
      expect(app.environment?.AUTH_TRUST_HOST).toBe("true");
      expect(app.env_file?.[0]?.path).toMatch(/\.env\b/);
      expect(app.depends_on?.redis?.condition).toBe("service_healthy");
    }
    const proxy = compose.services.proxy as Service;
    expect(proxy.depends_on?.app1?.condition).toBe("service_healthy");
    expect(proxy.depends_on?.app2?.condition).toBe("service_healthy");
    const mount = proxy.volumes?.find((v) => v.includes("Caddyfile")) ?? "";
    const caddyfile = mount.split(":")[0] as string;
    expect(existsSync(join(ROOT, caddyfile))).toBe(true);
    const caddy = read(caddyfile);
    expect(caddy).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(caddy).toMatch(/health_uri \{\$INSPECTOR_BASE_PATH\}\/api\/health/);
    // An instance that stops is passed over at once, not after the next health check (scripts/try-compose.sh).
    expect(caddy).toMatch(/^\s*lb_try_duration \d+s$/m);
    expect(caddy).toMatch(/^\s*fail_duration \d+s$/m);
    expect(compose.services.redis?.healthcheck?.test).toContain("ping");
  });

  it("sets only variables the README documents", () => {
    const readme = read("README.md");
    const text = read("compose.yaml");
    const set = Object.values(compose.services).flatMap((s) => Object.keys(s.environment ?? {}));
    const interpolated = [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1] as string);
    const buildArgs = Object.values(compose.services).flatMap((s) => Object.keys(s.build?.args ?? {}));
    const names = [...new Set([...set, ...interpolated, ...buildArgs])];
    expect(names).toEqual(expect.arrayContaining(["REDIS_URL", "AUTH_TRUST_HOST", "INSPECTOR_BASE_PATH", "BASE_PATH"]));
    const undocumented = names.filter((n) => !readme.includes(`\`${n}\``) && !readme.includes(`\`${n}=`));
    expect(undocumented).toEqual([]);
  });

  it("has a smoke-test overlay that adds the simulator and nothing else", () => {
    expect(Object.keys(smoke.services).sort()).toEqual(["app1", "app2", "simulator"]);
    expect(smoke.services.simulator?.build?.target).toBe("build");
    expect(smoke.services.app1?.depends_on?.simulator?.condition).toBe("service_healthy");
  });

  it("is not needed by npm test", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const test = scripts.test ?? "";
    const reached = test.match(/npm run ([\w:-]+)/g)?.map((m) => scripts[m.slice(8)] ?? "") ?? [];
    expect([test, ...reached].join(" ")).not.toMatch(/docker|compose/);
  });
});

describe("the Dockerfile's HEALTHCHECK command, run without Docker (scripts/dockerfile.ts)", () => {
  // Async: the command's fetch must reach the server in this very process.
  const run = (argv: string[], env: Record<string, string>) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(argv[0] as string, argv.slice(1), {
        // The runtime stage's ENV (NODE_ENV among it) and the test's variables, nothing else.
        env: { PATH: process.env.PATH, NODE_ENV: "production" as const, ...env },
        stdio: "ignore",
      });
      child.on("exit", (code) => resolve(code));
    });

  it("exits 0 while /api/health under BASE_PATH answers 200, and 1 otherwise", async () => {
    const argv = healthcheckArgv(read("Dockerfile"));
    expect(argv[0]).toBe("node");
    const server = createServer((req, res) => {
      res.statusCode = req.url === "/inspector/api/health" ? 200 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = String((server.address() as AddressInfo).port);
    try {
      expect(await run(argv, { PORT: port, BASE_PATH: "/inspector" })).toBe(0);
      expect(await run(argv, { PORT: port, BASE_PATH: "" })).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await run(argv, { PORT: port, BASE_PATH: "/inspector" })).toBe(1);
  });

  it("is read from the exec form only", () => {
    expect(healthcheckArgv('FROM x\nHEALTHCHECK --interval=5s \\\n  CMD ["node", "-e", "1"]\n')).toEqual([
      "node",
      "-e",
      "1",
    ]);
    expect(() => healthcheckArgv("FROM x\nHEALTHCHECK CMD curl -f http://localhost/\n")).toThrow(/exec form/);
    expect(() => healthcheckArgv("FROM x\n")).toThrow(/HEALTHCHECK/);
  });
});

describe("scripts/try-compose.sh (compose.yaml's topology without Docker)", () => {
  it("runs deploy/Caddyfile itself, only compose's names and port replaced and the admin API off", () => {
    const out = execFileSync("bash", [join(ROOT, "scripts/try-compose.sh"), "--caddyfile"], {
      env: { ...process.env, PROXY_PORT: "9101", APP1_PORT: "9102", APP2_PORT: "9103" },
      encoding: "utf8",
    });
    const original = read("deploy/Caddyfile").split("\n");
    const changed = out.split("\n").filter((line) => !original.includes(line));
    expect(changed).toEqual(["{", "\tadmin off", ":9101 {", "\treverse_proxy 127.0.0.1:9102 127.0.0.1:9103 {"]);
    // Every line of the original is kept but the two replaced ones.
    const kept = original.filter((line) => out.split("\n").includes(line));
    expect(original.filter((line) => !kept.includes(line))).toEqual([":80 {", "\treverse_proxy app1:3000 app2:3000 {"]);
  });
});
