// The webinar's scenarios (an everyone-at-once dip, one attendee on a bad downlink) were added without
// moving the world's random draws: every other session, plan and report must stay byte-identical.
// A changed fingerprint means a change to data that other tests, e2e specs and demos rely on; if it
// is meant, say so in the commit and update the figure here.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SIM, SIM_WEBINAR_DIP } from "../scenarios";
import type { PeerPlan, World } from "./model";
import { ReportStore } from "./views";
import { buildWorld } from "./world";

const ANCHOR = Date.parse("2026-08-20T12:00:00.000Z");
/** Where the bad-downlink attendee sits among the webinar's peers (2 presenters, then attendees). */
const BAD_ATTENDEE_POSITION = 2 + 611;

function sha(value: unknown): string {
  // Session-level scenario fields are left out: only the data that existed before them is compared.
  const json = JSON.stringify(value, (key, v: unknown) => (key === "sfuIncidents" ? undefined : v));
  return createHash("sha256").update(json).digest("hex").slice(0, 16);
}

function fingerprint(world: World): Record<string, string> {
  const store = new ReportStore(world);
  const report = (p: PeerPlan) => store.report(p, ANCHOR);
  const session = (id: string) => world.sessionsById.get(id)!;
  const webinar = session(SIM.sessions.webinar);
  const sessionsButWebinarPeers = world.sessions.map((s) =>
    s === webinar ? { ...s, peers: s.peers.filter((_, k) => k !== BAD_ATTENDEE_POSITION) } : s,
  );
  const reportsOf = (ids: string[]) => ids.flatMap((id) => session(id).peers.map(report));
  const ordinary = world.sessions.filter((s) => !Object.values(SIM.sessions).includes(s.id as never)).slice(0, 12);
  const [host, cohost] = webinar.peers;
  const attendee = report(world.peersById.get(SIM.peers.webinarAttendee)!);
  // Attendees' received samples in the dip differ by design; everything else of theirs must not.
  const dipFrom = webinar.startMs + SIM_WEBINAR_DIP.fromMinute * 60_000;
  const dipTo = webinar.startMs + SIM_WEBINAR_DIP.toMinute * 60_000;
  const outsideDip = Object.fromEntries(
    Object.entries(attendee.quality)
      .filter(([key]) => !key.endsWith("_cumulative"))
      .map(([key, samples]) => [
        key,
        (samples as { timestamp: string }[]).filter((x) => {
          const t = Date.parse(x.timestamp);
          return t < dipFrom || t >= dipTo;
        }),
      ]),
  );
  return {
    plans: sha({ apps: world.apps, meetings: world.meetings, sessions: sessionsButWebinarPeers }),
    featured: sha(reportsOf([SIM.sessions.healthy, SIM.sessions.problem, SIM.sessions.mobile, SIM.sessions.live])),
    edge: sha(reportsOf([SIM.sessions.edge])),
    ordinary: sha(ordinary.flatMap((s) => s.peers.map(report))),
    webinarPresenters: sha([host, cohost].map((p) => report(p!))),
    webinarAttendeeOutsideDip: sha({ metadata: attendee.metadata.events, outsideDip }),
  } as Record<string, string>;
}

/** Computed on the world as it was before the webinar's dip and bad attendee were added. */
const BEFORE: Record<number, Record<string, string>> = {
  1: {
    plans: "789ec1bd8affb079",
    featured: "a1c1c0431e4e49bc",
    edge: "adf4f8a53b95b939",
    ordinary: "ee80d72907031a0c",
    webinarPresenters: "f1f22c0a0ad187ad",
    webinarAttendeeOutsideDip: "b3567bc59906898c",
  },
  7: {
    plans: "34ba5636aecc358a",
    featured: "09a8d02dcca6e0de",
    edge: "71ee6b0afccbf061",
    ordinary: "586767e122d899a1",
    webinarPresenters: "703dbc7db017238b",
    webinarAttendeeOutsideDip: "e2bbac5ebd97c054",
  },
};

describe("the world's data outside the webinar's added scenarios", () => {
  it.each([1, 7])("is what it was before they were added (seed %i)", { timeout: 60_000 }, (seed) => {
    expect(fingerprint(buildWorld(seed, ANCHOR))).toEqual(BEFORE[seed]);
  });
});
