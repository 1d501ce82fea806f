import { describe, expect, it } from "vitest";
import { findings } from "./findings";
import { MASKED, maskAddress, maskAddressesIn, maskReport, reduceUserAgent } from "./privacy";
import { event, pair, report, track } from "./test-builders";
import { ticketSummary } from "./summary";
import { DEFAULT_THRESHOLDS } from "./thresholds";
import { buildVerdict } from "./verdict";

describe("maskAddress", () => {
  it("cuts IPv4 to its /24", () => {
    expect(maskAddress("203.0.113.7")).toBe("203.0.113.0/24");
    expect(maskAddress(" 10.1.2.255 ")).toBe("10.1.2.0/24");
    expect(maskAddress("0.0.0.0")).toBe("0.0.0.0/24");
    expect(maskAddress("203.0.113.7:3478")).toBe("203.0.113.0/24");
  });

  it("cuts IPv6 to its /48, in the compressed form", () => {
    expect(maskAddress("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::/48");
    expect(maskAddress("2001:DB8:85A3::8A2E:370:7334")).toBe("2001:db8:85a3::/48");
    expect(maskAddress("2001:db8::1")).toBe("2001:db8::/48");
    expect(maskAddress("2001:0db8:0000:0042::1")).toBe("2001:db8::/48");
    expect(maskAddress("::1")).toBe("::/48");
    expect(maskAddress("fe80::1ff:fe23:4567:890a%eth0")).toBe("fe80::/48");
    expect(maskAddress("[2001:db8:1:2::3]:443")).toBe("2001:db8:1::/48");
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 it carries", () => {
    expect(maskAddress("::ffff:203.0.113.7")).toBe("203.0.113.0/24");
    expect(maskAddress("::FFFF:cb00:7107")).toBe("203.0.113.0/24");
    expect(maskAddress("0:0:0:0:0:ffff:198.51.100.9")).toBe("198.51.100.0/24");
  });

  it("keeps a network that is already as coarse, and narrows a finer one", () => {
    expect(maskAddress("198.51.100.0/24")).toBe("198.51.100.0/24");
    expect(maskAddress("198.51.0.0/16")).toBe("198.51.0.0/16");
    expect(maskAddress("198.51.100.128/25")).toBe("198.51.100.0/24");
    expect(maskAddress("2001:db8::/32")).toBe("2001:db8::/32");
    expect(maskAddress("2001:db8:1:2::/64")).toBe("2001:db8:1::/48");
  });

  it("is stable: a masked address masks to itself", () => {
    for (const a of ["203.0.113.7", "2001:db8:85a3::7", "::ffff:203.0.113.7", "::1"]) {
      const once = maskAddress(a);
      expect(maskAddress(once)).toBe(once);
    }
  });

  it("hides what is not an address (host names may name the machine); null and empty stay", () => {
    for (const s of [
      "alices-macbook.local",
      "6f1c2a5e-1d2b-4c1e-9d0e-0a1b2c3d4e5f.local",
      "256.1.1.1",
      "1.2.3",
      "01.2.3.4",
      "1:2:3",
      "1::2::3",
      "2001:db8::g",
      "12345::",
      "203.0.113.7/33",
      "203.0.113.7/x",
      "<script>",
      "::ffff:999.1.1.1",
    ]) {
      expect(maskAddress(s), s).toBe(MASKED);
    }
    expect(maskAddress(null)).toBeNull();
    expect(maskAddress("")).toBe("");
  });
});

describe("maskAddressesIn", () => {
  it("masks every address in free text and leaves the rest", () => {
    expect(maskAddressesIn("ICE failed from 203.0.113.7 to 2001:db8:85a3::1 via ::ffff:198.51.100.9")).toBe(
      "ICE failed from 203.0.113.0/24 to 2001:db8:85a3::/48 via 198.51.100.0/24",
    );
    expect(maskAddressesIn("transport_disconnected")).toBe("transport_disconnected");
    expect(maskAddressesIn("at 12:30:45, 2026-12-01T10:20:30Z, sdk 1.9.4, aa:bb:cc:dd:ee:ff")).toBe(
      "at 12:30:45, 2026-12-01T10:20:30Z, sdk 1.9.4, aa:bb:cc:dd:ee:ff",
    );
    expect(maskAddressesIn("999.1.1.1")).toBe("999.1.1.1");
    expect(maskAddressesIn("route 203.0.113.7/32, bad 203.0.113.8/33, cut 203.0.113.0/24")).toBe(
      "route 203.0.113.0/24, bad 203.0.113.0/24, cut 203.0.113.0/24",
    );
  });
});

describe("reduceUserAgent", () => {
  const mac =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) " +
    "Chrome/131.0.0.0 Safari/537.36";
  const pixel =
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005) AppleWebKit/537.36 (KHTML, like Gecko) " +
    "Chrome/139.0.0.0 Mobile Safari/537.36";

  it("keeps browser and OS, from the report's own fields when set", () => {
    const fields = { browser: "Chrome", browserVersion: "131.0.6778.86", os: "macOS", osVersion: "14.5" };
    expect(reduceUserAgent(mac, fields)).toBe("Chrome 131 on macOS 14");
    expect(reduceUserAgent(mac, { ...fields, osVersion: "10.15.7" })).toBe("Chrome 131 on macOS 10.15");
  });

  it("reads browser and OS from the string, dropping the device model and build", () => {
    expect(reduceUserAgent(mac)).toBe("Chrome 131 on macOS 10.15");
    expect(reduceUserAgent(pixel)).toBe("Chrome 139 on Android 14");
    expect(reduceUserAgent(pixel)).not.toMatch(/Pixel|AP2A/);
    expect(
      reduceUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
          "Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17 on iOS 17");
    expect(
      reduceUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 " +
          "Safari/537.36 Edg/139.0.0.0",
      ),
    ).toBe("Edge 139 on Windows 10");
    expect(reduceUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe(
      "Firefox 128 on Linux",
    );
  });

  it("hides a string it cannot read; null and empty stay", () => {
    expect(reduceUserAgent("Alice's custom client build 42")).toBe(MASKED);
    expect(reduceUserAgent("<img src=x onerror=alert(1)>")).toBe(MASKED);
    expect(reduceUserAgent(null)).toBeNull();
    expect(reduceUserAgent("")).toBe("");
  });
});

