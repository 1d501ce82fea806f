// The simulator over real HTTP: envelopes, paging, filters, validation, auth and the live clock.

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM, SIM_DEFAULTS } from "./scenarios";
import type { TestSimulator } from "./testing";
import { PROD, startTestSimulator } from "./testing";

interface Paging {
  start_offset: number;
  end_offset: number;
  total_count: number;
}
interface Session {
  id: string;
  associated_id: string;
  meeting_display_name: string;
  status: string;
  started_at: string;
  ended_at?: string;
  max_concurrent_participants: number;
  minutes_consumed: number;
  live_participants: number;
}
interface SessionList {
  data: { sessions: Session[] };
  paging: Paging;
}
interface Participant {
  id: string;
  custom_participant_id: string;
  display_name: string;
  joined_at: string;
  left_at?: string;
  duration: number;
  peer_events?: Array<{ event_name: string }>;
}
interface ParticipantList {
  data: { participants: Participant[]; paging: Paging };
}
interface ErrorBody {
  success: false;
  error: { code: number; message: string };
}

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe("envelopes and errors", () => {
  it("answers a missing or wrong token with a bare 401", async () => {
    const base = `${sim.url}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/apps`;
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer nope" },
      { authorization: SIM_DEFAULTS.token },
    ];
    for (const headers of attempts) {
      const res = await fetch(base, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: "Unauthorized" });
    }
  });

  it("answers unknown routes and wrong accounts in the gateway's shape", async () => {
    const gateway = {
      success: false,
      errors: [{ code: 7003, message: "No route for the URI" }],
      messages: [],
      result: null,
    };
    const auth = { authorization: `Bearer ${SIM_DEFAULTS.token}` };
    for (const path of [
      `/accounts/ffffffffffffffffffffffffffffffff/realtime/kit/apps`,
      `/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/${PROD}/recordings/nope/deeper`,
      `/accounts/${SIM_DEFAULTS.accountId}/something-else`,
    ]) {
      const res = await fetch(sim.url + path, { headers: auth });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual(gateway);
    }
    const outside = await fetch(`${sim.origin}/elsewhere`);
    expect(outside.status).toBe(404);
  });

  it("answers unknown apps, sessions, participants and peers with RealtimeKit 404s", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const cases: Array<[string, RegExp]> = [
      [`apps/${missing}`, /No app found/],
      [`${missing}/sessions`, /No app found/],
      [`${PROD}/sessions/${missing}`, new RegExp(`No session found with id ${missing}`)],
      [`${SIM.apps.staging.id}/sessions/${SIM.sessions.healthy}`, /No session found/],
      [
        `${PROD}/sessions/${SIM.sessions.healthy}/participants/${missing}`,
        new RegExp(`No user found with id ${missing}`),
      ],
      [`${PROD}/sessions/peer-report/${missing}`, /No peer found/],
      [`${PROD}/meetings/${missing}`, /No meeting found/],
      [`${PROD}/meetings/${SIM.meetings.weeklySync}/active-session`, /No active session found for meeting_id/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await sim.json<ErrorBody>(path);
      expect(status, path).toBe(404);
      expect(body.success).toBe(false);
      expect(body.error.code).toBe(404);
      expect(body.error.message).toMatch(message);
    }
  });

  it("rejects malformed ids and bad query values with a 400 naming the parameter", async () => {
    const cases: Array<[string, string]> = [
      [`${PROD}/sessions/not-a-uuid`, '"session_id" must be a valid GUID'],
      [`${PROD}/sessions/peer-report/xyz`, '"peer_id" must be a valid GUID'],
      [`${PROD}/sessions?status=live`, '"status"'],
      [`${PROD}/sessions?sort_by=name`, '"sort_by"'],
      [`${PROD}/sessions?sort_order=down`, '"sort_order"'],
      [`${PROD}/sessions?start_time=yesterday`, '"start_time"'],
      [`${PROD}/sessions?end_time=2026-13-45T99:00:00Z`, '"end_time"'],
      [`${PROD}/sessions?per_page=ten`, '"per_page"'],
      [`${PROD}/sessions?per_page=0`, '"per_page"'],
      [`${PROD}/sessions?page_no=-1`, '"page_no"'],
      [`${PROD}/sessions?participants=many`, '"participants"'],
      [`${PROD}/sessions?participants=9:2`, '"participants"'],
      [`${PROD}/sessions?associated_id=weekly`, '"associated_id" must be a valid GUID'],
      [`${PROD}/sessions/${SIM.sessions.healthy}?include_breakout_rooms=yes`, '"include_breakout_rooms"'],
      [`${PROD}/sessions/${SIM.sessions.healthy}/participants?view=fancy`, '"view"'],
      [`${PROD}/sessions/${SIM.sessions.healthy}/participants?sort_by=name`, '"sort_by"'],
      [`${PROD}/sessions/peer-report/${SIM.peers.healthy}?filters=device_info,everything`, '"filters"'],
      [`${PROD}/meetings?status=OPEN`, '"status"'],
      [`apps?search=${"x".repeat(126)}`, '"search"'],
    ];
    for (const [path, fragment] of cases) {
      const { status, body } = await sim.json<ErrorBody>(path);
      expect(status, path).toBe(400);
      expect(body.error).toMatchObject({ code: 400 });
      expect(body.error.message, path).toContain(fragment);
    }
  });

  it("gets a session flat, with breakout rooms on request", async () => {
    const { body } = await sim.json<{ success: boolean; data: Session & { breakout_rooms?: unknown[] } }>(
      `${PROD}/sessions/${SIM.sessions.healthy}?include_breakout_rooms=true`,
    );
    expect(body.success).toBe(true);
    expect(body.data).toMatchObject({
      id: SIM.sessions.healthy,
      associated_id: SIM.meetings.weeklySync,
      status: "ENDED",
    });
    expect(body.data.breakout_rooms).toEqual([]);
  });
});

