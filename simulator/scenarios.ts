// Stable ids of the simulator's featured data. Tests in lib/ and e2e/ import these, so they are
// hard-coded literals: changing one breaks every link and assertion that names it.

export const SIM_DEFAULTS = {
  token: "sim-token",
  accountId: "0123456789abcdef0123456789abcdef",
  port: 8787,
} as const;

export const SIM = {
  apps: {
    prod: { id: "6f0c2f4e-1d7b-4a53-9c1e-2b7a9d4e8c10", name: "prod-video" },
    staging: { id: "b3e1a9d2-77c4-4f0e-8a65-0c9f3d2e1b47", name: "staging-video" },
  },
  meetings: {
    weeklySync: "5a1e7c3b-2d94-4f6a-b0c8-9e2d1f4a7b63",
    supportCall: "c7d2e9f0-3b18-4a6c-9e54-1f8a2b7c3d90",
    fieldStandup: "0f4b8d21-6a3e-4c97-8b12-7e5d9a0c4f36",
    liveStandup: "9b3c5e70-2f81-4d4a-a6b9-3c0e8f1d2a57",
    webinar: "e2a7c4d9-8b16-4f03-9d5e-6a1b3c8f0e24",
    partnerOnboarding: "71e44cac-4ae3-4621-bc9e-b343fd971002",
  },
  sessions: {
    healthy: "0d6a3c2e-5f41-4b8a-9d7e-4c1b2a3f9e10",
    problem: "3f9e1b7a-c2d4-4e58-8a16-5b0d7c9e2f43",
    mobile: "8a2d4f6b-1e3c-4b7d-9f05-2c6e8a0b4d19",
    live: "7e0b9a3d-14c2-4f58-8d6e-2b1a0c9f4e77",
    webinar: "c5f1a8e3-9d27-4b6c-8e40-1a3f5c7e9b82",
    /** Ended; payload shapes the schema allows but tidy data never shows (simulator/README.md). */
    edge: "8623f302-89c9-435c-b1a3-0c72907ae120",
  },
  peers: {
    healthy: "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18",
    lossBurst: "2b7d9f13-5c4e-4a86-b1d0-9e3f7a5c2b64",
    turnTcp: "f4a1c3e5-7b92-4d08-9c6e-0a2b4d6f8e13",
    cpuLimited: "6d8e0a2c-4f1b-4e37-a5c9-8b7d3f1e0c52",
    reconnecting: "a9c7e5b3-1d2f-4a60-8e4c-6b0d2f8a4c71",
    mobile4g: "1e3a5c7b-9d0f-4b2e-a4c6-8e0a2c4e6b95",
    emptyReport: "d0b2f4a6-8c1e-4d3a-9b5f-7e9c1a3d5f28",
    livePeer: "47a9c1e3-5b6d-4f80-b2a4-c6e8f0a1b3d5",
    webinarHost: "93e5b7d1-2a4c-4e6f-8b0d-1f3a5c7e9b20",
    webinarAttendee: "5c7e9a1b-3d5f-4b70-9c2e-4a6c8e0b2d46",
    /** On hotel Wi-Fi all webinar long: sustained loss and jitter in what they receive. */
    webinarBadAttendee: "3b6f0d2a-8e41-4c95-b7a3-5d9e1f2c4a68",
    // In sessions.edge:
    /** Alone for 66 s, microphone muted and camera off: MOS exactly 1 in every sample and summary, as in
     * the one real report. */
    edgeMutedMos: "95009813-f514-4119-8c66-05766eb01630",
    /** Every series [], the *_cumulative summaries filled in. */
    edgeSummaryOnly: "e9e1cac3-66f5-48c0-9d73-b885cf658a17",
    /** audio_producer has one sample at +275760-09-13T00:00:00Z and one at an unreadable time. */
    edgeOddTimes: "b8f97251-a7b3-44f1-a0b8-8b20af562141",
    /** Candidate pairs without candidate types or protocols; no left_at though the session ended. */
    edgeUntypedPair: "270bce93-afb4-4c6b-ad2b-c49c51ed37d6",
    /** The peer report answers `data: {}`: no participant at all. */
    edgeNoParticipant: "d9d9566f-f936-4baa-a084-fb1a170a4dff",
    /** The peer report's participant has no id. */
    edgeNoId: "e033c9a6-19f5-491f-b1b3-14a3c84847ab",
  },
  customParticipantIds: {
    lossBurst: "cust-loss-burst",
    healthy: "cust-healthy",
    webinarBadAttendee: "cust-webinar-hotel-2093",
  },
} as const;

/**
 * The webinar's everyone-at-once dip, in minutes after the session started: the SFU forwarding to the
 * audience degrades, so every attendee connected then receives with heavy loss and jitter, while the
 * presenters' uplinks (and what they receive from each other) stay clean.
 */
export const SIM_WEBINAR_DIP = { fromMinute: 125, toMinute: 127.5, lossPct: 15, jitterMs: 40 } as const;