describe("maskAddressesIn at the edges", () => {
  it("masks an address at the end of a sentence, and one written with leading zeros", () => {
    expect(maskAddressesIn("to 10.0.0.5.")).toBe("to 10.0.0.0/24.");
    expect(maskAddressesIn("peer 2001:db8:85a3::8a2e:370:7334. done")).not.toContain("8a2e");
    expect(maskAddressesIn("via 010.001.002.003")).toBe(`via ${MASKED}`);
    expect(maskAddressesIn("at 12:30:45, build 999.1.1.1")).toBe("at 12:30:45, build 999.1.1.1");
  });
});

describe("maskReport's event details", () => {
  it("masks addresses and user agents at any depth and drops where someone is", () => {
    const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Safari/604.1";
    const r = report({
      events: [
        event("ice", 10, { conn: { remote: "203.0.113.7:3478", agent: ua }, ips: ["198.51.100.9"], city: "Madrid" }),
      ],
    });
    const text = JSON.stringify(maskReport(r).events);
    for (const exact of ["203.0.113.7", "198.51.100.9", "Madrid", "AppleWebKit"]) expect(text).not.toContain(exact);
    expect(text).toContain("203.0.113.0/24");
    expect(text).toContain("198.51.100.0/24");
  });
});

describe("maskReport", () => {
  const ua =
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) " +
    "Chrome/139.0.0.0 Mobile Safari/537.36";
  const full = report({
    tracks: [track("audio_producer", { metrics: { lossPct: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } })],
    device: {
      ...report().device!,
      os: "Android",
      osVersion: "14",
      browser: "Chrome",
      browserVersion: "139.0.0.0",
      isMobile: true,
      userAgent: ua,
    },
    network: {
      ipv4: "198.51.100.7",
      city: "Madrid",
      region: "Community of Madrid",
      country: "ES",
      timezone: "Europe/Madrid",
      org: "198.51.100.7 Telefonica",
      asn: "AS3352",
      asnName: "Telefonica de Espana",
      asnDomain: "telefonica.es",
      asnRoute: "198.51.100.0/24",
      asnType: "isp",
    },
    candidatePairs: [
      pair({ localType: "relay", url: "turn:turn.example.net:3478?transport=udp" }),
      {
        ...pair({ transport: "consuming" }),
        local: { ...pair().local, address: "2001:db8:aa:bb::5", relatedAddress: "192.168.1.23" },
      },
    ],
    events: [
      event("ice_failure", 3, { remote: "203.0.113.9:3478", user_agent: ua, attempt: 2, ok: false }),
      event("audio_on", 4),
    ],
  });
  const masked = maskReport(full);
  const text = JSON.stringify(masked);

  it("leaves no full address, no city and no full user agent anywhere in the report", () => {
    for (const secret of [
      "198.51.100.7",
      "2001:db8:aa:bb",
      "192.168.1.23",
      "203.0.113.9",
      '"city":"Madrid"',
      "SM-S918B",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(masked.network).toMatchObject({
      ipv4: "198.51.100.0/24",
      city: null,
      region: "Community of Madrid",
      country: "ES",
      timezone: "Europe/Madrid",
      org: "198.51.100.0/24 Telefonica",
      asnName: "Telefonica de Espana",
      asnRoute: "198.51.100.0/24",
    });
    expect(masked.device?.userAgent).toBe("Chrome 139 on Android 14");
    expect(masked.candidatePairs[0]?.local).toMatchObject({ address: "198.51.100.0/24" });
    expect(masked.candidatePairs[0]?.remote).toMatchObject({ address: "192.0.2.0/24" });
    expect(masked.candidatePairs[1]?.local).toMatchObject({
      address: "2001:db8:aa::/48",
      relatedAddress: "192.168.1.0/24",
    });
    expect(masked.events[0]?.metadata).toEqual({
      remote: "203.0.113.0/24:3478",
      user_agent: "Chrome 139 on Android 14",
      attempt: 2,
      ok: false,
    });
    expect(masked.events[1]).toBe(full.events[1]);
  });

  it("changes nothing else: the rest of the report, the findings and the ticket summary but for the city", () => {
    expect(masked.tracks).toBe(full.tracks);
    expect({ ...masked, device: null, network: null, candidatePairs: [], events: [] }).toEqual({
      ...full,
      device: null,
      network: null,
      candidatePairs: [],
      events: [],
    });
    expect(masked.candidatePairs[0]?.local.url).toBe("turn:turn.example.net:3478?transport=udp");
    expect(findings(masked, DEFAULT_THRESHOLDS)).toEqual(findings(full, DEFAULT_THRESHOLDS));
    const input = { findings: [], sessionTitle: null, sessionStatus: null, sessionUrl: "", viewUrl: "", window: null };
    const summary = ticketSummary({ ...input, report: masked });
    expect(summary).toContain("Community of Madrid, ES");
    expect(summary).not.toMatch(/Madrid, Community/);
  });

  it("is not needed for the quality index: a verdict keeps no address, city or user agent", () => {
    const found = findings(full, DEFAULT_THRESHOLDS);
    const opts = { live: false, now: Date.UTC(2026, 7, 11), peerId: "peer-0001" };
    const verdict = JSON.stringify(buildVerdict(full, found, DEFAULT_THRESHOLDS, opts));
    for (const personal of ["198.51.100", "2001:db8", "192.168.1", "203.0.113", "Madrid", "SM-S918B", "Android"]) {
      expect(verdict, personal).not.toContain(personal);
    }
    expect(verdict).toBe(JSON.stringify(buildVerdict(masked, found, DEFAULT_THRESHOLDS, opts)));
  });

  it("leaves the report it was given as it was (it may be the cached one)", () => {
    const before = JSON.stringify(full);
    maskReport(full);
    expect(JSON.stringify(full)).toBe(before);
  });

  it("keeps what is absent absent", () => {
    const bare = maskReport({ ...full, device: null, network: null, candidatePairs: [], events: [] });
    expect(bare).toMatchObject({ device: null, network: null, candidatePairs: [], events: [] });
  });
});
