import { describe, expect, it } from "vitest";
import { buildAgencyTree, isValidOn, periodsOverlap, type AgencyAt } from "./agencies";

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
