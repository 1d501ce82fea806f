import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as routes from "./routes";
import { parseSessionFilters } from "./validations/sessions";

const APP = "14a396e7-ca44-4937-bf1f-050a69118543";
const SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";
const PEER = "bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c";
const MEETING = "5a1e7c3b-2d94-4f6a-b0c8-9e2d1f4a7b63";
/** Anything that would reshape a URL if it went in raw. */
const NASTY = "a/b?c=d#e f%25";

describe('page addresses keep today\'s shapes (README.md, "Using it"; docs/addresses.md)', () => {
  it("home, app, sessions list, session, peer, lookup, sign-in", () => {
    expect(routes.homePath()).toBe("/");
    expect(routes.appPath(APP)).toBe(`/apps/${APP}`);
    expect(routes.sessionsPath(APP)).toBe(`/apps/${APP}/sessions`);
    expect(routes.sessionPath(APP, SESSION)).toBe(`/apps/${APP}/sessions/${SESSION}`);
    expect(routes.sessionPath(APP, SESSION, "search=ann&page=2")).toBe(
      `/apps/${APP}/sessions/${SESSION}?search=ann&page=2`,
    );
    expect(routes.peerPath(APP, PEER)).toBe(`/apps/${APP}/peers/${PEER}`);
    expect(
      routes.peerPath(APP, PEER, { from: "2026-11-25T14:05:00.000Z", to: "2026-11-25T14:10:00.000Z" }, "charts"),
    ).toBe(`/apps/${APP}/peers/${PEER}?from=2026-11-25T14%3A05%3A00.000Z&to=2026-11-25T14%3A10%3A00.000Z#charts`);
    expect(routes.peerPath(APP, PEER, { from: "2026-11-25T14:05:00.000Z" })).toBe(
      `/apps/${APP}/peers/${PEER}?from=2026-11-25T14%3A05%3A00.000Z`,
    );
    expect(routes.peerPath(APP, PEER, { tz: "local" })).toBe(`/apps/${APP}/peers/${PEER}?tz=local`);
    expect(routes.peerPath(APP, PEER, new URLSearchParams("to=x&from=y"))).toBe(
      `/apps/${APP}/peers/${PEER}?to=x&from=y`,
    );
    expect(routes.lookupPath(APP, "emp 2231")).toBe(`/apps/${APP}/lookup?id=emp+2231`);
    expect(routes.lookupPath(APP)).toBe(`/apps/${APP}/lookup`);
    expect(routes.loginPath()).toBe("/login");
    expect(routes.loginPath({ signedOut: true })).toBe("/login?signedOut=1");
    expect(routes.loginPath({ callbackUrl: "/apps/x/sessions?status=live" })).toBe(
      "/login?callbackUrl=%2Fapps%2Fx%2Fsessions%3Fstatus%3Dlive",
    );
  });

  it("the sessions list carries its filters as the one canonical query, defaults left out", () => {
    expect(routes.sessionsPath(APP, { meeting: MEETING })).toBe(`/apps/${APP}/sessions?meeting=${MEETING}`);
    const { value } = parseSessionFilters(
      new URLSearchParams(
        "status=live&from=2026-08-10T14:00:00Z&search=sync&participants=2:&sort=minutes&page=3&perPage=50",
      ),
      "strict",
    );
    expect(routes.sessionsPath(APP, value)).toBe(
      `/apps/${APP}/sessions?status=live&from=2026-08-10T14%3A00%3A00.000Z` +
        "&search=sync&participants=2%3A&sort=minutes&page=3&perPage=50",
    );
    // All defaults: no query at all, for the page and the API alike (the SWR key must match the server's).
    const defaults = parseSessionFilters({}, "strict").value;
    expect(routes.sessionsPath(APP, defaults)).toBe(`/apps/${APP}/sessions`);
    expect(routes.sessionsApi(APP, defaults)).toBe(`/api/apps/${APP}/sessions`);
    expect(routes.sessionsApi(APP, value)).toBe(routes.sessionsPath(APP, value).replace("/apps/", "/api/apps/"));
  });
});

