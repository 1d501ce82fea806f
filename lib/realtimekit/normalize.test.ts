import { describe, expect, it } from "vitest";
import { participantSchema } from "@/lib/realtimekit/schemas";
import { isoOrNull, toParticipant } from "./normalize";

describe("isoOrNull", () => {
  it("reads upstream times as ISO, and times no call can have as not reported", () => {
    expect(isoOrNull("2026-11-29T13:20:01.291Z")).toBe("2026-11-29T13:20:01.291Z");
    expect(isoOrNull("2026-11-29T14:20:01+01:00")).toBe("2026-11-29T13:20:01.000Z");
    // The end of Date's range parses, but every window or duration built on it throws or lies.
    expect(isoOrNull("+275760-09-13T00:00:00Z")).toBeNull();
    expect(isoOrNull("0000-00-00T00:00:00.000Z")).toBeNull();
    expect(isoOrNull("1970-01-01T00:00:00Z")).toBeNull();
    expect(isoOrNull("yesterday")).toBeNull();
    expect(isoOrNull("")).toBeNull();
    expect(isoOrNull(null)).toBeNull();
  });

  it("a participant who left at the end of time has no reported leave time", () => {
    const raw = participantSchema.parse({
      id: "8c2f6a41-93d0-4e1b-a7c5-3f9b0d2e6a18",
      joined_at: "2026-11-29T13:20:01.291Z",
      left_at: "+275760-09-13T00:00:00Z",
    });
    const p = toParticipant(raw);
    expect(p.joinedAt).toBe("2026-11-29T13:20:01.291Z");
    expect(p.leftAt).toBeNull();
  });
});
