import { describe, expect, it } from "vitest";
import { buildAgencyTree, changedFields, isValidOn, lastDayBefore, periodsOverlap, provinceSuffixOf, subtreeOf, type AgencyAt } from "./agencies";
import { dissolveSchema, newAgencySchema } from "./agencies.schema";

const agency = (id: string, parentId: string | null, kind: AgencyAt["kind"], code = id): AgencyAt => ({
  id,
  code,
  name: id,
  shortName: null,
  kind,
  level: "province",
  parentId,
  adminUnitCode: null,
  validFrom: "2020-01-01",
  validTo: null,
});

describe("agency periods", () => {
  it("include the first day and exclude the end day", () => {
    const p = { validFrom: "2020-01-01", validTo: "2025-07-01" };
    expect(isValidOn(p, "2019-12-31")).toBe(false);
    expect(isValidOn(p, "2020-01-01")).toBe(true);
    expect(isValidOn(p, "2025-06-30")).toBe(true);
    expect(isValidOn(p, "2025-07-01")).toBe(false);
    expect(isValidOn({ validFrom: "2020-01-01", validTo: null }, "2099-01-01")).toBe(true);
  });

  it("overlap only when they share a day", () => {
    expect(periodsOverlap({ validFrom: "2020-01-01", validTo: "2021-01-01" }, { validFrom: "2021-01-01", validTo: null })).toBe(false);
    expect(periodsOverlap({ validFrom: "2020-01-01", validTo: "2021-01-02" }, { validFrom: "2021-01-01", validTo: null })).toBe(true);
    expect(periodsOverlap({ validFrom: "2020-01-01", validTo: null }, { validFrom: "2010-01-01", validTo: "2020-01-02" })).toBe(true);
  });
});

describe("buildAgencyTree", () => {
  it("nests children under parents, ordered by kind then code, and keeps orphans as roots", () => {
    const tree = buildAgencyTree([
      agency("commune", "district", "commune_ppc"),
      agency("district", "ppc", "district_ppc"),
      agency("dept-b", "ppc", "department", "000.00.02.H22"),
      agency("dept-a", "ppc", "department", "000.00.01.H22"),
      agency("ppc", null, "ppc"),
      agency("orphan", "gone", "department"),
    ]);
    expect(tree.map((n) => n.id)).toEqual(["ppc", "orphan"]);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(["dept-a", "dept-b", "district"]);
    expect(tree[0]!.children[2]!.children.map((n) => n.id)).toEqual(["commune"]);
  });
});

describe("administering agencies (pure rules)", () => {
  it("reads the province's code at the end of an agency code", () => {
    expect(provinceSuffixOf("000.00.03.H22")).toBe("H22");
    expect(provinceSuffixOf("000.00.3.H22")).toBeNull();
  });

  it("finds an agency's whole subtree (no agency may be moved under itself)", () => {
    const tree = [
      { id: "ppc", parentId: null },
      { id: "district", parentId: "ppc" },
      { id: "commune", parentId: "district" },
      { id: "other", parentId: "ppc" },
    ];
    expect([...subtreeOf(tree, "district")].sort()).toEqual(["commune", "district"]);
    expect(subtreeOf(tree, "ppc").size).toBe(4);
  });

  it("says which day a period ends on (its end is exclusive)", () => {
    expect(lastDayBefore("2026-12-01")).toBe("2026-11-30");
    expect(lastDayBefore("2025-03-01")).toBe("2025-02-28");
  });

  it("lists the fields that changed", () => {
    const before = { name: "Sở A", shortName: null, kind: "department", level: "province", parentId: "p", address: null, phone: null, email: null } as const;
    expect(changedFields(before, { ...before })).toEqual([]);
    expect(changedFields(before, { ...before, name: "Sở B", phone: "0219 3861 234" })).toEqual(["name", "phone"]);
  });
});

describe("the agency forms", () => {
  const valid = { code: "000.00.40.h22", name: " Trung tâm Chuyển đổi số ", shortName: "", kind: "service_centre", level: "province", parent: "000.00.00.H22", address: "", phone: "0219 3 861 234", email: "TTCDS@HaGiang.gov.vn" };
  it("normalises a valid agency", () => {
    expect(newAgencySchema.parse(valid)).toEqual({
      code: "000.00.40.H22",
      name: "Trung tâm Chuyển đổi số",
      shortName: null,
      kind: "service_centre",
      level: "province",
      parent: "000.00.00.H22",
      address: null,
      phone: "0219 3 861 234",
      email: "ttcds@hagiang.gov.vn",
    });
  });

  it("says what is wrong with each field, as i18n keys", () => {
    const result = newAgencySchema.safeParse({ code: "00.00.40.H22", name: "", kind: "ministry", level: "", parent: "Sở Tư pháp", phone: "12", email: "no" });
    const byField = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField).toEqual({
      code: "agencies-admin:errors.codeFormat",
      name: "agencies-admin:errors.nameRequired",
      kind: "agencies-admin:errors.kindRequired",
      level: "agencies-admin:errors.levelRequired",
      parent: "agencies-admin:errors.parentUnknown",
      phone: "agencies-admin:errors.phoneFormat",
      email: "agencies-admin:errors.emailFormat",
    });
    expect(newAgencySchema.safeParse({ ...valid, code: "" }).error?.issues[0]?.message).toBe("agencies-admin:errors.codeRequired");
    // An empty form lists every problem at once, the missing parent included.
    const empty = newAgencySchema.safeParse({ code: "", name: "", kind: "", parent: "" });
    // (The form shows each field's first problem.)
    expect(Object.fromEntries((empty.error?.issues ?? []).reverse().map((i) => [String(i.path[0]), i.message]))).toEqual({
      code: "agencies-admin:errors.codeRequired",
      name: "agencies-admin:errors.nameRequired",
      kind: "agencies-admin:errors.kindRequired",
      level: "agencies-admin:errors.levelRequired",
      parent: "agencies-admin:errors.parentRequired",
    });
    // Only the Provincial People's Committee has no parent.
    expect(newAgencySchema.safeParse({ ...valid, kind: "ppc", parent: "" }).success).toBe(true);
  });

  it("takes an optional successor's code when dissolving", () => {
    expect(dissolveSchema.parse({})).toEqual({ successor: "" });
    expect(dissolveSchema.safeParse({ successor: "Sở Tư pháp" }).success).toBe(false);
  });
});