describe("API addresses keep today's shapes", () => {
  it("apps, sessions, session, participants, health, peer report, export, auth", () => {
    expect(routes.appsApi()).toBe("/api/apps");
    expect(routes.sessionsApi(APP)).toBe(`/api/apps/${APP}/sessions`);
    expect(routes.sessionApi(APP, SESSION)).toBe(`/api/apps/${APP}/sessions/${SESSION}`);
    expect(routes.sessionApi(APP, SESSION, { breakoutRooms: true })).toBe(
      `/api/apps/${APP}/sessions/${SESSION}?breakoutRooms=true`,
    );
    expect(routes.participantsApi(APP, SESSION)).toBe(`/api/apps/${APP}/sessions/${SESSION}/participants`);
    expect(routes.participantsApi(APP, SESSION, { search: "ann", page: 2, events: false })).toBe(
      `/api/apps/${APP}/sessions/${SESSION}/participants?search=ann&page=2&events=false`,
    );
    expect(routes.sessionHealthApi(APP, SESSION)).toBe(`/api/apps/${APP}/sessions/${SESSION}/health`);
    expect(routes.sessionHealthApi(APP, SESSION, [PEER, SESSION])).toBe(
      `/api/apps/${APP}/sessions/${SESSION}/health?peers=${PEER}%2C${SESSION}`,
    );
    expect(routes.peerReportApi(APP, PEER)).toBe(`/api/apps/${APP}/peers/${PEER}`);
    expect(routes.peerReportApi(APP, PEER, { sections: ["quality", "events"] })).toBe(
      `/api/apps/${APP}/peers/${PEER}?sections=quality%2Cevents`,
    );
    expect(routes.peerQualityApi(APP, PEER)).toBe(`/api/apps/${APP}/peers/${PEER}?sections=quality`);
    expect(routes.peerExportApi(APP, PEER, { format: "csv" })).toBe(`/api/apps/${APP}/peers/${PEER}/export?format=csv`);
    expect(
      routes.peerExportApi(APP, PEER, {
        format: "json",
        from: "2026-11-25T14:05:00.000Z",
        to: "2026-11-25T14:10:00.000Z",
      }),
    ).toBe(
      `/api/apps/${APP}/peers/${PEER}/export?format=json` +
        "&from=2026-11-25T14%3A05%3A00.000Z&to=2026-11-25T14%3A10%3A00.000Z",
    );
    expect(routes.authApi()).toBe("/api/auth");
    expect(routes.authApi("signin", "oidc")).toBe("/api/auth/signin/oidc");
  });
});

describe("ids are one path segment whatever they hold", () => {
  // The session timeline sent `/apps/{app}/peers/${peerId}` raw: a "/", "?" or "#" in an id made another address.
  const lastSegment = (href: string) => new URL(href, "http://x.invalid").pathname.split("/").at(-1) ?? "";
  const segments = (href: string) =>
    new URL(href, "http://x.invalid").pathname.split("/").slice(1).map(decodeURIComponent);

  it("round-trips every id through the path", () => {
    expect(decodeURIComponent(lastSegment(routes.peerPath(APP, NASTY)))).toBe(NASTY);
    expect(decodeURIComponent(lastSegment(routes.sessionPath(APP, NASTY)))).toBe(NASTY);
    expect(decodeURIComponent(lastSegment(routes.peerReportApi(APP, NASTY)))).toBe(NASTY);
    expect(decodeURIComponent(lastSegment(routes.sessionApi(APP, NASTY)))).toBe(NASTY);
    expect(segments(routes.peerPath(NASTY, NASTY))).toEqual(["apps", NASTY, "peers", NASTY]);
    expect(segments(routes.sessionsPath(NASTY))).toEqual(["apps", NASTY, "sessions"]);
    expect(segments(routes.lookupPath(NASTY, "x"))).toEqual(["apps", NASTY, "lookup"]);
    expect(segments(routes.sessionHealthApi(NASTY, NASTY, ["p"]))).toEqual([
      "api",
      "apps",
      NASTY,
      "sessions",
      NASTY,
      "health",
    ]);
    expect(segments(routes.participantsApi(NASTY, NASTY))).toEqual([
      "api",
      "apps",
      NASTY,
      "sessions",
      NASTY,
      "participants",
    ]);
    expect(segments(routes.peerExportApi(NASTY, NASTY, { format: "csv" }))).toEqual([
      "api",
      "apps",
      NASTY,
      "peers",
      NASTY,
      "export",
    ]);
    expect(segments(routes.sessionsApi(NASTY))).toEqual(["api", "apps", NASTY, "sessions"]);
    for (const bad of ["/", "?", "#"]) {
      const href = routes.peerPath(APP, `x${bad}y`);
      const url = new URL(href, "http://x.invalid");
      expect(url.search + url.hash).toBe("");
      expect(decodeURIComponent(lastSegment(href))).toBe(`x${bad}y`);
    }
  });

  it("keeps query values whole", () => {
    const url = new URL(routes.lookupPath(APP, "a&id=b#c"), "http://x.invalid");
    expect(url.searchParams.getAll("id")).toEqual(["a&id=b#c"]);
  });
});

