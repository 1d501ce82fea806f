import { describe, expect, it } from "vitest";
import { realPeerReport } from "@/lib/test/fixtures";
import {
  getSessionSchema,
  listAppsSchema,
  listParticipantsSchema,
  listSessionsSchema,
  peerReportAnyIdSchema,
  peerReportSchema,
} from "./schemas";

const session = {
  id: "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10",
  associated_id: "5a1e7c3b-2d94-4f6a-b0c8-9e2d1f4a7b63",
  meeting_display_name: "Weekly sync",
  type: "meeting",
  status: "ENDED",
  live_participants: 0,
  max_concurrent_participants: 6,
  minutes_consumed: 187.4,
  organization_id: "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10",
  started_at: "2026-08-10T14:00:03.120Z",
  ended_at: "2026-08-10T14:41:57.808Z",
  created_at: "2026-08-10T14:00:03.120Z",
  updated_at: "2026-08-10T14:42:58.011Z",
};

describe("upstream schemas accept every documented envelope", () => {
  it("session detail: flat (since 2026-05) and data.session (before)", () => {
    expect(getSessionSchema.parse({ success: true, data: session }).data.id).toBe(session.id);
    expect(getSessionSchema.parse({ success: true, data: { session } }).data.id).toBe(session.id);
  });

  it("peer report: data.participant with role, and the flat variant with preset_name", () => {
    const real = realPeerReport();
    const wrapped = peerReportSchema.parse(real);
    expect(wrapped.data.id).toBe("bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c");
    expect(wrapped.data.role).toBe("group_call_participant");
    const { role: _role, ...rest } = real.data.participant;
    const flat = peerReportSchema.parse({ success: true, data: { ...rest, preset_name: "host" } });
    expect(flat.data.preset_name).toBe("host");
    expect(flat.data.peer_report?.quality?.audio_producer).toHaveLength(10);
  });

  it("keeps the legacy peer_stats and quality_stats blocks of the real payload", () => {
    const parsed = peerReportSchema.parse(realPeerReport()).data;
    expect(parsed.peer_stats?.precall_network_information?.throughput).toBe(7931);
    expect(parsed.quality_stats).toHaveLength(1);
  });

  it("participants: paging inside data (Dyte) or top-level, or none", () => {
    const p = { id: "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18", display_name: "Asha", duration: 41.74 };
    const inData = listParticipantsSchema.parse({
      success: true,
      data: { participants: [p], paging: { start_offset: 1, end_offset: 1, total_count: 3 } },
    });
    expect(inData.data.paging?.total_count).toBe(3);
    const top = listParticipantsSchema.parse({
      success: true,
      data: { participants: [p] },
      paging: { start_offset: 1, end_offset: 1, total_count: 4 },
    });
    expect(top.paging?.total_count).toBe(4);
    expect(
      listParticipantsSchema.parse({ success: true, data: { participants: [p] } }).data.participants.items,
    ).toHaveLength(1);
  });

  it("participants: rows without an id are skipped and counted, not fatal to the list", () => {
    const p = { id: "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18", display_name: "Asha" };
    const parsed = listParticipantsSchema.parse({
      success: true,
      data: { participants: [p, { display_name: "no id" }, { id: "" }, { id: null }] },
    });
    expect(parsed.data.participants).toMatchObject({ skipped: 3, received: 4 });
    expect(parsed.data.participants.items.map((x) => x.id)).toEqual([p.id]);
    const bare = listParticipantsSchema.parse({ success: true, data: [p, { display_name: "no id" }] });
    expect(bare.data.participants).toMatchObject({ skipped: 1, received: 2 });
  });

  it("peer report for a known peer: without participant, or without its id, still reads", () => {
    const real = realPeerReport();
    const { id: _id, ...noId } = real.data.participant;
    expect(peerReportAnyIdSchema.parse({ success: true, data: { participant: noId } }).data.id).toBeUndefined();
    const bare = peerReportAnyIdSchema.parse({
      success: true,
      data: { peer_report: real.data.participant.peer_report },
    });
    expect(bare.data.peer_report?.quality?.audio_producer).toHaveLength(10);
    expect(peerReportAnyIdSchema.parse({ success: true, data: { participant: null } }).data.id).toBeUndefined();
  });

  it("apps: bare array with top-level paging", () => {
    const parsed = listAppsSchema.parse({
      success: true,
      data: [{ id: "a1", name: "prod", created_at: "2026-03-02T09:12:44.101Z" }],
      paging: { start_offset: 1, end_offset: 1, total_count: 1 },
    });
    expect(parsed.data.items[0]?.name).toBe("prod");
  });

  it("apps: an item without an id is skipped, not fatal", () => {
    const parsed = listAppsSchema.parse({ success: true, data: [{ name: "no id" }, { id: "a1", name: "prod" }] });
    expect(parsed.data).toMatchObject({ skipped: 1, received: 2 });
    expect(parsed.data.items.map((a) => a.id)).toEqual(["a1"]);
    expect(listAppsSchema.parse({ success: true, data: { apps: [{ id: "a2" }, {}] } }).data).toMatchObject({
      skipped: 1,
    });
  });

  it("tolerates missing and null optional fields and keeps unknown keys", () => {
    const parsed = listSessionsSchema.parse({
      success: true,
      data: { sessions: [{ id: "s1", ended_at: null, meta: { x: 1 }, minutes_consumed: "12.5" }] },
    });
    const s = parsed.data.sessions.items[0];
    expect(s?.ended_at).toBeNull();
    expect(s?.started_at).toBeNull();
    expect(s?.minutes_consumed).toBe(12.5);
    expect((s as Record<string, unknown>).meta).toEqual({ x: 1 });
    expect(s?.breakout_rooms).toEqual([]);
  });

  it("turns unreadable sample values into null instead of rejecting the report", () => {
    const parsed = peerReportSchema.parse({
      data: {
        participant: {
          id: "p",
          peer_report: { quality: { audio_producer: [{ timestamp: "x", rtt: "fast", jitter: null }] } },
        },
      },
    });
    const sample = parsed.data.peer_report?.quality?.audio_producer?.[0];
    expect(sample?.rtt).toBeNull();
    expect(sample?.jitter).toBeNull();
  });

  it("rejects payloads without the data envelope or ids, naming the path", () => {
    const noData = getSessionSchema.safeParse({ success: true });
    expect(noData.success).toBe(false);
    expect(noData.error?.issues[0]?.path).toEqual(["data"]);
  });

  it("sessions: a row without an id is skipped and counted, not fatal to the list", () => {
    const parsed = listSessionsSchema.parse({ success: true, data: { sessions: [{ title: "no id" }, session] } });
    expect(parsed.data.sessions).toMatchObject({ skipped: 1, received: 2 });
    expect(parsed.data.sessions.items.map((x) => x.id)).toEqual([session.id]);
  });
});
