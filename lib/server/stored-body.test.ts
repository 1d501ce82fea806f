import { describe, expect, it } from "vitest";
import { matchesEtag } from "./stored-body";

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
