import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/server/realtimekit/errors";

/** An app's pages while the apps list cannot vouch for the app: an upstream error, not "not available". */

const found = vi.hoisted(() => ({ value: null as unknown }));
vi.mock("@/lib/server/pages", () => ({ appForPage: async () => found.value }));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { default: AppLayout } = await import("./layout");
const APP = "00000000-0000-4000-8000-000000000000";
const render = async () =>
  renderToStaticMarkup(
    await AppLayout({ children: createElement("p", null, "the page"), params: Promise.resolve({ appId: APP }) }),
  );

describe("app layout", () => {
  it("shows the upstream error when the failing apps list could not vouch for the app", async () => {
    const checkError = new UpstreamError({ kind: "http", status: 500, path: "/apps" });
    found.value = { app: null, allowed: false, appId: APP, checkError };
    const html = await render();
    expect(html).toContain(`Could not load the list of apps, so app ${APP} could not be checked`);
    expect(html).not.toContain("the page");
  });

  it("is a 404 for an app the deployment does not show", async () => {
    found.value = { app: null, allowed: false, appId: APP, checkError: null };
    await expect(render()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("renders the page of an app it shows", async () => {
    found.value = { app: { id: APP, name: null, createdAt: null }, allowed: true };
    expect(await render()).toContain("the page");
  });
});
