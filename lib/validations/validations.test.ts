import { describe, expect, it } from "vitest";
import { appIdSchema, lookupIdSchema, meetingIdSchema, peerIdSchema } from "./ids";
import { parsePeerReportQuery } from "./peers";
import { parseSessionFilters, toUpstreamSessionQuery } from "./sessions";

describe("ids", () => {
  it("accepts UUIDs (lower-casing them) and rejects anything that could reshape the upstream path", () => {
    expect(peerIdSchema.parse("BD45F5A3-44D0-4D48-A9E5-B880B39D9E1C")).toBe("bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c");
    for (const bad of ["", "../apps", "bd45f5a3", "bd45f5a3-44d0-4d48-a9e5-b880b39d9e1c/x", "x%2F..%2F"]) {
      expect(peerIdSchema.safeParse(bad).success).toBe(false);
    }
    expect(appIdSchema.safeParse("14a396e7-ca44-4937-bf1f-050a69118543").success).toBe(true);
    expect(appIdSchema.safeParse("a/b").success).toBe(false);
    expect(meetingIdSchema.safeParse("abcdef-ghijkl").success).toBe(true);
    expect(meetingIdSchema.safeParse("abc").success).toBe(false);
    expect(lookupIdSchema.safeParse("emp-2231").success).toBe(true);
    expect(lookupIdSchema.safeParse("a\u0000b").success).toBe(false);
  });
});

describe("session filters", () => {
  it("parses every filter and maps it to the upstream's names", () => {
    const { value, issues } = parseSessionFilters(
      new URLSearchParams(
        "status=LIVE&from=2026-08-10T14:00:00Z&to=2026-08-10T17:00:00%2B02:00&search=%20sync%20" +
          "&meeting=5a1e7c3b-2d94-4f6a-b0c8-9e2d1f4a7b63&participants=2:10&sort=minutes&page=3&perPage=50",
      ),
      "strict",
    );
    expect(issues).toEqual([]);
    expect(toUpstreamSessionQuery(value)).toEqual({
      page: 3,
      perPage: 50,
      status: "LIVE",
      startTime: "2026-08-10T14:00:00.000Z",
      endTime: "2026-08-10T15:00:00.000Z",
      search: "sync",
      meetingId: "5a1e7c3b-2d94-4f6a-b0c8-9e2d1f4a7b63",
      participants: "2:10",
      sortBy: "minutesConsumed",
      sortOrder: "ASC",
    });
  });

  it("defaults: newest first, page 1 of 20, no filters", () => {
    const { value, issues } = parseSessionFilters({}, "strict");
    expect(issues).toEqual([]);
    expect(toUpstreamSessionQuery(value)).toMatchObject({
      page: 1,
      perPage: 20,
      sortBy: "createdAt",
      sortOrder: "DESC",
      status: undefined,
    });
  });

  it("strict mode names each bad field, and unknown parameters", () => {
    const { issues } = parseSessionFilters(
      new URLSearchParams("status=running&page=0&perPage=500&from=yesterday&participants=9:2&colour=red"),
      "strict",
    );
    expect(issues.map((i) => i.field).sort()).toEqual(["colour", "from", "page", "participants", "perPage", "status"]);
  });

  it("lenient mode falls back to defaults field by field and keeps the good ones", () => {
    const { value, issues } = parseSessionFilters({ status: "running", search: "sync", page: "-1" }, "lenient");
    expect(value.status).toBeUndefined();
    expect(value.page).toBe(1);
    expect(value.search).toBe("sync");
    expect(issues.map((i) => i.field)).toEqual(["status", "page"]);
  });

  it("rejects a time range that ends before it starts, and open-ended participant ranges map to full ranges", () => {
    const { issues } = parseSessionFilters({ from: "2026-08-10T15:00:00Z", to: "2026-08-10T14:00:00Z" }, "strict");
    expect(issues).toEqual([{ field: "to", message: "must not be before from" }]);
    const { value } = parseSessionFilters({ participants: "5:" }, "strict");
    expect(toUpstreamSessionQuery(value).participants).toBe("5:1000000");
  });
});

describe("peer report query", () => {
  it("defaults to every section", () => {
    expect(parsePeerReportQuery({}, "strict").value.sections).toEqual([
      "device",
      "network",
      "precall",
      "events",
      "quality",
    ]);
  });

  it("takes a comma list, deduplicated, and rejects unknown sections", () => {
    expect(parsePeerReportQuery({ sections: "precall,quality,precall" }, "strict").value.sections).toEqual([
      "precall",
      "quality",
    ]);
    expect(parsePeerReportQuery({ sections: "device,cpu" }, "strict").issues[0]?.field).toBe("sections");
  });
});

describe("session filter URLs", () => {
  it("round-trip through the canonical query string, defaults left out", async () => {
    const { serializeSessionFilters } = await import("./sessions");
    const input = "participants=2:&sort=minutes&status=LIVE&page=2&search=sync&perPage=20";
    const { value } = parseSessionFilters(new URLSearchParams(input), "strict");
    const qs = serializeSessionFilters(value);
    expect(qs).toBe("status=live&search=sync&participants=2%3A&sort=minutes&page=2");
    expect(parseSessionFilters(new URLSearchParams(qs), "strict").value).toEqual(value);
    expect(serializeSessionFilters(parseSessionFilters({}, "strict").value)).toBe("");
  });
});
