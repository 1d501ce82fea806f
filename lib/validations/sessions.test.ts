import { describe, expect, it } from "vitest";
import { sessionsApi, sessionsPath } from "@/lib/routes";
import { parseSessionFilters, serializeSessionFilters } from "./sessions";

describe("the poor-sessions filter in the sessions list's URL", () => {
  it("reads quality=poor (any case) and writes it back in the canonical query", () => {
    const { value, issues } = parseSessionFilters(new URLSearchParams("quality=POOR&status=ended"), "strict");
    expect(issues).toEqual([]);
    expect(value.quality).toBe("poor");
    expect(serializeSessionFilters(value)).toBe("status=ended&quality=poor");
    expect(sessionsPath("app", { quality: "poor" })).toBe("/apps/app/sessions?quality=poor");
    expect(sessionsApi("app", { quality: "poor", page: 2 })).toBe("/api/apps/app/sessions?quality=poor&page=2");
    expect(parseSessionFilters({}, "strict").value.quality).toBeUndefined();
    expect(serializeSessionFilters(parseSessionFilters({}, "strict").value)).toBe("");
  });

  it("refuses any other value naming the field; a page falls back to no filter", () => {
    const strict = parseSessionFilters(new URLSearchParams("quality=bad"), "strict");
    expect(strict.issues).toEqual([{ field: "quality", message: "must be poor (sessions with poor participants)" }]);
    const lenient = parseSessionFilters({ quality: "degraded", status: "ended" }, "lenient");
    expect(lenient.value.quality).toBeUndefined();
    expect(lenient.value.status).toBe("ended");
    expect(lenient.issues.map((i) => i.field)).toEqual(["quality"]);
  });
});