describe("sessions list", () => {
  it("walks every page: offsets 1-based inclusive, counts adding up", async () => {
    const seen: string[] = [];
    let total = -1;
    for (let page = 1; page < 50; page++) {
      const { body } = await sim.json<SessionList>(`${PROD}/sessions?per_page=40&page_no=${page}`);
      if (total < 0) total = body.paging.total_count;
      const items = body.data.sessions;
      if (items.length === 0) break;
      expect(body.paging).toEqual({
        start_offset: seen.length + 1,
        end_offset: seen.length + items.length,
        total_count: total,
      });
      seen.push(...items.map((s) => s.id));
      if (body.paging.end_offset >= total) break;
    }
    expect(total).toBeGreaterThanOrEqual(155);
    expect(new Set(seen).size).toBe(total);
    for (const id of Object.values(SIM.sessions)) expect(seen).toContain(id);
  });

  it("defaults to 20 newest first and caps per_page at 100", async () => {
    const first = await sim.json<SessionList>(`${PROD}/sessions`);
    expect(first.body.data.sessions).toHaveLength(20);
    expect(first.body.data.sessions[0]?.id).toBe(SIM.sessions.live);
    const starts = first.body.data.sessions.map((s) => s.started_at);
    expect([...starts].sort().reverse()).toEqual(starts);
    const big = await sim.json<SessionList>(`${PROD}/sessions?per_page=500`);
    expect(big.body.data.sessions).toHaveLength(100);
    const past = await sim.json<SessionList>(`${PROD}/sessions?page_no=99`);
    expect(past.body.data.sessions).toEqual([]);
    expect(past.body.paging).toMatchObject({ start_offset: 0, end_offset: 0 });
  });

  it("filters by status, time, participants, search and meeting; sorts by minutes", async () => {
    const live = await sim.json<SessionList>(`${PROD}/sessions?status=LIVE`);
    expect(live.body.data.sessions.map((s) => s.id)).toEqual([SIM.sessions.live]);

    const since = new Date(Date.now() - 6 * 3_600_000).toISOString();
    const recent = await sim.json<SessionList>(`${PROD}/sessions?start_time=${since}&status=ENDED&per_page=100`);
    expect(recent.body.data.sessions.map((s) => s.id)).toEqual(
      expect.arrayContaining([SIM.sessions.problem, SIM.sessions.mobile]),
    );
    expect(recent.body.data.sessions.every((s) => s.started_at >= since && s.status === "ENDED")).toBe(true);
    const until = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const old = await sim.json<SessionList>(`${PROD}/sessions?end_time=${until}&per_page=100`);
    expect(old.body.data.sessions.length).toBeGreaterThan(0);
    expect(old.body.data.sessions.every((s) => s.started_at <= until)).toBe(true);

    const big = await sim.json<SessionList>(`${PROD}/sessions?participants=500:&per_page=100`);
    expect(big.body.data.sessions.map((s) => s.id)).toEqual([SIM.sessions.webinar]);
    const small = await sim.json<SessionList>(`${PROD}/sessions?participants=2:3&per_page=100`);
    expect(
      small.body.data.sessions.every((s) => s.max_concurrent_participants >= 2 && s.max_concurrent_participants <= 3),
    ).toBe(true);

    const search = await sim.json<SessionList>(`${PROD}/sessions?search=WEEKLY&per_page=100`);
    expect(search.body.data.sessions.length).toBeGreaterThan(1);
    expect(search.body.data.sessions.every((s) => s.meeting_display_name === "Weekly sync")).toBe(true);
    const byId = await sim.json<SessionList>(`${PROD}/sessions?search=${SIM.sessions.mobile.slice(0, 13)}`);
    expect(byId.body.data.sessions.map((s) => s.id)).toEqual([SIM.sessions.mobile]);

    const meeting = await sim.json<SessionList>(`${PROD}/sessions?associated_id=${SIM.meetings.webinar}`);
    expect(meeting.body.data.sessions.map((s) => s.id)).toEqual([SIM.sessions.webinar]);

    const byMinutes = await sim.json<SessionList>(`${PROD}/sessions?sort_by=minutesConsumed&per_page=5`);
    expect(byMinutes.body.data.sessions[0]?.id).toBe(SIM.sessions.webinar);
    const minutes = byMinutes.body.data.sessions.map((s) => s.minutes_consumed);
    expect([...minutes].sort((a, b) => b - a)).toEqual(minutes);

    const staging = await sim.json<SessionList>(`${SIM.apps.staging.id}/sessions`);
    expect(staging.body.paging.total_count).toBeGreaterThanOrEqual(3);
    expect(staging.body.paging.total_count).toBeLessThan(10);
  });
});

