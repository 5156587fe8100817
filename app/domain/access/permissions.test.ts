import { describe, expect, it } from "vitest";
import { agenciesFor, can, type Actor } from "./permissions";

const anonymous: Actor = { kind: "anonymous" };
const citizen: Actor = { kind: "citizen", userId: "u1", actingFor: null };
const representative: Actor = { kind: "citizen", userId: "u2", actingFor: { organisationId: "org1", name: "Công ty A", taxCode: "0100109106" } };
const handlerA: Actor = { kind: "official", userId: "o1", roles: [{ agencyId: "A", role: "handler" }] };
const leaderB: Actor = { kind: "official", userId: "o2", roles: [{ agencyId: "B", role: "approver" }, { agencyId: "B", role: "handler" }] };
const admin: Actor = { kind: "official", userId: "o3", roles: [{ agencyId: "P", role: "system_admin" }, { agencyId: "P", role: "catalog_admin" }] };

describe("permissions", () => {
  it("lets a citizen act on their own records only, and a representative on the organisation's", () => {
    expect(can(citizen, "read:dossier:own", { ownerId: "u1" })).toBe(true);
    expect(can(citizen, "read:dossier:own", { ownerId: "u2" })).toBe(false);
    // A dossier filed for an organisation is not "own" for a citizen acting for themselves…
    expect(can(citizen, "read:dossier:own", { ownerId: "u1", organisationId: "org1" })).toBe(false);
    // …and every representative acting for it sees it, whoever filed it.
    expect(can(representative, "read:dossier:own", { ownerId: "u9", organisationId: "org1" })).toBe(true);
    expect(can(representative, "read:dossier:own", { ownerId: "u2", organisationId: "org2" })).toBe(false);
    expect(can(anonymous, "read:dossier:own", { ownerId: "u1" })).toBe(false);
  });

  it("keeps officials within their agencies and their roles", () => {
    expect(can(handlerA, "handle:dossier:agency", { agencyId: "A" })).toBe(true);
    expect(can(handlerA, "handle:dossier:agency", { agencyId: "B" })).toBe(false);
    expect(can(handlerA, "approve:dossier:agency", { agencyId: "A" })).toBe(false);
    expect(can(leaderB, "approve:dossier:agency", { agencyId: "B" })).toBe(true);
    expect(agenciesFor(leaderB, "read:dossier:agency")).toEqual(["B"]);
    expect(can(handlerA, "read:dossier:own", { ownerId: "o1" })).toBe(false);
  });

  it("gives province-wide permissions to the roles that have them, and nothing to anonymous visitors", () => {
    expect(can(admin, "manage:official:any")).toBe(true);
    expect(can(admin, "update:catalog:any", { agencyId: "X" })).toBe(true);
    expect(can(handlerA, "update:catalog:any")).toBe(false);
    expect(can(anonymous, "read:profile:own")).toBe(false);
    expect(can(citizen, "manage:official:any")).toBe(false);
  });
});
