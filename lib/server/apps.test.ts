import { beforeEach, describe, expect, it, vi } from "vitest";
import type { App } from "@/lib/realtimekit/types";
import { createMemoryCache, type ResponseCache } from "./cache";
import { UpstreamError } from "./realtimekit/errors";

/** Which apps show, and which may be opened, when the upstream apps list works and when it fails. */

const state = vi.hoisted(() => ({
  allowedAppIds: [] as string[],
  list: null as null | (() => Promise<App[]>),
  cache: null as unknown as ResponseCache,
}));
vi.mock("./config", () => ({ upstreamConfig: () => ({ allowedAppIds: state.allowedAppIds }) }));
vi.mock("./realtimekit/client", () => ({
  realtimeKit: () => ({ listAllApps: () => state.list!() }),
  upstreamCache: () => state.cache,
}));

const { FAILED_KEY, FAILED_TTL_MS, LAST_GOOD_KEY, findVisibleApp, isAppAllowed, listVisibleApps, visibleApps } =
  await import("./apps");

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
  // A fresh instance: nothing listed or failed before.
  state.cache = createMemoryCache(1 << 20);
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

  it("without an allow-list, an unseen app is neither opened nor refused: the upstream error is thrown", async () => {
    state.list = fails();
    const err = await findVisibleApp(UNKNOWN).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    await expect(visibleApps()).rejects.toBeInstanceOf(UpstreamError);
  });

  it("a failing list is asked once per 30 s, not on every page view, and is asked again after", async () => {
    let asked = 0;
    state.list = async () => {
      asked++;
      throw failure();
    };
    const ttls: number[] = [];
    const inner = state.cache;
    state.cache = { ...inner, set: (k, v, o) => (k === FAILED_KEY && ttls.push(o.ttlMs), inner.set(k, v, o)) };
    for (let i = 0; i < 3; i++) expect((await listVisibleApps()).error?.status).toBe(500);
    await expect(findVisibleApp(UNKNOWN)).rejects.toBeInstanceOf(UpstreamError);
    expect(asked).toBe(1);
    expect(ttls).toEqual([FAILED_TTL_MS]);
    expect(FAILED_TTL_MS).toBe(30_000);
    // Once the failure has aged out, the list is read again.
    await state.cache.delete(FAILED_KEY);
    state.list = works();
    expect((await listVisibleApps()).error).toBeNull();
  });

  it("a user's spent share is not remembered as the list failing", async () => {
    const { UserShareExceeded } = await import("./user-share");
    state.list = async () => {
      throw new UserShareExceeded(300, 300_000, 1_000);
    };
    expect((await listVisibleApps()).error?.kind).toBe("user-share");
    expect(await state.cache.get(FAILED_KEY)).toBeUndefined();
  });

  it("a timeout is not remembered as the list failing: it may be the asking request's own deadline", async () => {
    state.list = async () => {
      throw new UpstreamError({ kind: "timeout", path: "/apps", message: "RealtimeKit did not answer within 2 s" });
    };
    expect((await listVisibleApps()).error?.kind).toBe("timeout");
    expect(await state.cache.get(FAILED_KEY)).toBeUndefined();
  });

  it("with an allow-list, the access decision does not wait on the list (an app's layout needs no name)", async () => {
    state.allowedAppIds = [PROD.id];
    let asked = 0;
    state.list = () => {
      asked++;
      return new Promise<App[]>(() => {}); // never answers
    };
    expect(await findVisibleApp(PROD.id, { name: false })).toEqual({ id: PROD.id, name: null, createdAt: null });
    expect(await findVisibleApp(STAGING.id, { name: false })).toBeNull();
    expect(asked).toBe(0);
  });

  it("the apps last listed are kept in the response cache, as plain data a shared store can hold", async () => {
    await listVisibleApps();
    expect(await state.cache.get(LAST_GOOD_KEY)).toEqual([PROD, STAGING]);
    // Another instance on the same store, whose own list fails, still opens them.
    state.list = fails();
    expect(await findVisibleApp(STAGING.id)).toEqual(STAGING);
    // A cold instance with its own (empty) store cannot vouch for them.
    state.cache = createMemoryCache(1 << 20);
    await expect(findVisibleApp(STAGING.id)).rejects.toBeInstanceOf(UpstreamError);
  });
});
