import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Page, Participant, Session } from "@/lib/realtimekit/types";
import { UpstreamError } from "./realtimekit/errors";

/** Lookup of links and names against a fake upstream that counts its calls. */

const APP = "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10";
const OTHER_APP = "b3e1a9d2-77c4-4f0e-8a65-0c9f3d2e1b47";
const SESSION = "3f9e1b7a-c2d4-4e58-8a16-5b0d7c9e2f43";
const PEER = "2b7d9f13-5c4e-4a86-b1d0-9e3f7a5c2b64";

const sessionAt = (i: number): Session =>
  ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    title: `Call ${i}`,
    startedAt: new Date(Date.UTC(2026, 10, 29, 23 - i)).toISOString(),
  }) as Session;
const person = (i: number, name: string, custom: string): Participant =>
  ({
    peerId: `11111111-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name,
    customParticipantId: custom,
    joinedAt: "2026-11-29T10:00:00.000Z",
  }) as Participant;

const state = vi.hoisted(() => ({
  calls: [] as string[],
  people: new Map<string, Participant[]>(),
  peerOpts: [] as unknown[],
}));
const notFound = (path: string) => new UpstreamError({ kind: "http", status: 404, path, message: "not found" });

vi.mock("./realtimekit/client", () => ({
  realtimeKit: () => ({
    async getSession(_app: string, id: string) {
      state.calls.push(`session ${id}`);
      throw notFound("/sessions");
    },
    async getPeerReport(_app: string, id: string, opts: unknown) {
      state.calls.push(`peer ${id}`);
      state.peerOpts.push(opts);
      throw notFound("/peer-report");
    },
    async getMeeting(_app: string, id: string) {
      state.calls.push(`meeting ${id}`);
      throw notFound("/meetings");
    },
    async listSessions(_app: string, q: { perPage: number }): Promise<Page<Session>> {
      state.calls.push("sessions");
      const items = Array.from({ length: q.perPage }, (_, i) => sessionAt(i));
      return { items, page: 1, perPage: q.perPage, total: 500, startOffset: 1, endOffset: q.perPage, hasMore: true };
    },
    async listParticipants(_app: string, sessionId: string, q: { search: string; perPage: number }) {
      state.calls.push(`participants ${sessionId}`);
      // Loose, as an upstream search may be: any participant whose name shares a word.
      const words = q.search.toLowerCase().split(/\s+/);
      const items = (state.people.get(sessionId) ?? []).filter((p) =>
        words.some((w) => p.name?.toLowerCase().includes(w) || p.customParticipantId === q.search),
      );
      return {
        items,
        page: 1,
        perPage: q.perPage,
        total: items.length,
        startOffset: 1,
        endOffset: items.length,
        hasMore: false,
        skipped: 0,
      };
    },
  }),
}));

const { lookup, resolveInspectorLink, RECENT_SESSIONS_SEARCHED } = await import("./lookup");

beforeEach(() => {
  state.calls = [];
  state.peerOpts = [];
  state.people = new Map([
    [sessionAt(0).id, [person(1, "Dana Whitfield", "cust-loss-burst"), person(2, "Lee Chen", "cust-88213")]],
    [sessionAt(3).id, [person(3, "José García", "emp-1"), person(4, "Dana Okafor", "emp-2")]],
    [sessionAt(19).id, [person(5, "Dana Whitfield", "cust-dw-2")]],
    // Beyond the 20 searched: never read.
    [sessionAt(22).id, [person(6, "Dana Whitfield", "cust-dw-3")]],
  ]);
});

describe("a pasted link to this console", () => {
  it.each([
    [
      `https://inspector.example.com/apps/${APP}/peers/${PEER.toUpperCase()}` +
        "?from=2026-11-29T13:54:00.000Z&to=2026-11-29T14:00:00.000Z#x",
      `/apps/${APP}/peers/${PEER}?from=2026-11-29T13%3A54%3A00.000Z&to=2026-11-29T14%3A00%3A00.000Z`,
    ],
    [`http://localhost:3000/apps/${APP}/sessions/${SESSION}/`, `/apps/${APP}/sessions/${SESSION}`],
    [
      `https://127.0.0.1/apps/${APP}/sessions?status=live&search=stand%20up`,
      `/apps/${APP}/sessions?status=live&search=stand+up`,
    ],
    [`/apps/${APP}`, `/apps/${APP}/sessions`],
    [`https://evil.example/apps/${APP}/lookup?id=cust-loss-burst`, `/apps/${APP}/lookup?id=cust-loss-burst`],
    // The host is never followed, protocol-relative or not: only the path is read.
    [`//evil.example/apps/${APP}/sessions`, `/apps/${APP}/sessions`],
  ])("%s opens that page here", (link, href) => {
    expect(resolveInspectorLink(APP, link)).toEqual({ kind: "page", href });
  });

  it.each([
    [`https://inspector.example.com/apps/${OTHER_APP}/peers/${PEER}`, /another app/],
    [`https://inspector.example.com/login?callbackUrl=%2F`, /does not lead to a page of an app/],
    [`https://inspector.example.com/api/apps/${APP}/peers/${PEER}`, /does not lead to a page of an app/],
    [
      `https://inspector.example.com/apps/${APP}/peers/not-a-uuid`,
      /not a sessions, session, participant or lookup page/,
    ],
    [
      `https://inspector.example.com/apps/${APP}/peers/${PEER}/export`,
      /not a sessions, session, participant or lookup page/,
    ],
    [
      `https://inspector.example.com/apps/${APP}/sessions/..%2F..%2Flogin`,
      /not a sessions, session, participant or lookup page/,
    ],
    [`https://inspector.example.com/apps/${APP}/peers/%E0%A4%A`, /path is not well-formed/],
    [`https://inspector.example.com/`, /does not lead to a page of an app/],
  ])("%s is refused with the reason", (link, problem) => {
    const r = resolveInspectorLink(APP, link);
    expect(r?.kind).toBe("elsewhere");
    expect(r?.kind === "elsewhere" ? r.problem : "").toMatch(problem);
  });

  it("reads a link from a deployment under a sub-path (BASE_PATH), with or without it", async () => {
    vi.stubEnv("NEXT_PUBLIC_BASE_PATH", "/inspector");
    vi.resetModules();
    try {
      const under = await import("./lookup");
      const session = { kind: "page", href: `/apps/${APP}/sessions/${SESSION}` };
      expect(under.resolveInspectorLink(APP, `https://ops.example/inspector/apps/${APP}/sessions/${SESSION}`)).toEqual(
        session,
      );
      expect(under.resolveInspectorLink(APP, `/inspector/apps/${APP}/sessions/${SESSION}`)).toEqual(session);
      expect(under.resolveInspectorLink(APP, `/apps/${APP}/sessions/${SESSION}`)).toEqual(session);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("leaves text that is not a link to the id and name search", () => {
    expect(resolveInspectorLink(APP, "Dana Whitfield")).toBeNull();
    expect(resolveInspectorLink(APP, "javascript:alert(1)")).toBeNull();
    expect(resolveInspectorLink(APP, PEER)).toBeNull();
  });

  it("asks the upstream nothing", async () => {
    const r = await lookup(APP, `https://inspector.example.com/apps/${APP}/sessions/${SESSION}`);
    expect(r).toMatchObject({ kind: "redirect", href: `/apps/${APP}/sessions/${SESSION}` });
    expect(state.calls).toEqual([]);
  });
});

describe("a name", () => {
  it("lists the participants whose display name contains it, newest session first, in a bounded search", async () => {
    const r = await lookup(APP, "  dana   WHITFIELD ");
    expect(r.kind).toBe("choose");
    if (r.kind !== "choose") return;
    expect(r.matches.map((m) => [m.participant.customParticipantId, m.session.id, m.by])).toEqual([
      ["cust-loss-burst", sessionAt(0).id, "name"],
      ["cust-dw-2", sessionAt(19).id, "name"],
    ]);
    // The upstream's looser "Dana" hit (Dana Okafor) is not a match for the whole name.
    expect(r.total).toBe(2);
    expect(r.scope).toEqual({ sessions: RECENT_SESSIONS_SEARCHED, sinceIso: sessionAt(19).startedAt });
    expect(state.calls.filter((c) => c.startsWith("participants"))).toHaveLength(RECENT_SESSIONS_SEARCHED);
    expect(state.calls).toHaveLength(RECENT_SESSIONS_SEARCHED + 1);
  });

  it("matches regardless of case and spacing, and is offered even when only one participant has it", async () => {
    const r = await lookup(APP, "josé  GARCÍA");
    expect(r.kind).toBe("choose");
    expect(r.kind === "choose" && r.matches.map((m) => m.participant.name)).toEqual(["José García"]);
  });

  it("still goes straight to the one participant with that custom id", async () => {
    expect(await lookup(APP, "cust-88213")).toMatchObject({
      kind: "redirect",
      href: `/apps/${APP}/peers/${person(2, "", "").peerId}`,
    });
  });

  it("says what was searched when nothing matches", async () => {
    const r = await lookup(APP, "Nobody Here");
    expect(r.kind).toBe("none");
    expect(r.attempts.map((a) => `${a.what}: ${a.outcome}`)).toEqual([
      "custom participant id or display name among the participants of the 20 most recent sessions " +
        `(since ${sessionAt(19).startedAt!.slice(0, 16).replace("T", " ")} UTC): not found`,
    ]);
  });
});

describe("probing a peer id", () => {
  it("asks for a small section of the report, the one the peer page checks first, not the whole report", async () => {
    await lookup(APP, PEER);
    // Same options as the peer page's existence check, so the page it leads to reuses the entry;
    // the client serves it from a cached whole report when there is one.
    expect(state.peerOpts).toEqual([{ sections: ["precall"], includePeerEvents: true }]);
  });
});
