import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Participant, Session } from "@/lib/realtimekit/types";

/** The session page's server render, with the upstream client and the app check stubbed. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const URL_SESSION = "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10";

const upstream = vi.hoisted(() => ({
  session: null as unknown,
  participants: { participants: [] as unknown[], skipped: 0 },
  participantsPending: false,
}));

vi.mock("@/lib/server/pages", () => ({
  appForPage: async (id: string) => ({ app: { id, name: "prod", createdAt: null }, allowed: true }),
}));
vi.mock("@/lib/server/realtimekit/client", () => ({
  realtimeKit: () => ({
    getSession: async () => upstream.session,
    listAllParticipants: () =>
      upstream.participantsPending ? new Promise(() => undefined) : Promise.resolve(upstream.participants),
  }),
}));
vi.mock("@/lib/server/health", () => ({ autoHealthLimit: () => 25 }));
const SHARE = { limit: 600, windowMs: 300_000, used: 42, retryAfterS: null };
vi.mock("@/lib/server/scan-share", () => ({ scanShare: () => ({ state: async () => SHARE }) }));
// The client island is not under test: only the props the page hands it.
vi.mock("./client", () => ({ SessionClient: () => null }));

const { default: SessionPage } = await import("./page");
const { SessionClient } = await import("./client");

function session(over: Partial<Session> = {}): Session {
  return {
    id: URL_SESSION,
    appId: APP,
    meetingId: null,
    title: "Weekly sync",
    type: "meeting",
    status: "ended",
    liveParticipants: 0,
    peakParticipants: 2,
    participantMinutes: 10,
    startedAt: "2026-08-10T14:00:00.000Z",
    endedAt: "2026-08-10T14:30:00.000Z",
    durationS: 1800,
    createdAt: null,
    updatedAt: null,
    breakoutRooms: [],
    ...over,
  };
}

function participant(peerId: string): Participant {
  return {
    peerId,
    sessionId: URL_SESSION,
    userId: null,
    customParticipantId: null,
    name: "Asha",
    preset: null,
    joinedAt: "2026-08-10T14:00:05.000Z",
    leftAt: "2026-08-10T14:29:00.000Z",
    durationS: 1735,
    peerEvents: null,
    reconnects: null,
  };
}

function find(node: ReactNode, match: (el: ReactElement) => boolean): ReactElement | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const hit = find(child, match);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isValidElement(node)) return undefined;
  if (match(node)) return node;
  return find((node.props as { children?: ReactNode }).children, match);
}

/** Renders the async server components inside the tree too (the parts that stream under <Suspense>). */
async function expand(node: ReactNode): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map(expand));
  if (!isValidElement(node)) return node;
  const { type, props } = node as ReactElement<{ children?: ReactNode }>;
  if (typeof type === "function" && type.constructor.name === "AsyncFunction")
    return expand(await (type as (p: unknown) => Promise<ReactNode>)(props));
  if (props.children === undefined) return node;
  return cloneElement(node, undefined, await expand(props.children));
}

const render = async () =>
  expand(await SessionPage({ params: Promise.resolve({ appId: APP, sessionId: URL_SESSION.toUpperCase() }) }));

beforeEach(() => {
  upstream.participantsPending = false;
  upstream.session = session();
  upstream.participants = { participants: [participant("8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18")], skipped: 0 };
});

describe("session page", () => {
  it("hands the health check the validated id from its own URL, not the upstream's echo", async () => {
    upstream.session = session({ id: "SOMETHING-ELSE" });
    const el = find(await render(), (e) => e.type === SessionClient);
    expect((el?.props as { sessionId: string }).sessionId).toBe(URL_SESSION);
  });

  // The "Check all" button's estimate, before the first batch's answer gives the share's state again.
  it("hands the client the checks' share of the budget, and whether to check unasked", async () => {
    const el = find(await render(), (e) => e.type === SessionClient);
    expect(el?.props).toMatchObject({ scanShare: SHARE, autoHealth: true });
  });

  it("says how many participant rows were left out for lack of an id", async () => {
    upstream.participants = { participants: [participant("8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18")], skipped: 2 };
    const notice = find(
      await render(),
      (e) => (e.props as { "data-testid"?: string })["data-testid"] === "skipped-participants",
    );
    expect(notice).toBeDefined();
    expect(renderToStaticMarkup(notice!)).toContain("2 participant rows");
  });

  it("shows no such notice when every row was usable", async () => {
    const notice = find(
      await render(),
      (e) => (e.props as { "data-testid"?: string })["data-testid"] === "skipped-participants",
    );
    expect(notice).toBeUndefined();
  });

  // A webinar's participants take one upstream call per 100: the header must not wait for them.
  it("renders the header while the participants are still on their way, with a skeleton for them", async () => {
    upstream.participantsPending = true;
    const page = await Promise.race([
      SessionPage({ params: Promise.resolve({ appId: APP, sessionId: URL_SESSION }) }),
      new Promise<"waited">((done) => setTimeout(() => done("waited"), 500)),
    ]);
    expect(page).not.toBe("waited");
    const html = renderToStaticMarkup(find(page as ReactNode, (e) => e.type === "header")!);
    expect(html).toContain("Weekly sync");
    const skeleton = find(
      page as ReactNode,
      (e) =>
        (e.props as { fallback?: ReactElement }).fallback !== undefined &&
        renderToStaticMarkup((e.props as { fallback: ReactElement }).fallback).includes("participants-skeleton"),
    );
    expect(skeleton).toBeDefined();
  });
});
