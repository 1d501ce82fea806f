import { describe, expect, it } from "vitest";
import { acceptsGzip, matchesEtag } from "./stored-body";

describe("acceptsGzip", () => {
  it.each([
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
    ["x-gzip", true],
    ["*", true],
    ["GZIP", true],
    ["gzip;q=0", false],
    ["gzip;q=0.000, *", false],
    ["deflate, br", false],
    ["identity", false],
    ["*;q=0", false],
    ["", false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it("says no when there is no header", () => {
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe("matchesEtag", () => {
  const tag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abcd"', false],
    ['"ab"', false],
    ["abc", false],
    ["", false],
  ])("%j → %s", (header, expected) => {
    expect(matchesEtag(header, tag)).toBe(expected);
  });
});
