import { expect, test, type APIRequestContext } from "@playwright/test";
import { ALLOWED_DOMAIN, APP_URL, USERS } from "../env";
import { setOidcEmail } from "../helpers";

/**
 * Open redirects after sign-in and sign-out, read from the raw `Location` header: a browser would
 * follow `//evil.example/x` to another host, which a page-level check of the final URL can miss.
 */
const HOSTILE = [
  "/.//evil.example/x",
  "/x/..//evil.example/x",
  "/%252e//evil.example/x",
  "/%2f%2fevil.example/x",
  "//evil.example/x",
  "/\\evil.example/x",
  "https:evil.example/x",
  "https://evil.example/x",
];

function expectSameOrigin(location: string | undefined, what: string) {
  expect(location, what).toBeTruthy();
  const loc = location!;
  // Relative or absolute, it must resolve to this deployment and not be protocol-relative.
  expect(loc, what).not.toMatch(/^\s*[/\\]{2}/);
  expect(new URL(loc, APP_URL).origin, what).toBe(APP_URL);
}

async function csrf(request: APIRequestContext): Promise<string> {
  const res = await request.get("/api/auth/csrf");
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function signInWithPasswordOverHttp(request: APIRequestContext) {
  const res = await request.post("/api/auth/callback/password", {
    form: { csrfToken: await csrf(request), email: USERS.ops.email, password: USERS.ops.password },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(302);
  const cookies = (await request.storageState()).cookies.map((c) => c.name);
  expect(cookies.some((n) => n.endsWith("session-token"))).toBe(true);
}

for (const hostile of HOSTILE) {
  test(`sign-out with callbackUrl ${hostile} stays on this site`, async ({ request }) => {
    await signInWithPasswordOverHttp(request);
    const res = await request.post("/api/auth/signout", {
      form: { csrfToken: await csrf(request), callbackUrl: hostile },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(302);
    expectSameOrigin(res.headers()["location"], hostile);
  });

  test(`a signed-in visit to /login with callbackUrl ${hostile} stays on this site`, async ({ request }) => {
    await signInWithPasswordOverHttp(request);
    const res = await request.get(`/login?${new URLSearchParams({ callbackUrl: hostile })}`, { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expectSameOrigin(res.headers()["location"], hostile);
  });
}

// Auth.js keeps the callbackUrl through the round trip to the IdP in a cookie, set (after the
// redirect callback) by the first step: the value the final redirect will use. It only sets the
// cookie when the value changes, so an honest path goes first each time: the hostile one must then
// replace it, and a missing cookie (Auth.js no longer keeping it) fails rather than passing as "/".
test("SSO sign-in keeps only a same-site callbackUrl for the way back", async ({ request }) => {
  await setOidcEmail(`alice@${ALLOWED_DOMAIN}`);
  const honest = "/apps/x/sessions?status=live";
  const keptBy = async (callbackUrl: string) => {
    const start = await request.post("/api/auth/signin/oidc", {
      form: { csrfToken: await csrf(request), callbackUrl },
      maxRedirects: 0,
    });
    expect(start.status(), callbackUrl).toBe(302);
    const cookie = start
      .headersArray()
      .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("authjs.callback-url="));
    expect(cookie, `callback-url cookie for ${callbackUrl}`).toBeDefined();
    return decodeURIComponent(cookie!.value.split(";")[0]!.slice("authjs.callback-url=".length));
  };
  for (const hostile of HOSTILE) {
    expect(await keptBy(honest)).toBe(honest);
    const kept = await keptBy(hostile);
    expectSameOrigin(kept, hostile);
    expect(kept, hostile).toBe("/");
  }
});

// Next.js hands Auth.js a request URL at `localhost` (its own bind address, loopback spelt
// localhost) whatever address the browser used; its error redirects must use the public one.
test("Auth.js error redirects go to the address the browser used", async ({ request }) => {
  const res = await request.get("/api/auth/callback/oidc", { maxRedirects: 0 });
  expect(res.status()).toBe(302);
  const location = res.headers()["location"]!;
  expect(new URL(location, APP_URL).origin).toBe(APP_URL);
  expect(new URL(location, APP_URL).pathname).toBe("/login");
});
