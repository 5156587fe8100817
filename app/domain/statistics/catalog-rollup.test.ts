import { describe, expect, it } from "vitest";
import { catalogByNode } from "./catalog-rollup";

// The catalog counts summed per child of the selected node, each over its subtree.

const tree = [
  { id: "p", name: "UBND tỉnh", parentId: null },
  { id: "stp", name: "Sở Tư pháp", parentId: "p" },
  { id: "vx", name: "UBND huyện Vị Xuyên", parentId: "p" },
  { id: "dd", name: "UBND xã Đạo Đức", parentId: "vx" },
  { id: "vl", name: "UBND xã Việt Lâm", parentId: "vx" },
];
const c = (agencyId: string, full: number, partial: number, info: number) => ({ agencyId, agencyName: agencyId, full, partial, info });
const catalog = [c("p", 1, 0, 0), c("stp", 5, 3, 1), c("vx", 2, 2, 2), c("dd", 1, 1, 0), c("vl", 0, 4, 1), c("gone", 9, 9, 9)];

describe("catalog counts over the agency tree", () => {
  it("the province: its own row first, then each department and district over its subtree", () => {
    expect(catalogByNode(catalog, tree, null)).toEqual([
      { agencyId: "p", agencyName: "UBND tỉnh", full: 1, partial: 0, info: 0 },
      { agencyId: "stp", agencyName: "Sở Tư pháp", full: 5, partial: 3, info: 1 },
      { agencyId: "vx", agencyName: "UBND huyện Vị Xuyên", full: 3, partial: 7, info: 3 },
    ]);
  });

  it("a district: itself, then its communes; a commune: itself alone", () => {
    expect(catalogByNode(catalog, tree, "vx").map((r) => [r.agencyId, r.full + r.partial + r.info])).toEqual([["vx", 6], ["dd", 2], ["vl", 5]]);
    expect(catalogByNode(catalog, tree, "dd").map((r) => r.agencyId)).toEqual(["dd"]);
  });
});
