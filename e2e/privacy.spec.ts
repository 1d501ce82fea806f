import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ALLOWED_DOMAIN, OIDC_NAME, SIM, USERS } from "./env";
import { setOidcEmail } from "./helpers";

/**
 * Privacy (docs/privacy.md): the e2e ops user is no admin, so the peer page, the API and the JSON
 * export show a participant's address cut to its /24, no city and a reduced user agent, and the
 * exact values are nowhere in what the browser receives. An SSO user in the admin group (the test
 * IdP's `groups` claim) sees them exact. Each view leaves an audit line in the app's log.
 */

const APP = SIM.apps.prod.id;
// Frankfurt am Main, Hesse: a city unlike its region, so its absence shows.
const PEER = SIM.peers.turnTcp;
const peerUrl = `/apps/${APP}/peers/${PEER}`;
const LOG_FILE = ".reports/app.log";

async function facts(page: Page) {
  await page.goto(peerUrl);
  await expect(page.getByRole("heading", { name: "Network", exact: true })).toBeVisible();
  const userAgent = page.locator("dt", { hasText: /^User agent/ }).locator("xpath=following-sibling::dd[1]");
  return {
    ip: (await page.getByTestId("network-ip").textContent())?.trim() ?? "",
    location: (await page.getByTestId("network-location").textContent())?.trim() ?? "",
    userAgent: (await userAgent.textContent())?.trim() ?? "",
  };
}

function auditLines(): Record<string, unknown>[] {
  return readFileSync(LOG_FILE, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes('"audit":true'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test("a non-admin sees the participant's network, not their address, city or whole user agent", async ({
  page,
  browser,
}) => {
  const masked = await facts(page);
  expect(masked.ip).toMatch(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24$/);
  expect(masked.userAgent).toMatch(/^[A-Za-z ]+ \d+ on [A-Za-z]+/);
  await expect(page.getByTestId("privacy-note")).toContainText("admins see the full address");

  // An admin: signed in through SSO with the admin group in the IdP's groups claim.
  const adminContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const admin = await adminContext.newPage();
    await setOidcEmail(`admin-e2e@${ALLOWED_DOMAIN}`);
    await admin.goto(peerUrl);
    await admin.getByRole("button", { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(admin).toHaveURL(new RegExp(`${peerUrl}$`));
    const exact = await facts(admin);
    await expect(admin.getByTestId("privacy-note")).toHaveCount(0);
    expect(exact.ip).toMatch(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    expect(masked.ip).toBe(`${exact.ip.split(".").slice(0, 3).join(".")}.0/24`);
    // "City, Region, CC" for the admin; the same without the city for everyone else.
    expect(exact.location.split(", ")).toHaveLength(3);
    expect(masked.location).toBe(exact.location.split(", ").slice(1).join(", "));
    expect(exact.userAgent).toMatch(/^Mozilla\/5\.0 \(/);

    // Nowhere in what the browser gets: the whole page as streamed, the API, the JSON export.
    const request = page.request;
    const [html, api, file] = await Promise.all([
      request.get(peerUrl).then((r) => r.text()),
      request.get(`/api/apps/${APP}/peers/${PEER}`).then((r) => r.text()),
      request.get(`/api/apps/${APP}/peers/${PEER}/export?format=json`).then((r) => r.text()),
    ]);
    const city = exact.location.split(", ")[0]!;
    for (const [what, text] of Object.entries({ html, api, file })) {
      expect(text.includes(exact.ip), `${what}: address`).toBe(false);
      expect(text.includes(exact.userAgent), `${what}: user agent`).toBe(false);
      expect(text.includes(city), `${what}: city`).toBe(false);
    }
    expect(JSON.parse(api).network).toMatchObject({ ipv4: masked.ip, city: null });
  } finally {
    await adminContext.close();
  }

  // Each view is audited: who, which peer, whether they saw it unmasked.
  await expect
    .poll(() => {
      const mine = auditLines().filter((l) => (l.what as { peerId?: string }).peerId === PEER);
      return {
        ops: mine.some((l) => l.who === USERS.ops.email && l.unmasked === false),
        admin: mine.some((l) => l.who === `admin-e2e@${ALLOWED_DOMAIN}` && l.unmasked === true),
        export: mine.some((l) => (l.what as { kind?: string }).kind === "peer-export"),
      };
    })
    .toEqual({ ops: true, admin: true, export: true });
});
