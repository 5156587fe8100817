import { describe, expect, it } from "vitest";
import vi from "../../../locales/vi/statistics-pages.json";
import viFormulas from "../../../locales/vi/statistics.json";
import { xlsx, unzip } from "../../platform/xlsx.server";
import { FIGURE_KEYS } from "./open-data";
import { sampleReport } from "./sample-report.test-helper";
import { statisticsWorkbook } from "./statistics-workbook";

// The officials' workbook: one sheet per breakdown with the report's numbers as numbers, written as a real .xlsx.

describe("the statistics workbook", () => {
  const sheets = statisticsWorkbook(sampleReport(), (k) => k);

  it("has a summary, one sheet per breakdown, durations and the 766 components, each with a header row", () => {
    expect(sheets.map((s) => s.name)).toEqual(["xlsx.summary", "xlsx.byMonth", "xlsx.byAgency", "xlsx.byField", "xlsx.byChannel", "xlsx.byLevel", "xlsx.durations", "xlsx.index766"]);
    const month = sheets[1]!;
    expect(month.header).toHaveLength(2 + FIGURE_KEYS.length);
    expect(month.rows[0]!.slice(0, 4)).toEqual(["2026-01", "01/2026", 0, 60]);
    const summary = sheets[0]!;
    expect(summary.rows.find((r) => r[1] === "received")![2]).toBe(100);
    expect(summary.rows.find((r) => r[1] === "share.resolvedEarly")![2]).toBe(0.75);
    expect(sheets[7]!.rows[0]).toEqual(["timeliness", "index766.groups.timeliness", "statistics:formula.timeliness", 74, 80, 0.925]);
  });

  it("writes a workbook whose sheets hold the numbers as numbers", async () => {
    const files = await unzip(xlsx(sheets));
    expect([...files.keys()].filter((k) => k.startsWith("xl/worksheets/"))).toHaveLength(8);
    const summary = files.get("xl/worksheets/sheet1.xml")!.toString();
    expect(summary).toMatch(/<t xml:space="preserve">received<\/t><\/is><\/c><c r="C\d+"><v>100<\/v><\/c>/);
  });

  it("names every row and column in Vietnamese from the locale (no key shows as a label)", () => {
    const lookup = (key: string): string => {
      const [ns, path] = key.startsWith("statistics:") ? [viFormulas as unknown, key.slice("statistics:".length)] : [vi as unknown, key];
      const found = path.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), ns);
      if (typeof found !== "string") throw new Error(`no Vietnamese text for ${key}`);
      return found;
    };
    // The sample's 766 components carry made-up formula keys: the real ones are checked with the report (statistics.server.test.ts).
    const named = statisticsWorkbook({ ...sampleReport(), index766: [] }, lookup);
    expect(named[0]!.rows.find((r) => r[1] === "withFees")![0]).toBe("Hồ sơ có phí, lệ phí");
    expect(named[0]!.rows.find((r) => r[1] === "ratings.unsatisfied")![0]).toBe("Không hài lòng");
  });
});
