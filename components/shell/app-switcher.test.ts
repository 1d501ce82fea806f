import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {} }), usePathname: () => "/apps/a1/sessions" }));
const { AppSwitcher } = await import("./app-switcher");

const render = (props: Parameters<typeof AppSwitcher>[0]) => renderToStaticMarkup(createElement(AppSwitcher, props));
const apps = [{ id: "a1", name: "prod-video", createdAt: null }];

describe("app switcher", () => {
  it("says the list could not be loaded, beside the apps still known", () => {
    const html = render({ apps, listFailed: true });
    expect(html).toContain("Could not load the list of apps");
    expect(html).toContain("prod-video");
  });

  it("says so even when no app is known", () => {
    expect(render({ apps: [], listFailed: true })).toContain("Could not load the list of apps");
  });

  it("says nothing of the kind when the list loaded", () => {
    expect(render({ apps })).not.toContain("Could not load");
  });
});