describe("withQuery", () => {
  it("leaves out an empty query and unset values, and takes any form of query", () => {
    expect(routes.withQuery("/p")).toBe("/p");
    expect(routes.withQuery("/p", "")).toBe("/p");
    expect(routes.withQuery("/p", "?a=1")).toBe("/p?a=1");
    expect(routes.withQuery("/p", { a: undefined, b: null })).toBe("/p");
    expect(routes.withQuery("/p", new URLSearchParams("a=1&a=2"), "h")).toBe("/p?a=1&a=2#h");
  });
});

/**
 * No address of the console is built by hand outside lib/routes.ts: a template literal or string
 * that starts with one of its paths is a copy of a builder (and the timeline's copy left the peer
 * id unencoded). Comparisons (`startsWith`, `===`) read addresses; they do not build them.
 */
describe("product code builds console addresses only through lib/routes.ts", () => {
  const ROOT = fileURLToPath(new URL("..", import.meta.url));
  // The upstream's own paths (lib/server/realtimekit) are not console addresses.
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).flatMap((f) => {
      const path = `${dir}/${f}`;
      if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
      return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [path] : [];
    });

  it("has no hand-built /apps, /api or /login address", () => {
    const files = [...["app", "components", "lib"].flatMap(walk), "proxy.ts", "auth.ts"].filter(
      (p) => p !== "lib/routes.ts" && !/^lib\/(test|server\/realtimekit)\//.test(p),
    );
    const found: string[] = [];
    for (const path of files) {
      readFileSync(join(ROOT, path), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/^\s*(\/\/|\/\*|\*)/.test(line) || /\.startsWith\(|[!=]==/.test(line)) return;
          if (/[`"']\/(apps|api|login)(?=[/?`"'])/.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});

describe('under a sub-path (BASE_PATH, README.md "Deploying")', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("JSON API addresses carry it, for fetch() and download links; page addresses leave it to Next.js", async () => {
    vi.stubEnv("NEXT_PUBLIC_BASE_PATH", "/inspector");
    vi.resetModules();
    const under = await import("./routes");
    expect(under.appsApi()).toBe("/inspector/api/apps");
    expect(under.sessionsApi(APP, { status: "ended" })).toBe(
      `/inspector${routes.sessionsApi(APP, { status: "ended" })}`,
    );
    expect(under.sessionApi(APP, SESSION)).toBe(`/inspector/api/apps/${APP}/sessions/${SESSION}`);
    expect(under.participantsApi(APP, SESSION, { for: "check" })).toBe(
      `/inspector/api/apps/${APP}/sessions/${SESSION}/participants?for=check`,
    );
    expect(under.sessionHealthApi(APP, SESSION, [PEER])).toBe(
      `/inspector/api/apps/${APP}/sessions/${SESSION}/health?peers=${PEER}`,
    );
    expect(under.sessionQualityApi(APP, SESSION)).toBe(`/inspector/api/apps/${APP}/sessions/${SESSION}/quality`);
    expect(under.sessionExportApi(APP, SESSION, { format: "csv" })).toBe(
      `/inspector/api/apps/${APP}/sessions/${SESSION}/export?format=csv`,
    );
    expect(under.peerQualityApi(APP, PEER)).toBe(`/inspector/api/apps/${APP}/peers/${PEER}?sections=quality`);
    expect(under.peerExportApi(APP, PEER, { format: "json" })).toBe(
      `/inspector/api/apps/${APP}/peers/${PEER}/export?format=json`,
    );
    // <Link>, router.push and redirect() add the sub-path themselves: a second one would 404.
    expect(under.sessionsPath(APP)).toBe(`/apps/${APP}/sessions`);
    expect(under.peerPath(APP, PEER)).toBe(`/apps/${APP}/peers/${PEER}`);
    expect(under.loginPath({ callbackUrl: "/" })).toBe("/login?callbackUrl=%2F");
    // Auth.js's own base is set from it in auth.ts.
    expect(under.authApi("signin")).toBe("/api/auth/signin");
  });

  it("every JSON API builder adds it (none forgotten)", async () => {
    vi.stubEnv("NEXT_PUBLIC_BASE_PATH", "/inspector");
    vi.resetModules();
    const under = (await import("./routes")) as unknown as Record<string, unknown>;
    const builders = Object.entries(under).filter(([name, v]) => /Api$/.test(name) && typeof v === "function");
    expect(builders.length).toBeGreaterThanOrEqual(9);
    for (const [name, build] of builders) {
      if (name === "authApi") continue;
      const args = /^(apps|sessions)Api$/.test(name)
        ? [APP]
        : /ExportApi$/.test(name)
          ? [APP, SESSION, { format: "csv" }]
          : [APP, SESSION];
      const url = (build as (...a: unknown[]) => string)(...args);
      expect(url, name).toMatch(/^\/inspector\/api\//);
    }
  });
});
