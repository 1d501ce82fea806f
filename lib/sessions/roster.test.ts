import { describe, expect, it } from "vitest";
import { parseRosterView } from "./roster";

describe("parseRosterView", () => {
  it("reads search, sort and page from a pasted link", () => {
    expect(parseRosterView(new URLSearchParams("search=alice&sort=-reconnects&page=3"), 5)).toEqual({ search: "alice", sort: "-reconnects", page: 3, issues: [] });
    expect(parseRosterView(new URLSearchParams(""), 1)).toEqual({ search: "", sort: "joined", page: 1, issues: [] });
  });

  it("falls back on bad values and names each one", () => {
    const v = parseRosterView(new URLSearchParams("sort=loudest&page=two&color=red"), 5);
    expect(v).toMatchObject({ sort: "joined", page: 1, search: "" });
    expect(v.issues.map((i) => i.field).sort()).toEqual(["color", "page", "sort"]);
    expect(v.issues.find((i) => i.field === "sort")?.message).toMatch(/must be one of joined, -joined, name/);
  });

  it("sends a page past the end back to the first, saying so", () => {
    expect(parseRosterView(new URLSearchParams("page=9"), 4)).toMatchObject({ page: 1, issues: [{ field: "page", message: "is past the last page (4)" }] });
    expect(parseRosterView(new URLSearchParams("page=4"), 4)).toMatchObject({ page: 4, issues: [] });
  });
});
