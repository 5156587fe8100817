import { describe, expect, it } from "vitest";
import { barChart, splitDuration, subtreeOf } from "./live";

describe("the live view's pure rules", () => {
  it("takes the roots and every agency under them, once each, even through a cycle", () => {
    const nodes = [
      { agencyId: "province", parentId: null },
      { agencyId: "district", parentId: "province" },
      { agencyId: "commune1", parentId: "district" },
      { agencyId: "commune2", parentId: "district" },
      { agencyId: "department", parentId: "province" },
      { agencyId: "loopA", parentId: "loopB" },
      { agencyId: "loopB", parentId: "loopA" },
    ];
    expect([...subtreeOf(["district"], nodes)].sort()).toEqual(["commune1", "commune2", "district"]);
    expect(subtreeOf(["province"], nodes).size).toBe(5);
    expect([...subtreeOf(["loopA"], nodes)].sort()).toEqual(["loopA", "loopB"]);
    expect([...subtreeOf(["unknown"], nodes)]).toEqual(["unknown"]);
    expect(subtreeOf([], nodes).size).toBe(0);
  });

  it("splits a duration into days, hours and minutes (never negative)", () => {
    expect(splitDuration(50 * 3_600_000 + 5 * 60_000 + 59_000)).toEqual({ days: 2, hours: 2, minutes: 5 });
    expect(splitDuration(-1)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });

  it("scales bars to the largest value, keeps a zero bar empty and a small one visible", () => {
    const chart = barChart([{ label: "A", value: 10 }, { label: "B", value: 0 }, { label: "C", value: 0.01 }], { width: 400, rowHeight: 46 });
    expect(chart.bars.map((b) => b.width)).toEqual([356, 0, 2]);
    expect(chart.bars.map((b) => [b.labelY, b.y])).toEqual([
      [16, 22],
      [62, 68],
      [108, 114],
    ]);
    expect(chart.height).toBe(142);
    expect(barChart([]).bars).toEqual([]);
  });
});
