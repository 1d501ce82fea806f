import { describe, expect, it } from "vitest";
import { inAdminGroup, isAdmin } from "./admin";

describe("admins", () => {
  const cfg = { adminEmails: ["lead@example.com"], oidcAdminGroup: "ops-admins" };

  it("are the listed e-mails, in any letter case", () => {
    expect(isAdmin("Lead@Example.COM ", false, cfg)).toBe(true);
    expect(isAdmin("ops@example.com", false, cfg)).toBe(false);
    expect(isAdmin(null, false, cfg)).toBe(false);
    expect(isAdmin(undefined, false, { adminEmails: [], oidcAdminGroup: null })).toBe(false);
  });

  it("are the members of the admin group seen at sign-in, while a group is configured", () => {
    expect(isAdmin("ops@example.com", true, cfg)).toBe(true);
    expect(isAdmin("ops@example.com", true, { ...cfg, oidcAdminGroup: null })).toBe(false);
  });

  it("read the groups claim exactly: an array of names or one name", () => {
    expect(inAdminGroup({ groups: ["staff", "ops-admins"] }, "ops-admins")).toBe(true);
    expect(inAdminGroup({ groups: "ops-admins" }, "ops-admins")).toBe(true);
    expect(inAdminGroup({ groups: ["ops-admins-readonly", "OPS-ADMINS"] }, "ops-admins")).toBe(false);
    expect(inAdminGroup({ groups: [{ name: "ops-admins" }] }, "ops-admins")).toBe(false);
    expect(inAdminGroup({ groups: null }, "ops-admins")).toBe(false);
    expect(inAdminGroup({}, "ops-admins")).toBe(false);
    expect(inAdminGroup(undefined, "ops-admins")).toBe(false);
    expect(inAdminGroup({ groups: ["ops-admins"] }, null)).toBe(false);
  });
});
