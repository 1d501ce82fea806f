/**
 * The checks of scripts/try-base-path.sh, against an app built and started under a sub-path
 * (README.md, "Deploying"). Plain HTTP first (the gate's redirect and 401, Auth.js's routes,
 * nothing answered outside the sub-path), then Chromium: sign in from a deep link, the sessions
 * list (its data comes from fetch()), a session page, a peer page with its charts' data, an export
 * link, the not-found page and sign-out. Then a sign-in through an OpenID Connect provider
 * (oauth2-mock-server, started here as e2e/oidc-provider.ts starts it): the redirect URI the IdP is
 * given, the callback and the page it lands on are all under the sub-path. Every request the browser
 * makes must stay under the sub-path. Prints one line per check and exits non-zero on the first failure.
 */
import { chromium, type Browser, type Page, type Response } from "@playwright/test";
import { SIM } from "@/simulator/scenarios";
import { chromiumLaunchOptions } from "./chromium";
import { startTestIdp } from "./test-idp";

const ORIGIN = process.env.TRY_ORIGIN ?? "http://localhost:3301";
const BASE = process.env.BASE_PATH ?? "/inspector";
const EMAIL = process.env.TRY_EMAIL ?? "";
const PASSWORD = process.env.TRY_PASSWORD ?? "";
// The IdP the app was started with (AUTH_OIDC_ISSUER, AUTH_OIDC_NAME); unset skips the SSO sign-in.
const OIDC_ISSUER = process.env.TRY_OIDC_ISSUER ?? "";
const OIDC_NAME = process.env.TRY_OIDC_NAME ?? "SSO";
const OIDC_EMAIL = "sso-user@example.com";
// The redirect_uri the app sends to the IdP's token endpoint: a real IdP refuses the code unless it
// is the one the authorization request named (RFC 6749, 4.1.3); oauth2-mock-server does not check.
const tokenRedirectUris: string[] = [];
const APP = SIM.apps.prod.id;
const under = (path: string) => `${ORIGIN}${BASE}${path}`;

// TRY_KEEP_GOING=1 reports every failed check instead of stopping at the first.
const keepGoing = process.env.TRY_KEEP_GOING === "1";
let failed = 0;

function check(ok: boolean, what: string, detail = ""): void {
  console.log(`${ok ? "ok  " : "FAIL"}  ${what}${detail ? ` (${detail})` : ""}`);
  if (ok) return;
  failed++;
  if (!keepGoing) throw new Error(`failed: ${what}`);
}

async function http() {
  const health = await fetch(under("/api/health"));
  check(health.status === 200, `GET ${BASE}/api/health answers 200`, String(health.status));
  const outside = await fetch(`${ORIGIN}/api/health`);
  check(outside.status === 404, "GET /api/health outside the sub-path is not served", String(outside.status));

  const page = await fetch(under(`/apps/${APP}/sessions?status=ended`), { redirect: "manual" });
  const location = page.headers.get("location") ?? "";
  check(
    page.status === 307 &&
      new URL(location, ORIGIN).href ===
        under(`/login?callbackUrl=${encodeURIComponent(`/apps/${APP}/sessions?status=ended`)}`),
    "a signed-out page visit goes to the sign-in page under the sub-path, the return path without it",
    `${page.status} ${location}`,
  );
  const api = await fetch(under("/api/apps"));
  check(api.status === 401, `GET ${BASE}/api/apps signed out answers 401`, String(api.status));

  const providers = await fetch(under("/api/auth/providers"));
  const text = await providers.text();
  let body: Record<string, { signinUrl?: string }> = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: reported below
  }
  const signin = Object.values(body)[0]?.signinUrl ?? "";
  check(
    // The origin is the bind address Next.js gives route handlers (lib/http/origin.ts); the path is what counts.
    providers.status === 200 && new URL(signin || "x:/").pathname.startsWith(`${BASE}/api/auth/signin/`),
    "Auth.js answers under the sub-path and names its routes there",
    signin || `${providers.status} ${text.slice(0, 200)}`,
  );
  const unreadable = await fetch(under("/apps/%E0%A4%A"));
  const page404 = await unreadable.text();
  check(
    unreadable.status === 404 && page404.includes(`href="${BASE}/"`),
    "an unreadable address gets the static 404, its link under the sub-path",
    String(unreadable.status),
  );
  const session = await fetch(under("/api/auth/session"));
  check(session.status === 200, `GET ${BASE}/api/auth/session answers 200`, String(session.status));
}

