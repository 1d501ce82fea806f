import { beforeEach, describe, expect, it, vi } from "vitest";
import type { App } from "@/lib/realtimekit/types";
import { UpstreamError } from "./realtimekit/errors";

/** Which apps show, and which may be opened, when the upstream apps list works and when it fails. */

const state = vi.hoisted(() => ({
  allowedAppIds: [] as string[],
  list: null as null | (() => Promise<App[]>),
}));
vi.mock("./env", () => ({ upstreamConfig: () => ({ allowedAppIds: state.allowedAppIds }) }));
vi.mock("./realtimekit/client", () => ({ realtimeKit: () => ({ listAllApps: () => state.list!() }) }));

const { findVisibleApp, isAppAllowed, listVisibleApps, visibleApps } = await import("./apps");

const PROD: App = { id: "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10", name: "prod-video", createdAt: null };
const STAGING: App = { id: "b3e1a9d2-77c4-4f0e-8a65-0c9f3d2e1b47", name: "staging-video", createdAt: null };
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const failure = () => new UpstreamError({ kind: "http", status: 500, path: "/apps", message: "RealtimeKit failed" });
const works = () => async () => [PROD, STAGING];
const fails = () => async () => {
  throw failure();
};

beforeEach(() => {
  state.allowedAppIds = [];
  state.list = works();
  // Forget the last good list between tests.
  const slot = (globalThis as unknown as Record<symbol, { apps: App[] } | undefined>)[Symbol.for("realtimekit-inspector.apps-last-listed")];
  if (slot) slot.apps = [];
});

describe("apps while the upstream list works", () => {
  it("shows every listed app without an allow-list, and refuses others", async () => {
    expect((await listVisibleApps()).apps).toEqual([PROD, STAGING]);
    expect(await isAppAllowed(PROD.id)).toBe(true);
    expect(await isAppAllowed(UNKNOWN)).toBe(false);
  });

  it("with an allow-list shows only those, even one the token cannot list", async () => {
    state.allowedAppIds = [PROD.id, UNKNOWN];
    expect((await visibleApps()).map((a) => a.id)).toEqual([PROD.id, UNKNOWN]);
    expect(await isAppAllowed(STAGING.id)).toBe(false);
  });
});

describe("apps while the upstream list fails", () => {
  it("an allowed app still opens, by id, and the error is reported beside it", async () => {
    state.allowedAppIds = [PROD.id];
    state.list = fails();
    const list = await listVisibleApps();
    expect(list.apps).toEqual([{ id: PROD.id, name: null, createdAt: null }]);
    expect(list.error?.status).toBe(500);
    expect(await findVisibleApp(PROD.id)).toMatchObject({ id: PROD.id });
    // …and the allow-list answers the API's check alone, without asking the upstream.
    let asked = 0;
    state.list = async () => {
      asked++;
      throw failure();
    };
    expect(await isAppAllowed(PROD.id)).toBe(true);
    expect(await isAppAllowed(STAGING.id)).toBe(false);
    expect(asked).toBe(0);
  });

  it("without an allow-list, an app listed before still opens (with its name)", async () => {
    await listVisibleApps();
    state.list = fails();
    expect(await findVisibleApp(PROD.id)).toEqual(PROD);
    expect((await listVisibleApps()).error).not.toBeNull();
  });

  it("without an allow-list, an app never seen is neither opened nor refused: the upstream error is thrown", async () => {
    state.list = fails();
    const err = await findVisibleApp(UNKNOWN).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    await expect(visibleApps()).rejects.toBeInstanceOf(UpstreamError);
  });
});