describe("participants", () => {
  it("pages the webinar's ~1000 participants 100 at a time, paging inside data", async () => {
    const ids = new Set<string>();
    let total = 0;
    for (let page = 1; ; page++) {
      const { body } = await sim.json<ParticipantList>(
        `${PROD}/sessions/${SIM.sessions.webinar}/participants?per_page=100&page_no=${page}`,
      );
      total = body.data.paging.total_count;
      body.data.participants.forEach((p) => ids.add(p.id));
      if (body.data.paging.end_offset >= total) break;
    }
    expect(total).toBeGreaterThanOrEqual(990);
    expect(ids.size).toBe(total);
  });

  it("searches by id, custom id and name, and sorts by join time or duration", async () => {
    const path = `${PROD}/sessions/${SIM.sessions.problem}/participants`;
    for (const term of [SIM.customParticipantIds.lossBurst, SIM.peers.lossBurst.slice(0, 8), "dana whit"]) {
      const { body } = await sim.json<ParticipantList>(`${path}?search=${encodeURIComponent(term)}`);
      expect(body.data.participants.map((p) => p.id)).toEqual([SIM.peers.lossBurst]);
    }
    const joined = (await sim.json<ParticipantList>(path)).body.data.participants.map((p) => p.joined_at);
    expect([...joined].sort()).toEqual(joined);
    const durations = (
      await sim.json<ParticipantList>(`${path}?sort_by=duration&sort_order=DESC`)
    ).body.data.participants.map((p) => p.duration);
    expect([...durations].sort((a, b) => b - a)).toEqual(durations);
    expect(durations.every((d) => d > 30 && d < 40)).toBe(true);
  });

  it("adds peer events only when asked; the reconnecting peer joins three times", async () => {
    const path = `${PROD}/sessions/${SIM.sessions.mobile}/participants/${SIM.peers.reconnecting}`;
    const plain = await sim.json<{ data: { participant: Participant } }>(path);
    expect(plain.body.data.participant.peer_events).toBeUndefined();
    const withEvents = await sim.json<{ data: { participant: Participant } }>(`${path}?include_peer_events=true`);
    const names = withEvents.body.data.participant.peer_events?.map((e) => e.event_name);
    expect(names?.filter((n) => n === "PEER_JOINING")).toHaveLength(3);
    expect(names?.filter((n) => n === "PEER_LEAVING")).toHaveLength(3);
    expect(names?.[0]).toBe("PEER_CREATED");
    const list = await sim.json<ParticipantList>(
      `${PROD}/sessions/${SIM.sessions.mobile}/participants?include_peer_events=true`,
    );
    expect(list.body.data.participants.every((p) => Array.isArray(p.peer_events))).toBe(true);
  });
});

