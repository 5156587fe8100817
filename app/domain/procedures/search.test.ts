import { describe, expect, it } from "vitest";
import { countByOnlineLevel, foldEntryTexts, searchCatalog, type CatalogEntry } from "./search";
import { bestOnlineLevel, feeFor, workingHoursOf } from "./procedures";

function entry(code: string, name: string, keywords: string[] = [], extra: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    versionId: `v-${code}`,
    code,
    name,
    fieldCode: "ho-tich",
    levels: ["commune"],
    lifeEvents: [],
    bestOnlineLevel: "FULL",
    folded: foldEntryTexts({ code, name, keywords, rest: ["Hộ tịch"] }),
    ...extra,
  };
}

const catalog = [
  entry("1.000894", "Đăng ký kết hôn", ["cưới", "giấy chứng nhận kết hôn"], { lifeEvents: ["marriage"] }),
  entry("1.000689", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con", ["khai sinh", "nhận cha con"]),
  entry("1.004884", "Đăng ký lại khai sinh", ["khai sinh"]),
  entry("1.001193", "Đăng ký khai sinh", ["giấy khai sinh", "trẻ em", "sinh con"], { lifeEvents: ["birth"] }),
  entry("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", ["lý lịch tư pháp", "LLTP"], {
    levels: ["province"],
    fieldCode: "ly-lich-tu-phap",
    bestOnlineLevel: "PARTIAL",
  }),
  entry("2.000815", "Chứng thực bản sao từ bản chính", ["sao y", "công chứng"], { bestOnlineLevel: "INFO", fieldCode: "chung-thuc" }),
];

const first = (q: string, filters = {}) => searchCatalog(catalog, q, filters)[0]?.entry.code;

describe("catalog search", () => {
  it.each(["dang ky khai sinh", "đăng ký khai sinh", "DANG KY KHAI SINH", "Đăng Ký Khai Sinh", "đang ky khai sinh"])(
    "finds Đăng ký khai sinh first for %s",
    (q) => expect(first(q)).toBe("1.001193"),
  );

  it("finds by code, whole or partial", () => {
    expect(first("1.001193")).toBe("1.001193");
    expect(first("2.000488")).toBe("2.000488");
    expect(first("000815")).toBe("2.000815");
  });

  it("finds by keyword", () => {
    expect(first("sao y")).toBe("2.000815");
    expect(first("lltp")).toBe("2.000488");
    expect(first("cuoi")).toBe("1.000894");
    expect(first("tre em")).toBe("1.001193");
  });

  it("ranks name matches above keyword matches and needs every word", () => {
    const codes = searchCatalog(catalog, "khai sinh").map((r) => r.entry.code);
    expect(codes[0]).toBe("1.001193");
    expect(codes).toEqual(expect.arrayContaining(["1.000689", "1.004884"]));
    expect(codes).not.toContain("1.000894");
    expect(searchCatalog(catalog, "khai sinh kết hôn")).toEqual([]);
  });

  it("treats hostile or huge input as words", () => {
    for (const q of ['"', "*", ":", "(", ")", "' OR 1=1 --", "%_", "x".repeat(500), "khai\u0000sinh"]) {
      expect(() => searchCatalog(catalog, q)).not.toThrow();
    }
    expect(searchCatalog(catalog, "  ").length).toBe(catalog.length);
    expect(first('"khai sinh"*')).toBe("1.001193");
  });

  it("filters by field, level, online level, life event and agency", () => {
    expect(searchCatalog(catalog, "", { field: "chung-thuc" }).map((r) => r.entry.code)).toEqual(["2.000815"]);
    expect(searchCatalog(catalog, "", { level: "province" }).map((r) => r.entry.code)).toEqual(["2.000488"]);
    expect(searchCatalog(catalog, "", { onlineLevel: "INFO" }).map((r) => r.entry.code)).toEqual(["2.000815"]);
    expect(searchCatalog(catalog, "", { lifeEvent: "birth" }).map((r) => r.entry.code)).toEqual(["1.001193"]);
    const offers = new Map([["v-1.000894", "PARTIAL" as const]]);
    const byAgency = searchCatalog(catalog, "", { agencyOffers: offers });
    expect(byAgency.map((r) => [r.entry.code, r.onlineLevel])).toEqual([["1.000894", "PARTIAL"]]);
    expect(searchCatalog(catalog, "", { agencyOffers: offers, onlineLevel: "FULL" })).toEqual([]);
  });

  it("lists everything alphabetically (Vietnamese order) without a query, and counts online levels", () => {
    const names = searchCatalog(catalog, "").map((r) => r.entry.name);
    expect(names[0]).toBe("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam");
    expect(names.at(-1)).toBe("Đăng ký lại khai sinh");
    expect(countByOnlineLevel(catalog)).toEqual({ FULL: 4, PARTIAL: 1, INFO: 1 });
  });
});

describe("procedure rules", () => {
  it("computes tiered, capped fees", () => {
    const certification = { name: "Lệ phí chứng thực", amount: 2000, per: "page" as const, tiers: [{ fromUnit: 1, amount: 2000 }, { fromUnit: 3, amount: 1000 }], cap: 200_000 };
    expect(feeFor(certification, 1)).toBe(2000);
    expect(feeFor(certification, 2)).toBe(4000);
    expect(feeFor(certification, 5)).toBe(7000);
    expect(feeFor(certification, 1000)).toBe(200_000);
    expect(feeFor({ name: "Bản sao trích lục", amount: 8000, per: "copy" }, 3)).toBe(24_000);
    expect(feeFor({ name: "Lệ phí", amount: 50_000, per: "case" }, 3)).toBe(50_000);
  });

  it("converts time limits to working hours and picks the best online level", () => {
    expect(workingHoursOf({ unit: "working_days", amount: 3 })).toBe(24);
    expect(workingHoursOf({ unit: "working_days", amount: 0.5 })).toBe(4);
    expect(workingHoursOf({ unit: "same_day", cutoff: "15:00" })).toBe(8);
    expect(workingHoursOf({ unit: "calendar_days", amount: 15 })).toBeNull();
    expect(bestOnlineLevel(["INFO", "PARTIAL"])).toBe("PARTIAL");
    expect(bestOnlineLevel(["PARTIAL", "FULL", "INFO"])).toBe("FULL");
  });
});
