// Builds the simulator's world from (seed, anchor): the two apps, their meetings, the five
// featured sessions of SIM with their scripted trouble, and ~150 ordinary sessions around them.
// Only plans are built here (cheap); reports are generated per request.

import { SIM, SIM_WEBINAR_DIP } from "../scenarios";
import type { DeviceKey, PlaceKey } from "./catalogue";
import { DEVICES, FIRST_NAMES, LAST_NAMES, PLACES, PROD_MEETING_TITLES, STAGING_MEETING_TITLES } from "./catalogue";
import type {
  AppPlan,
  DeviceChange,
  Episode,
  Interval,
  MeetingPlan,
  NetworkProfile,
  PayloadQuirks,
  PeerPlan,
  PeerRole,
  PresetViewType,
  SessionPlan,
  World,
} from "./model";
import { hashOf, Rng } from "./prng";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The session ends a few seconds after its last participant leaves. */
const SESSION_TAIL_MS = 7 * SECOND;
const PROD_FILLER_SESSIONS = 150;
const WEBINAR_ATTENDEES = 998;
/** The attendee slots given to the featured attendees (their random draws are made all the same). */
const WEBINAR_ATTENDEE_SLOT = 137;
const WEBINAR_BAD_ATTENDEE_SLOT = 611;

const NETWORKS = {
  fibre: {
    rttMs: 26,
    rttWanderMs: 5,
    jitterMs: 2.5,
    lossPct: 0.05,
    uplinkKbps: 20000,
    spikeChance: 0,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "ethernet",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
  homeWifi: {
    rttMs: 38,
    rttWanderMs: 9,
    jitterMs: 5,
    lossPct: 0.15,
    uplinkKbps: 9000,
    spikeChance: 0.015,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "wifi",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
  // The loss-burst customer: a crowded Wi-Fi whose pre-call test already looked poor.
  poorWifi: {
    rttMs: 58,
    rttWanderMs: 16,
    jitterMs: 9,
    lossPct: 0.5,
    uplinkKbps: 3200,
    spikeChance: 0.04,
    localCandidate: "prflx",
    protocol: "udp",
    networkType: "wifi",
    effectiveNetworkType: "3g",
    precall: { turn: true, relay: true, reflexive: false },
  },
  // A corporate firewall that blocks UDP: media goes through TURN over TLS/TCP.
  corporateTcp: {
    rttMs: 118,
    rttWanderMs: 25,
    jitterMs: 17,
    lossPct: 0,
    uplinkKbps: 2600,
    spikeChance: 0.03,
    localCandidate: "relay",
    protocol: "tcp",
    networkType: "ethernet",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: false },
  },
  cellular4g: {
    rttMs: 92,
    rttWanderMs: 45,
    jitterMs: 21,
    lossPct: 0.9,
    uplinkKbps: 2400,
    spikeChance: 0.08,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "cellular",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
  wifiThenCellular: {
    rttMs: 62,
    rttWanderMs: 22,
    jitterMs: 12,
    lossPct: 0.35,
    uplinkKbps: 4000,
    spikeChance: 0.05,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "wifi",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
  // A crowded hotel guest network: its own figures are middling, the trouble is a scripted downlink episode.
  hotelWifi: {
    rttMs: 74,
    rttWanderMs: 18,
    jitterMs: 12,
    lossPct: 0.8,
    uplinkKbps: 2200,
    spikeChance: 0.05,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "wifi",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
  farAway: {
    rttMs: 190,
    rttWanderMs: 20,
    jitterMs: 7,
    lossPct: 0.3,
    uplinkKbps: 6000,
    spikeChance: 0.02,
    localCandidate: "srflx",
    protocol: "udp",
    networkType: "wifi",
    effectiveNetworkType: "4g",
    precall: { turn: true, relay: true, reflexive: true },
  },
} as const satisfies Record<string, NetworkProfile>;

type NetworkKey = keyof typeof NETWORKS;

interface PeerSpec {
  id?: string;
  name: string;
  customId?: string;
  preset: string;
  role: PeerRole;
  device: DeviceKey;
  place: PlaceKey;
  network: NetworkKey;
  connections: Interval[];
  episodes?: Episode[];
  audioOn?: Interval[];
  videoOn?: Interval[];
  screenshare?: Interval[];
  shareAudio?: boolean;
  backgrounded?: Interval[];
  deviceChanges?: DeviceChange[];
  statsMissing?: boolean;
  quirks?: PayloadQuirks;
}

const DESKTOPS: readonly DeviceKey[] = [
  "chromeWindows",
  "chromeWindows",
  "chromeWindows",
  "chromeMac",
  "chromeMac",
  "chromeMac",
  "edgeWindows",
  "edgeWindows",
  "firefoxWindows",
  "safariMac",
  "chromeLinux",
];
const PHONES: readonly DeviceKey[] = ["safariIphone", "chromeAndroid", "iosNative"];
const HOME_PLACES: readonly PlaceKey[] = ["lisbon", "berlin", "london", "madrid", "austin", "toronto", "saoPaulo"];
const FAR_PLACES: readonly PlaceKey[] = ["bengaluru", "singapore", "sydney"];
const MOBILE_PLACES: readonly PlaceKey[] = ["munichMobile", "newYorkMobile"];
const SIZES = [1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12] as const;

export function buildWorld(seed: number, anchorMs: number): World {
  return new WorldBuilder(seed, anchorMs).build();
}

class WorldBuilder {
  private readonly rng: Rng;
  private readonly apps: AppPlan[];
  private readonly meetings: MeetingPlan[] = [];
  private readonly sessions: SessionPlan[] = [];

  constructor(
    private readonly seed: number,
    private readonly anchorMs: number,
  ) {
    this.rng = new Rng(hashOf("world", seed));
    this.apps = [
      { id: SIM.apps.prod.id, name: SIM.apps.prod.name, createdMs: anchorMs - 410 * DAY + 3_713_101 },
      { id: SIM.apps.staging.id, name: SIM.apps.staging.name, createdMs: anchorMs - 432 * DAY + 22_150_950 },
    ];
  }

  build(): World {
    const prod = SIM.apps.prod.id;
    const featured = {
      weeklySync: this.meeting(prod, SIM.meetings.weeklySync, "Weekly sync"),
      supportCall: this.meeting(prod, SIM.meetings.supportCall, "Customer support call"),
      fieldStandup: this.meeting(prod, SIM.meetings.fieldStandup, "Field team stand-up"),
      liveStandup: this.meeting(prod, SIM.meetings.liveStandup, "Platform on-call stand-up"),
      webinar: this.meeting(prod, SIM.meetings.webinar, "Quarterly product update (webinar)"),
    };
    this.healthySession(featured.weeklySync);
    this.problemSession(featured.supportCall);
    this.mobileSession(featured.fieldStandup);
    this.liveSession(featured.liveStandup);
    this.webinarSession(featured.webinar);

    const others = PROD_MEETING_TITLES.map((title, i) => {
      const m = this.meeting(prod, this.rng.uuid(), title);
      // A couple of one-off meetings were switched off after they happened.
      if (i === 6 || i === 9) m.status = "INACTIVE";
      return m;
    });
    const weighted = [
      ...repeat(featured.weeklySync, 3),
      ...repeat(featured.supportCall, 12),
      ...repeat(featured.fieldStandup, 8),
      ...repeat(featured.liveStandup, 14),
      ...others.flatMap((m) => repeat(m, 5)),
    ];
    for (let i = 0; i < PROD_FILLER_SESSIONS; i++) {
      const start = this.anchorMs - this.rng.float(1.5 * HOUR, 30 * DAY);
      this.ordinarySession(this.rng.pick(weighted), Math.round(start));
    }

    const staging = STAGING_MEETING_TITLES.map((title) => this.meeting(SIM.apps.staging.id, this.rng.uuid(), title));
    for (let i = 0; i < 5; i++) {
      this.ordinarySession(this.rng.pick(staging), Math.round(this.anchorMs - this.rng.float(2 * HOUR, 10 * DAY)), 3);
    }
    // Last, so the random draws of everything above stay what they were before it was added.
    this.edgeSession(this.meeting(prod, SIM.meetings.partnerOnboarding, "Partner onboarding call"));

    for (const m of this.meetings) {
      const own = this.sessions.filter((s) => s.meetingId === m.id);
      const first = Math.min(...own.map((s) => s.startMs), this.anchorMs - DAY);
      m.createdMs = Math.round(first - this.rng.float(2 * DAY, 60 * DAY));
      m.updatedMs = Math.max(m.createdMs, ...own.map((s) => s.endMs ?? s.startMs));
    }

    const peersById = new Map<string, PeerPlan>();
    for (const s of this.sessions) for (const p of s.peers) peersById.set(p.id, p);
    return {
      anchorMs: this.anchorMs,
      seed: this.seed,
      apps: this.apps,
      meetings: this.meetings,
      sessions: this.sessions,
      sessionsById: new Map(this.sessions.map((s) => [s.id, s])),
      peersById,
    };
  }

  private meeting(appId: string, id: string, title: string): MeetingPlan {
    const m: MeetingPlan = {
      id,
      appId,
      title,
      status: "ACTIVE",
      createdMs: 0,
      updatedMs: 0,
      recordOnStart: this.rng.chance(0.2),
      transcribeOnEnd: this.rng.chance(0.3),
    };
    this.meetings.push(m);
    return m;
  }

  private session(id: string, meeting: MeetingPlan, viewType: PresetViewType, startMs: number): SessionPlan {
    const s: SessionPlan = {
      id,
      appId: meeting.appId,
      meetingId: meeting.id,
      title: meeting.title,
      viewType,
      startMs,
      endMs: null,
      peers: [],
      unidentifiedRows: [],
      sfuIncidents: [],
    };
    this.sessions.push(s);
    return s;
  }

  private close(s: SessionPlan): void {
    s.endMs = Math.max(...s.peers.map((p) => p.connections.at(-1)?.toMs ?? 0)) + SESSION_TAIL_MS;
  }

  private healthySession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 26 * HOUR - 17 * MINUTE + 120;
    const s = this.session(SIM.sessions.healthy, meeting, "GROUP_CALL", t0);
    this.addPeer(s, {
      id: SIM.peers.healthy,
      name: "Asha Verma",
      customId: SIM.customParticipantIds.healthy,
      preset: "group_call_host",
      role: "member",
      device: "chromeMac",
      place: "lisbon",
      network: "fibre",
      connections: [{ fromMs: t0 + 2_292, toMs: t0 + 41 * MINUTE + 47_000 }],
    });
    const plan: Array<[number, number]> = [
      [18 * SECOND, 41 * MINUTE + 31_000],
      [41 * SECOND, 41 * MINUTE + 40_000],
      [95 * SECOND, 24 * MINUTE + 5_000],
      [9 * MINUTE + 12_000, 41 * MINUTE + 39_000],
      [2 * MINUTE + 3_000, 40 * MINUTE + 58_000],
    ];
    for (const [join, leave] of plan) {
      this.addPeer(s, this.ordinaryPeer(s, t0 + join, t0 + leave, { clean: true, mutes: false }));
    }
    this.close(s);
  }

  private problemSession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 3 * HOUR - 4 * MINUTE + 311;
    const s = this.session(SIM.sessions.problem, meeting, "GROUP_CALL", t0);
    this.addPeer(s, {
      name: "Marco Bianchi",
      customId: "agent-0417",
      preset: "group_call_host",
      role: "member",
      device: "chromeLinux",
      place: "berlin",
      network: "fibre",
      connections: [{ fromMs: t0 + 1_130, toMs: t0 + 36 * MINUTE + 2_000 }],
    });
    this.addPeer(s, {
      id: SIM.peers.lossBurst,
      name: "Dana Whitfield",
      customId: SIM.customParticipantIds.lossBurst,
      preset: "group_call_participant",
      role: "member",
      device: "chromeWindows",
      place: "madrid",
      network: "poorWifi",
      connections: [{ fromMs: t0 + 48_250, toMs: t0 + 35 * MINUTE + 30_000 }],
      episodes: [
        {
          kind: "loss",
          fromMs: t0 + 14 * MINUTE + 5_000,
          toMs: t0 + 16 * MINUTE + 35_000,
          lossPct: 18,
          uplinkKbps: 420,
        },
      ],
      deviceChanges: [
        { atMs: t0 + 6 * MINUTE + 20_000, kind: "audioinput", label: "AirPods Pro", select: true },
        { atMs: t0 + 6 * MINUTE + 20_300, kind: "audiooutput", label: "AirPods Pro", select: true },
      ],
    });
    this.addPeer(s, {
      id: SIM.peers.turnTcp,
      name: "Lee Chen",
      customId: "cust-88213",
      preset: "group_call_participant",
      role: "member",
      device: "edgeWindows",
      place: "frankfurtOffice",
      network: "corporateTcp",
      connections: [{ fromMs: t0 + 72_480, toMs: t0 + 34 * MINUTE + 1_000 }],
    });
    // Sharing the screen on an old dual-core laptop is what starves the camera encoder.
    const share = { fromMs: t0 + 9 * MINUTE, toMs: t0 + 23 * MINUTE };
    this.addPeer(s, {
      id: SIM.peers.cpuLimited,
      name: "Sam Ortiz",
      customId: "cust-77120",
      preset: "group_call_participant",
      role: "member",
      device: "chromeOldMac",
      place: "london",
      network: "homeWifi",
      connections: [{ fromMs: t0 + 30_700, toMs: t0 + 35 * MINUTE + 50_000 }],
      screenshare: [share],
      backgrounded: [{ fromMs: share.fromMs + 5_000, toMs: share.toMs - 10_000 }],
      episodes: [{ kind: "cpu", fromMs: t0 + 9 * MINUTE + 20_000, toMs: t0 + 22 * MINUTE + 40_000 }],
    });
    this.close(s);
  }

  private mobileSession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 5 * HOUR - 12 * MINUTE + 845;
    const s = this.session(SIM.sessions.mobile, meeting, "GROUP_CALL", t0);
    this.addPeer(s, {
      name: "Priya Nair",
      customId: "emp-1142",
      preset: "group_call_host",
      role: "member",
      device: "chromeWindows",
      place: "toronto",
      network: "homeWifi",
      connections: [{ fromMs: t0 + 2_900, toMs: t0 + 22 * MINUTE + 4_000 }],
    });
    // Walking out of the office Wi-Fi: two drops while the phone hands over to cellular.
    const drop1 = t0 + 7 * MINUTE + 10_000;
    const drop2 = t0 + 15 * MINUTE + 40_000;
    this.addPeer(s, {
      id: SIM.peers.reconnecting,
      name: "Tom Becker",
      customId: "emp-2208",
      preset: "group_call_participant",
      role: "member",
      device: "safariIphone",
      place: "munichMobile",
      network: "wifiThenCellular",
      connections: [
        { fromMs: t0 + 40_120, toMs: drop1 },
        { fromMs: drop1 + 38_000, toMs: drop2 },
        { fromMs: drop2 + 22_000, toMs: t0 + 21 * MINUTE + 30_000 },
      ],
      episodes: [
        { kind: "congestion", fromMs: drop1 - 35_000, toMs: drop1, rttMs: 320, jitterMs: 45, uplinkKbps: 500 },
        { kind: "congestion", fromMs: drop2 - 25_000, toMs: drop2, rttMs: 380, jitterMs: 55, uplinkKbps: 400 },
      ],
      videoOn: [{ fromMs: t0 + 40_120, toMs: drop2 + 60_000 }],
      backgrounded: [{ fromMs: t0 + 11 * MINUTE, toMs: t0 + 11 * MINUTE + 41_000 }],
    });
    this.addPeer(s, {
      id: SIM.peers.mobile4g,
      name: "Ines Duarte",
      customId: "emp-3051",
      preset: "group_call_participant",
      role: "member",
      device: "chromeAndroid",
      place: "saoPaulo",
      network: "cellular4g",
      connections: [{ fromMs: t0 + 65_300, toMs: t0 + 21 * MINUTE + 45_000 }],
      episodes: [
        {
          kind: "congestion",
          fromMs: t0 + 12 * MINUTE,
          toMs: t0 + 13 * MINUTE + 30_000,
          rttMs: 240,
          jitterMs: 35,
          uplinkKbps: 500,
        },
      ],
    });
    this.addPeer(s, {
      id: SIM.peers.emptyReport,
      name: "Kofi Mensah",
      customId: "emp-0979",
      preset: "group_call_participant",
      role: "member",
      device: "firefoxWindows",
      place: "london",
      network: "homeWifi",
      connections: [{ fromMs: t0 + 2 * MINUTE + 10_000, toMs: t0 + 5 * MINUTE + 20_000 }],
      videoOn: [],
      statsMissing: true,
    });
    this.close(s);
  }

  private liveSession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 25 * MINUTE + 412;
    const s = this.session(SIM.sessions.live, meeting, "GROUP_CALL", t0);
    this.addPeer(s, this.ordinaryPeer(s, t0 + 5_000, null, { clean: true, mutes: true, preset: "group_call_host" }));
    this.addPeer(s, {
      id: SIM.peers.livePeer,
      name: "Mia Laurent",
      customId: "emp-4410",
      preset: "group_call_participant",
      role: "member",
      device: "chromeMac",
      place: "berlin",
      network: "homeWifi",
      connections: [{ fromMs: t0 + 40_600, toMs: null }],
    });
    this.addPeer(s, this.ordinaryPeer(s, t0 + 2 * MINUTE, t0 + 14 * MINUTE, { clean: true, mutes: true }));
    this.addPeer(s, this.ordinaryPeer(s, t0 + 20 * MINUTE, null, { clean: false, mutes: true }));
  }

  private webinarSession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 2 * DAY - 3 * HOUR + 57;
    const end = t0 + 4 * HOUR;
    const s = this.session(SIM.sessions.webinar, meeting, "WEBINAR", t0);
    // The SFU's fan-out to the audience fails for a few minutes: every attendee at once, nobody's own network.
    s.sfuIncidents.push({
      fromMs: t0 + SIM_WEBINAR_DIP.fromMinute * MINUTE,
      toMs: t0 + SIM_WEBINAR_DIP.toMinute * MINUTE,
      lossPct: SIM_WEBINAR_DIP.lossPct,
      jitterMs: SIM_WEBINAR_DIP.jitterMs,
      receivers: ["viewer"],
    });
    this.addPeer(s, {
      id: SIM.peers.webinarHost,
      name: "Elena Rossi",
      customId: "emp-0001",
      preset: "webinar_presenter",
      role: "stage",
      device: "chromeMac",
      place: "london",
      network: "fibre",
      connections: [{ fromMs: t0 + 800, toMs: end }],
      audioOn: [
        { fromMs: t0 + 800, toMs: t0 + 55 * MINUTE },
        { fromMs: t0 + 100 * MINUTE, toMs: end },
      ],
      screenshare: [
        { fromMs: t0 + 10 * MINUTE, toMs: t0 + 55 * MINUTE },
        { fromMs: t0 + 100 * MINUTE, toMs: t0 + 150 * MINUTE },
      ],
      shareAudio: true,
    });
    const qa = [
      { fromMs: t0 + 55 * MINUTE, toMs: t0 + 100 * MINUTE },
      { fromMs: t0 + 210 * MINUTE, toMs: t0 + 238 * MINUTE },
    ];
    this.addPeer(s, {
      name: "James Okafor",
      customId: "emp-0002",
      preset: "webinar_presenter",
      role: "stage",
      device: "edgeWindows",
      place: "austin",
      network: "homeWifi",
      connections: [{ fromMs: t0 + 2 * MINUTE, toMs: end - MINUTE }],
      audioOn: qa,
      videoOn: qa,
    });
    for (let i = 0; i < WEBINAR_ATTENDEES; i++) {
      // Most arrive in the first minutes, a tail keeps trickling in for a quarter of an hour.
      const join = t0 + 20 * SECOND + Math.round(15 * MINUTE * this.rng.next() ** 2);
      const leave = this.rng.chance(0.12)
        ? t0 + 30 * MINUTE + this.rng.float(0, 3 * HOUR)
        : end + this.rng.float(2, 40) * SECOND;
      const peer = this.ordinaryPeer(s, join, Math.round(leave), {
        clean: true,
        mutes: false,
        role: "viewer",
        preset: "webinar_viewer",
      });
      if (i === WEBINAR_ATTENDEE_SLOT) {
        peer.id = SIM.peers.webinarAttendee;
        peer.name = "Noah Fischer";
        peer.customId = "cust-webinar-4471";
        peer.connections = [{ fromMs: t0 + 3 * MINUTE + 20_000, toMs: end + 21_000 }];
        peer.device = "chromeWindows";
        peer.backgrounded = [
          { fromMs: t0 + 70 * MINUTE, toMs: t0 + 82 * MINUTE },
          { fromMs: t0 + 185 * MINUTE, toMs: t0 + 191 * MINUTE },
        ];
      }
      if (i === WEBINAR_BAD_ATTENDEE_SLOT) {
        // The draw addPeer makes for a random id, made anyway so that every later draw stays the same.
        this.rng.uuid();
        const connection = { fromMs: t0 + 2 * MINUTE + 40_000, toMs: end + 14_000 };
        Object.assign(peer, {
          id: SIM.peers.webinarBadAttendee,
          name: "Rosa Delgado",
          customId: SIM.customParticipantIds.webinarBadAttendee,
          device: "chromeWindows",
          place: "barcelonaHotel",
          network: "hotelWifi",
          connections: [connection],
          backgrounded: [],
          // Hotel Wi-Fi all the way: what reaches them is lossy and jittery, whoever sends it.
          episodes: [{ kind: "downlink", ...connection, lossPct: 12, jitterMs: 30 }],
        } satisfies Partial<PeerSpec>);
      }
      this.addPeer(s, peer);
    }
    this.close(s);
  }

  /** Payload shapes the schema allows that the other scenarios never show, one peer each (simulator/README.md). */
  private edgeSession(meeting: MeetingPlan): void {
    const t0 = this.anchorMs - 7 * HOUR - 41 * MINUTE + 233;
    const s = this.session(SIM.sessions.edge, meeting, "GROUP_CALL", t0);
    const peer = (
      spec: Pick<PeerSpec, "id" | "name" | "customId" | "device" | "place" | "network" | "connections" | "quirks"> &
        Partial<PeerSpec>,
    ): PeerSpec => ({
      preset: "group_call_participant",
      role: "member",
      ...spec,
    });
    // The one real report's shape: 66 s alone (so nothing is received), microphone muted and camera
    // off from the start, so its only series is muted audio, MOS 1 throughout.
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeMutedMos,
        name: "Sushant Rao",
        customId: "partner-0042",
        device: "chromeMac",
        place: "bengaluru",
        network: "homeWifi",
        connections: [{ fromMs: t0 + 1_200, toMs: t0 + 67_740 }],
        audioOn: [],
        videoOn: [],
      }),
    );
    const t1 = t0 + 2 * MINUTE;
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeSummaryOnly,
        name: "Hana Kobayashi",
        customId: "partner-0043",
        preset: "group_call_host",
        device: "chromeWindows",
        place: "london",
        network: "fibre",
        connections: [{ fromMs: t1 + 1_500, toMs: t1 + 14 * MINUTE }],
        quirks: { cumulativeOnly: true },
      }),
    );
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeOddTimes,
        name: "Olu Adeyemi",
        customId: "partner-0044",
        device: "edgeWindows",
        place: "london",
        network: "homeWifi",
        connections: [{ fromMs: t1 + 20_300, toMs: t1 + 13 * MINUTE + 40_000 }],
        quirks: { oddTimestamps: true },
      }),
    );
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeUntypedPair,
        name: "Clara Jensen",
        customId: "partner-0045",
        device: "firefoxWindows",
        place: "berlin",
        network: "homeWifi",
        connections: [{ fromMs: t1 + 41_000, toMs: t1 + 14 * MINUTE + 5_000 }],
        quirks: { untypedCandidatePairs: true, noLeftAt: true },
      }),
    );
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeNoParticipant,
        name: "Rafael Souza",
        customId: "partner-0046",
        device: "safariMac",
        place: "saoPaulo",
        network: "homeWifi",
        connections: [{ fromMs: t1 + 62_000, toMs: t1 + 12 * MINUTE }],
        quirks: { reportEnvelope: "no-participant" },
      }),
    );
    this.addPeer(
      s,
      peer({
        id: SIM.peers.edgeNoId,
        name: "Aylin Demir",
        customId: "partner-0047",
        device: "chromeLinux",
        place: "berlin",
        network: "fibre",
        connections: [{ fromMs: t1 + 75_000, toMs: t1 + 13 * MINUTE }],
        quirks: { reportEnvelope: "participant-without-id" },
      }),
    );
    s.unidentifiedRows.push(
      {
        displayName: "Guest (dial-in)",
        preset: "group_call_participant",
        joinedMs: t1 + 90_400,
        leftMs: t1 + 9 * MINUTE + 12_000,
      },
      {
        displayName: "Guest",
        preset: "group_call_participant",
        joinedMs: t1 + 3 * MINUTE + 8_000,
        leftMs: t1 + 11 * MINUTE + 30_000,
      },
    );
    this.close(s);
  }

  private ordinarySession(meeting: MeetingPlan, startMs: number, maxSize = 12): void {
    const s = this.session(this.rng.uuid(), meeting, "GROUP_CALL", startMs);
    const size = Math.min(maxSize, this.rng.pick(SIZES));
    const durationMs = size === 1 ? this.rng.float(2, 12) * MINUTE : this.rng.float(9, 80) * MINUTE;
    for (let i = 0; i < size; i++) {
      const late = i > 0 && this.rng.chance(0.1);
      const join =
        startMs +
        (i === 0 ? this.rng.int(0, 900) : late ? this.rng.float(5, 20) * MINUTE : this.rng.float(0, 4) * MINUTE);
      const early = i > 0 && this.rng.chance(0.1);
      const leave =
        startMs + durationMs - (early ? this.rng.float(0.3, 0.6) * durationMs : this.rng.float(0, 3) * MINUTE);
      const safeLeave = Math.max(join + 40 * SECOND, leave);
      this.addPeer(
        s,
        this.ordinaryPeer(s, Math.round(join), Math.round(safeLeave), {
          clean: false,
          mutes: true,
          preset: i === 0 ? "group_call_host" : undefined,
        }),
      );
    }
    this.close(s);
  }

  /** A participant with nothing scripted: mostly fine, sometimes far away, on a phone, or flaky. */
  private ordinaryPeer(
    s: SessionPlan,
    joinMs: number,
    leaveMs: number | null,
    opts: { clean: boolean; mutes: boolean; role?: PeerRole; preset?: string },
  ): PeerSpec {
    const r = this.rng;
    const role = opts.role ?? "member";
    const name = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    const customId = r.chance(0.6)
      ? `emp-${r.int(1000, 9999)}`
      : `usr_${r.int(0, 0xffffff).toString(16).padStart(6, "0")}`;
    const spec: PeerSpec = {
      name,
      customId,
      preset: opts.preset ?? "group_call_participant",
      role,
      device: r.pick(DESKTOPS),
      place: r.pick(HOME_PLACES),
      network: r.chance(0.4) ? "fibre" : "homeWifi",
      connections: [{ fromMs: joinMs, toMs: leaveMs }],
    };
    const end = leaveMs ?? this.anchorMs;
    const span = end - joinMs;
    const kind = opts.clean ? 0 : r.next();
    if (kind > 0.88) {
      spec.place = r.pick(FAR_PLACES);
      spec.network = "farAway";
    } else if (kind > 0.8) {
      spec.device = r.pick(PHONES);
      spec.place = r.pick(MOBILE_PLACES);
      spec.network = "cellular4g";
    } else if (kind > 0.74 && span > 5 * MINUTE) {
      const from = joinMs + r.float(0.2, 0.7) * span;
      spec.episodes = [
        {
          kind: "loss",
          fromMs: from,
          toMs: from + r.float(40, 120) * SECOND,
          lossPct: r.float(3, 8),
          uplinkKbps: r.float(600, 1500),
        },
      ];
    } else if (kind > 0.7 && leaveMs !== null && span > 8 * MINUTE) {
      const drop = Math.round(joinMs + r.float(0.3, 0.7) * span);
      spec.connections = [
        { fromMs: joinMs, toMs: drop },
        { fromMs: drop + Math.round(r.float(8, 30) * SECOND), toMs: leaveMs },
      ];
    }
    if (role !== "viewer") {
      if (opts.mutes && span > 6 * MINUTE && r.chance(0.5)) {
        const holes: Interval[] = [];
        for (let i = r.int(1, 2); i > 0; i--) {
          const from = joinMs + r.float(0.1, 0.8) * span;
          holes.push({
            fromMs: Math.round(from),
            toMs: Math.round(Math.min(from + r.float(1, 5) * MINUTE, end - MINUTE)),
          });
        }
        spec.audioOn = minus({ fromMs: joinMs, toMs: leaveMs }, holes);
      }
      if (r.chance(0.12)) spec.videoOn = [];
      else if (r.chance(0.1) && span > 4 * MINUTE)
        spec.videoOn = [{ fromMs: joinMs, toMs: Math.round(joinMs + r.float(0.3, 0.9) * span) }];
    }
    if (span > 6 * MINUTE && r.chance(0.25)) {
      const from = joinMs + r.float(0.2, 0.8) * span;
      spec.backgrounded = [
        { fromMs: Math.round(from), toMs: Math.round(Math.min(from + r.float(0.5, 4) * MINUTE, end - 10 * SECOND)) },
      ];
    }
    return spec;
  }

  private addPeer(s: SessionPlan, spec: PeerSpec): void {
    const id = spec.id ?? this.rng.uuid();
    const device = DEVICES[spec.device];
    const network = NETWORKS[spec.network];
    const place = PLACES[spec.place];
    const seed = hashOf(this.seed, id);
    const first = spec.connections[0];
    const last = spec.connections.at(-1);
    if (!first || !last) throw new Error(`peer ${id} has no connection`);
    const whole = { fromMs: first.fromMs, toMs: last.toMs };
    const sends = spec.role !== "viewer";
    s.peers.push({
      id,
      sessionId: s.id,
      appId: s.appId,
      seed,
      noiseOriginMs: this.anchorMs,
      userId: this.rng.uuid(),
      customParticipantId: spec.customId ?? `usr_${(seed % 0xffffff).toString(16)}`,
      displayName: spec.name,
      preset: spec.preset,
      role: spec.role,
      connections: spec.connections,
      device,
      place,
      ipv4: `${place.prefix}.${2 + (seed % 250)}`,
      privateIp: privateAddress(network.networkType, seed),
      network,
      episodes: spec.episodes ?? [],
      audioOn: spec.audioOn ?? (sends ? [whole] : []),
      videoOn: spec.videoOn ?? (sends ? [whole] : []),
      screenshare: spec.screenshare ?? [],
      shareAudio: spec.shareAudio ?? false,
      backgrounded: spec.backgrounded ?? [],
      deviceChanges: spec.deviceChanges ?? [],
      statsMissing: spec.statsMissing ?? false,
      quirks: spec.quirks ?? {},
    });
  }
}

function privateAddress(networkType: NetworkProfile["networkType"], seed: number): string {
  const a = (seed >>> 8) % 250;
  const b = 2 + (seed % 250);
  if (networkType === "cellular") return `100.${64 + (a % 64)}.${a}.${b}`;
  if (networkType === "ethernet") return `10.${20 + (a % 40)}.${a}.${b}`;
  return `192.168.${a % 2}.${b}`;
}

/** `base` with the holes cut out (holes assumed inside base, possibly overlapping). */
function minus(base: Interval, holes: readonly Interval[]): Interval[] {
  const sorted = [...holes].sort((a, b) => a.fromMs - b.fromMs);
  const out: Interval[] = [];
  let cursor = base.fromMs;
  for (const h of sorted) {
    if (h.toMs === null || h.toMs <= cursor) continue;
    if (h.fromMs > cursor) out.push({ fromMs: cursor, toMs: h.fromMs });
    cursor = h.toMs;
  }
  if (base.toMs === null || cursor < base.toMs) out.push({ fromMs: cursor, toMs: base.toMs });
  return out;
}

function repeat<T>(item: T, times: number): T[] {
  return Array.from({ length: times }, () => item);
}
