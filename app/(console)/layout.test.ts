import { isValidElement, type ReactElement, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { UpstreamError } from "@/lib/server/realtimekit/errors";

/** The console shell while the upstream apps list fails: it renders, and the switcher is told. */

const list = vi.hoisted(() => ({ result: null as unknown }));
vi.mock("@/auth", () => ({ auth: async () => ({ user: { email: "ops@example.com" } }) }));
vi.mock("@/lib/server/apps", () => ({ listVisibleApps: async () => list.result }));

const { default: ConsoleLayout } = await import("./layout");
const { AppSwitcher } = await import("@/components/shell/app-switcher");

function find(node: ReactNode, match: (el: ReactElement) => boolean): ReactElement | undefined {
  if (Array.isArray(node)) return node.map((n) => find(n, match)).find(Boolean);
  if (!isValidElement(node)) return undefined;
  if (match(node)) return node;
  return find((node.props as { children?: ReactNode }).children, match);
}

describe("console layout", () => {
  it("hands the switcher the apps still known and says the list failed", async () => {
    const known = [{ id: "a1", name: null, createdAt: null }];
    list.result = { apps: known, error: new UpstreamError({ kind: "http", status: 500, path: "/apps" }) };
    const el = find(await ConsoleLayout({ children: null }), (e) => e.type === AppSwitcher);
    expect(el?.props).toEqual({ apps: known, listFailed: true });
  });

  it("says nothing failed when the list loaded", async () => {
    list.result = { apps: [], error: null };
    const el = find(await ConsoleLayout({ children: null }), (e) => e.type === AppSwitcher);
    expect(el?.props).toMatchObject({ listFailed: false });
  });
});