async function browser() {
  const b = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await b.newContext();
    const page = await context.newPage();
    const strays: string[] = [];
    const failures: string[] = [];
    // Once signing out, the page's checks still in flight are refused (401), as they should be.
    let signingOut = false;
    page.on("response", (res: Response) => {
      const url = new URL(res.url());
      if (url.origin !== ORIGIN) return;
      if (!url.pathname.startsWith(`${BASE}/`) && url.pathname !== BASE) strays.push(`${res.status()} ${url.pathname}`);
      else if (res.status() >= 400 && !signingOut && !url.pathname.includes("/does-not-exist"))
        failures.push(`${res.status()} ${url.pathname}`);
    });

    await page.goto(under(`/apps/${APP}/sessions`));
    check(new URL(page.url()).pathname === `${BASE}/login`, "a deep link opens the sign-in page", page.url());
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => u.pathname === `${BASE}/apps/${APP}/sessions`, { timeout: 20_000 });
    check(true, "signed in, back at the deep link under the sub-path", page.url());
    const cookies = await context.cookies();
    const sessionCookie = cookies.find((c) => c.name.includes("authjs.session-token"));
    check(!!sessionCookie, "the session cookie is set", `path ${sessionCookie?.path}`);

    await sessionsList(page);
    await sessionPage(page);
    await peerPage(page);

    // A ticket's link, as copied from the browser, pasted into the lookup: the page it names opens.
    const link = under(`/apps/${APP}/sessions/${SIM.sessions.healthy}`);
    await page.goto(under(`/apps/${APP}/lookup?id=${encodeURIComponent(link)}`));
    await page.waitForURL((u) => u.pathname === `${BASE}/apps/${APP}/sessions/${SIM.sessions.healthy}`);
    check(true, "a pasted link with the sub-path opens its page from the lookup", page.url());

    const missing = await page.goto(under("/does-not-exist"));
    check(missing?.status() === 404, "an unknown page under the sub-path is the app's 404", String(missing?.status()));
    const home = await page.getByRole("link", { name: /apps/i }).first().getAttribute("href");
    check(!!home && home.startsWith(BASE), "the 404's link stays under the sub-path", String(home));

    await page.goto(under(`/apps/${APP}/sessions`));
    signingOut = true;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === `${BASE}/login` && u.searchParams.get("signedOut") === "1");
    check(true, "sign-out lands on the sign-in page under the sub-path", page.url());
    const after = await page.request.get(under("/api/apps"));
    check(after.status() === 401, "after sign-out the JSON API answers 401", String(after.status()));

    check(strays.length === 0, "no request left the sub-path", strays.slice(0, 5).join(", "));
    check(failures.length === 0, "no request failed", failures.slice(0, 5).join(", "));

    if (OIDC_ISSUER) await oidcSignIn(b);
  } finally {
    await b.close();
  }
}

async function oidcSignIn(b: Browser) {
  const context = await b.newContext();
  const page = await context.newPage();
  const idp = new URL(OIDC_ISSUER).origin;
  const redirectUris: string[] = [];
  const strays: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.origin === idp && url.searchParams.has("redirect_uri"))
      redirectUris.push(url.searchParams.get("redirect_uri")!);
    if (url.origin === ORIGIN && !url.pathname.startsWith(`${BASE}/`) && url.pathname !== BASE)
      strays.push(url.pathname);
  });

  const deepLink = `/apps/${APP}/sessions/${SIM.sessions.healthy}`;
  await page.goto(under(deepLink));
  check(new URL(page.url()).pathname === `${BASE}/login`, "SSO: a deep link opens the sign-in page", page.url());
  await page.getByRole("button", { name: `Sign in with ${OIDC_NAME}` }).click();
  await page.waitForURL((u) => u.pathname === `${BASE}${deepLink}`, { timeout: 20_000 });
  check(true, "SSO: signed in through the IdP, back at the deep link under the sub-path", page.url());
  check(
    redirectUris.length > 0 && redirectUris.every((u) => u === under("/api/auth/callback/oidc")),
    "SSO: the IdP was given the callback under the sub-path",
    redirectUris.join(", ") || "the IdP was not asked",
  );
  check(
    tokenRedirectUris.length > 0 && tokenRedirectUris.every((u) => u === under("/api/auth/callback/oidc")),
    "SSO: the callback redeems the code with that same redirect_uri (a real IdP refuses another)",
    tokenRedirectUris.join(", ") || "no token request",
  );
  const sessionCookie = (await context.cookies()).find((c) => c.name.includes("authjs.session-token"));
  check(!!sessionCookie, "SSO: the session cookie is set", `path ${sessionCookie?.path}`);
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  check(true, "SSO: the page it lands on is signed in (its Sign out button shows)");
  const session = (await (await page.request.get(under("/api/auth/session"))).json()) as {
    user?: { email?: string; provider?: string };
  };
  check(
    session.user?.email === OIDC_EMAIL && session.user.provider === "oidc",
    "SSO: Auth.js's session under the sub-path is the IdP's user",
    `${session.user?.email} via ${session.user?.provider}`,
  );
  const api = await page.request.get(under("/api/apps"));
  check(api.status() === 200, "SSO: the JSON API answers the SSO user", String(api.status()));
  check(strays.length === 0, "SSO: no request left the sub-path", strays.slice(0, 5).join(", "));
  await context.close();
}