describe("the edge-case session", () => {
  type Report = { data: { participant?: { id?: string; left_at?: string; peer_report?: unknown } } };

  it("lists two rows without ids among the participants, and a peer without left_at though it ended", async () => {
    const { status, body } = await sim.json<{ data: { participants: Partial<Participant>[]; paging: Paging } }>(
      `${PROD}/sessions/${SIM.sessions.edge}/participants?per_page=100`,
    );
    expect(status).toBe(200);
    const rows = body.data.participants;
    expect(rows.filter((p) => p.id === undefined).map((p) => p.display_name)).toEqual(["Guest (dial-in)", "Guest"]);
    expect(body.data.paging.total_count).toBe(rows.length);
    expect(rows.find((p) => p.id === SIM.peers.edgeUntypedPair)?.left_at).toBeUndefined();
    expect(rows.filter((p) => p.id !== undefined && p.id !== SIM.peers.edgeUntypedPair).every((p) => p.left_at)).toBe(
      true,
    );
    const session = await sim.json<{ data: Session }>(`${PROD}/sessions/${SIM.sessions.edge}`);
    expect(session.body.data.status).toBe("ENDED");
  });

  it("answers one peer report without a participant and one whose participant has no id", async () => {
    const none = await sim.json<Report>(`${PROD}/sessions/peer-report/${SIM.peers.edgeNoParticipant}`);
    expect(none).toEqual({ status: 200, body: { success: true, data: {} } });
    const anonymous = await sim.json<Report>(`${PROD}/sessions/peer-report/${SIM.peers.edgeNoId}`);
    expect(anonymous.body.data.participant).not.toHaveProperty("id");
    expect(anonymous.body.data.participant?.peer_report).toBeDefined();
    const untyped = await sim.json<Report>(`${PROD}/sessions/peer-report/${SIM.peers.edgeUntypedPair}`);
    expect(untyped.body.data.participant?.id).toBe(SIM.peers.edgeUntypedPair);
    expect(untyped.body.data.participant).not.toHaveProperty("left_at");
  });
});

