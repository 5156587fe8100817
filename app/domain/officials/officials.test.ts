import { describe, expect, it } from "vitest";
import { statusAfterEnabling, statusChangeRefusal } from "./officials";
import { officialFilterSchema, statusChangeSchema } from "./officials.schema";

// The rules of changing an official's status, without a database.
describe("changing an official's status", () => {
  const admin = { id: "a", status: "active" as const };
  it("refuses the administrator's own account, whatever the change", () => {
    expect(statusChangeRefusal("disable", { actorUserId: "a", target: admin, activeAdministrators: ["a", "b"] })).toBe("self");
    expect(statusChangeRefusal("revoke", { actorUserId: "a", target: { id: "a", status: "invited" }, activeAdministrators: ["a"] })).toBe("self");
  });

  it("never disables the last active system administrator", () => {
    expect(statusChangeRefusal("disable", { actorUserId: "b", target: admin, activeAdministrators: ["a"] })).toBe("lastAdmin");
    expect(statusChangeRefusal("disable", { actorUserId: "b", target: admin, activeAdministrators: ["a", "b"] })).toBeNull();
    // Somebody who is no administrator may be disabled even when one administrator is left.
    expect(statusChangeRefusal("disable", { actorUserId: "a", target: { id: "h", status: "active" }, activeAdministrators: ["a"] })).toBeNull();
  });

  it("starts each change from its one status", () => {
    expect(statusChangeRefusal("disable", { actorUserId: "a", target: { id: "h", status: "disabled" }, activeAdministrators: ["a"] })).toBe("wrongStatus");
    expect(statusChangeRefusal("enable", { actorUserId: "a", target: { id: "h", status: "active" }, activeAdministrators: ["a"] })).toBe("wrongStatus");
    expect(statusChangeRefusal("revoke", { actorUserId: "a", target: { id: "h", status: "active" }, activeAdministrators: ["a"] })).toBe("wrongStatus");
    expect(statusChangeRefusal("enable", { actorUserId: "a", target: { id: "h", status: "disabled" }, activeAdministrators: ["a"] })).toBeNull();
    expect(statusChangeRefusal("revoke", { actorUserId: "a", target: { id: "h", status: "invited" }, activeAdministrators: ["a"] })).toBeNull();
  });

  it("enables an enrolled account as active, a never-enrolled one as invited again", () => {
    expect(statusAfterEnabling(true)).toBe("active");
    expect(statusAfterEnabling(false)).toBe("invited");
  });

  it("requires a reason of at most 500 characters, trimmed", () => {
    expect(statusChangeSchema.safeParse({ reason: "   " }).error?.issues[0]?.message).toBe("officials:errors.reasonRequired");
    expect(statusChangeSchema.safeParse({}).error?.issues[0]?.message).toBe("officials:errors.reasonRequired");
    expect(statusChangeSchema.safeParse({ reason: "x".repeat(501) }).error?.issues[0]?.message).toBe("officials:errors.reasonTooLong");
    expect(statusChangeSchema.parse({ reason: "  Nghỉ hưu từ 01/12/2026 " })).toEqual({ reason: "Nghỉ hưu từ 01/12/2026" });
  });

  it("ignores unknown filters of the list", () => {
    expect(officialFilterSchema.parse({ status: "disabled", agency: "000.00.03.H22" })).toEqual({ status: "disabled", agency: "000.00.03.H22" });
    expect(officialFilterSchema.parse({ status: "deleted", agency: "Sở Tư pháp" })).toEqual({});
  });
});