async function sessionsList(page: Page) {
  const data = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith(`${BASE}/api/apps/${APP}/sessions`), {
    timeout: 8_000,
  });
  // The list refetches its page from the browser (SWR): change a filter to be sure one is made.
  await page.goto(under(`/apps/${APP}/sessions?status=ended`));
  await page
    .getByRole("link", { name: /weekly|support|standup|webinar|onboarding/i })
    .first()
    .waitFor();
  const res = await data.catch(() => null);
  check(
    !res || res.status() === 200,
    "the sessions list shows sessions",
    res ? `fetch ${res.status()}` : "server render",
  );
}

async function sessionPage(page: Page) {
  const quality = page.waitForResponse((r) => r.url().includes(`/sessions/${SIM.sessions.healthy}/quality`), {
    timeout: 20_000,
  });
  await page.goto(under(`/apps/${APP}/sessions/${SIM.sessions.healthy}`));
  const res = await quality;
  check(
    res.status() === 200 && new URL(res.url()).pathname.startsWith(`${BASE}/api/`),
    "the session page's fetch of the quality index goes under the sub-path",
    `${res.status()} ${new URL(res.url()).pathname}`,
  );
  const csv = await page.getByRole("link", { name: /csv/i }).first().getAttribute("href");
  check(!!csv && csv.startsWith(`${BASE}/api/`), "the session CSV link is under the sub-path", String(csv));
  const download = await page.request.get(`${ORIGIN}${csv}`);
  check(download.status() === 200, "the session CSV downloads", String(download.status()));
}

async function peerPage(page: Page) {
  const charts = page.waitForResponse((r) => r.url().includes(`/peers/${SIM.peers.lossBurst}?sections=quality`), {
    timeout: 20_000,
  });
  await page.goto(under(`/apps/${APP}/peers/${SIM.peers.lossBurst}`));
  const res = await charts;
  check(
    res.status() === 200 && new URL(res.url()).pathname.startsWith(`${BASE}/api/`),
    "the peer page's chart data comes from under the sub-path",
    `${res.status()} ${new URL(res.url()).pathname}`,
  );
  const json = await page.getByRole("link", { name: /json/i }).first().getAttribute("href");
  check(!!json && json.startsWith(`${BASE}/api/`), "the peer export link is under the sub-path", String(json));
  const html = await page.content();
  const link = `${ORIGIN}${BASE}/apps/${APP}/peers/${SIM.peers.lossBurst}`;
  check(html.includes(link), "the ticket summary links to the page under the sub-path", link);
}

async function main() {
  if (!EMAIL || !PASSWORD) throw new Error("TRY_EMAIL and TRY_PASSWORD must be set (scripts/try-base-path.sh does)");
  const idp = OIDC_ISSUER ? await startTestIdp({ issuer: OIDC_ISSUER, email: OIDC_EMAIL, tokenRedirectUris }) : null;
  try {
    await http();
    await browser();
  } finally {
    await idp?.stop();
  }
  if (failed) throw new Error(`${failed} check(s) failed under ${BASE}`);
  console.log(`\nAll checks passed under ${BASE}.`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