describe("peer report", () => {
  const path = `${PROD}/sessions/peer-report/${SIM.peers.lossBurst}`;
  type Report = {
    data: { participant: { peer_report: { metadata?: Record<string, unknown>; quality?: Record<string, unknown> } } };
  };

  it("returns every metadata key and the 16 quality keys without filters", async () => {
    const { body } = await sim.json<Report>(path);
    const report = body.data.participant.peer_report;
    expect(Object.keys(report.metadata ?? {}).sort()).toEqual(
      [
        "sdk_name",
        "sdk_version",
        "sdk_type",
        "room_view_type",
        "device_info",
        "browser_metadata",
        "native_metadata",
        "ip_information",
        "pc_metadata",
        "candidate_pairs",
        "events",
        "audio_devices_updates",
        "video_devices_updates",
        "speaker_devices_updates",
        "selected_device_updates",
      ].sort(),
    );
    expect(Object.keys(report.quality ?? {})).toHaveLength(16);
  });

  it("returns only the requested parts with filters, one value or a comma list", async () => {
    const device = (await sim.json<Report>(`${path}?filters=device_info`)).body.data.participant.peer_report;
    expect(Object.keys(device.metadata ?? {})).toEqual(
      expect.arrayContaining(["device_info", "browser_metadata", "sdk_version"]),
    );
    expect(device.metadata).not.toHaveProperty("events");
    expect(device.quality).toBeUndefined();
    const mixed = (await sim.json<Report>(`${path}?filters=ip_information,precall_network_information,quality_stats`))
      .body.data.participant.peer_report;
    expect(Object.keys(mixed.metadata ?? {}).sort()).toEqual(["ip_information", "pc_metadata"]);
    expect(Object.keys(mixed.quality ?? {})).toHaveLength(16);
    const events = (await sim.json<Report>(`${path}?filters=events`)).body.data.participant.peer_report;
    expect(Object.keys(events.metadata ?? {})).toEqual(expect.arrayContaining(["events", "selected_device_updates"]));
    const quality = (await sim.json<Report>(`${path}?filters=quality_stats`)).body.data.participant.peer_report;
    expect(quality.metadata).toBeUndefined();
  });

  it("is byte-for-byte the same from two simulators with the same seed and clock", async () => {
    const now = Date.parse("2026-08-20T12:00:00.000Z");
    const a = await startTestSimulator({ seed: 42, now: () => now });
    const b = await startTestSimulator({ seed: 42, now: () => now });
    try {
      const [x, y] = await Promise.all([a.get(path).then((r) => r.text()), b.get(path).then((r) => r.text())]);
      expect(x.length).toBeGreaterThan(100_000);
      expect(x).toBe(y);
      const list = (s: TestSimulator) => s.get(`${PROD}/sessions?per_page=100&page_no=2`).then((r) => r.text());
      expect(await list(a)).toBe(await list(b));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("grows the live session and report as the clock moves on", async () => {
    let now = Date.parse("2026-08-20T12:00:00.000Z");
    const live = await startTestSimulator({ now: () => now });
    try {
      type Live = {
        data: {
          participant: Participant & { peer_report: { quality: { audio_producer: Array<{ timestamp: string }> } } };
        };
      };
      const reportPath = `${PROD}/sessions/peer-report/${SIM.peers.livePeer}`;
      const before = (await live.json<Live>(reportPath)).body.data.participant;
      const sessionBefore = (await live.json<{ data: Session }>(`${PROD}/sessions/${SIM.sessions.live}`)).body.data;
      now += 5 * 60_000;
      const after = (await live.json<Live>(reportPath)).body.data.participant;
      const sessionAfter = (await live.json<{ data: Session }>(`${PROD}/sessions/${SIM.sessions.live}`)).body.data;

      expect(before.left_at).toBeUndefined();
      expect(
        after.peer_report.quality.audio_producer.length - before.peer_report.quality.audio_producer.length,
      ).toBeGreaterThanOrEqual(42);
      expect(now - Date.parse(after.peer_report.quality.audio_producer.at(-1)!.timestamp)).toBeLessThan(7_100);
      expect(after.duration - before.duration).toBeCloseTo(5, 1);
      expect(sessionAfter.status).toBe("LIVE");
      expect(sessionAfter.ended_at).toBeUndefined();
      expect(sessionAfter.live_participants).toBeGreaterThan(0);
      expect(sessionAfter.minutes_consumed).toBeGreaterThan(sessionBefore.minutes_consumed + 10);
    } finally {
      await live.close();
    }
  });
});

describe("meetings", () => {
  it("lists meetings as a bare array with top-level paging, and filters by status", async () => {
    const { body } = await sim.json<{ data: Array<{ id: string; status: string }>; paging: Paging }>(
      `${PROD}/meetings?per_page=100`,
    );
    expect(Array.isArray(body.data)).toBe(true);
    expect(body.paging.total_count).toBe(body.data.length);
    expect(body.data.map((m) => m.id)).toEqual(expect.arrayContaining(Object.values(SIM.meetings)));
    const inactive = await sim.json<{ data: Array<{ status: string }> }>(`${PROD}/meetings?status=INACTIVE`);
    expect(inactive.body.data.length).toBeGreaterThan(0);
    expect(inactive.body.data.every((m) => m.status === "INACTIVE")).toBe(true);
  });

  it("gets a meeting with its AI config, and the live session of a meeting", async () => {
    const meeting = await sim.json<{ data: { id: string; ai_config: unknown } }>(
      `${PROD}/meetings/${SIM.meetings.weeklySync}`,
    );
    expect(meeting.body.data).toMatchObject({ id: SIM.meetings.weeklySync, ai_config: expect.any(Object) });
    const active = await sim.json<{ data: Session }>(`${PROD}/meetings/${SIM.meetings.liveStandup}/active-session`);
    expect(active.body.data).toMatchObject({ id: SIM.sessions.live, status: "LIVE" });
  });
});

describe("command line", () => {
  it("prints its base URL and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "simulator/server.ts"], {
      env: { ...process.env, SIMULATOR_PORT: "0", SIMULATOR_QUIET: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const url = /(http:\/\/127\.0\.0\.1:\d+\/client\/v4)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/accounts/${SIM_DEFAULTS.accountId}/realtime/kit/apps`, {
      headers: { authorization: `Bearer ${SIM_DEFAULTS.token}` },
    });
    expect(res.status).toBe(200);
    const code = await new Promise<number | null>((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  }, 20_000);
});
