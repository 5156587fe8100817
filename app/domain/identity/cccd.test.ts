import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CCCD_PROVINCES, cccdErrorKey, cccdSchema, checkCccd, makeCccdSchema, normaliseCccd, refineCccdBirthDate } from "./cccd";
import { identityErrors } from "./errors";

const Y = { currentYear: 2026 };

describe("the province table", () => {
  it("lists the 63 provinces once each, from 001 Hà Nội to 096 Cà Mau", () => {
    expect(CCCD_PROVINCES).toHaveLength(63);
    expect(new Set(CCCD_PROVINCES.map((p) => p.code)).size).toBe(63);
    expect(new Set(CCCD_PROVINCES.map((p) => p.name)).size).toBe(63);
    for (const p of CCCD_PROVINCES) expect(p.code).toMatch(/^0\d\d$/);
    expect(CCCD_PROVINCES[0]).toEqual({ code: "001", name: "Hà Nội" });
    expect(CCCD_PROVINCES.at(-1)).toEqual({ code: "096", name: "Cà Mau" });
    expect(CCCD_PROVINCES.find((p) => p.code === "002")?.name).toBe("Hà Giang");
    expect(CCCD_PROVINCES.find((p) => p.code === "079")?.name).toBe("Hồ Chí Minh");
    // Codes in ascending order, with the gaps of the official list (003, 005, 007 … are not used).
    const codes = CCCD_PROVINCES.map((p) => p.code);
    expect([...codes].sort()).toEqual(codes);
    for (const unused of ["000", "003", "005", "028", "029", "097", "099"]) expect(codes).not.toContain(unused);
  });

  it("has Vietnamese names in NFC", () => {
    for (const p of CCCD_PROVINCES) expect(p.name).toBe(p.name.normalize("NFC"));
  });
});

describe("checkCccd", () => {
  it.each([
    // value, province, name, sex, year
    ["002203012345", "002", "Hà Giang", "male", 2003],
    ["002303004512", "002", "Hà Giang", "female", 2003],
    ["001190012345", "001", "Hà Nội", "female", 1990],
    ["079085000001", "079", "Hồ Chí Minh", "male", 1985],
    ["096325000001", "096", "Cà Mau", "female", 2025],
    ["038099123456", "038", "Thanh Hóa", "male", 1999],
    ["031100654321", "031", "Hải Phòng", "female", 1900],
    ["048226999999", "048", "Đà Nẵng", "male", 2026],
  ] as const)("reads %s", (value, provinceCode, provinceName, sex, birthYear) => {
    expect(checkCccd(value, undefined, Y)).toEqual({ ok: true, value, provinceCode, provinceName, sex, birthYear });
  });

  it("tolerates spaces (including no-break spaces) between digit groups and around the number", () => {
    const r = checkCccd(" 002 203 012\u00a0345 ", undefined, Y);
    expect(r).toMatchObject({ ok: true, value: "002203012345" });
    // Full-width digits (some Asian input methods) are read as digits.
    expect(checkCccd("００２２０３０１２３４５", undefined, Y)).toMatchObject({ ok: true, value: "002203012345" });
  });

  it.each([
    ["", "format"],
    ["00220301234", "format"], // 11 digits
    ["0022030123456", "format"], // 13 digits
    ["00220301234a", "format"],
    ["002-203-012-345", "format"],
    ["+84002203012345", "format"],
    ["002203O12345", "format"], // letter O
    ["000203012345", "province"],
    ["003203012345", "province"],
    ["097203012345", "province"],
    ["100203012345", "province"],
    ["002227012345", "birthYear"], // born 2027
    ["002405000001", "birthYear"], // 2105
    ["002999999999", "birthYear"], // 2399
  ] as const)("refuses %j: %s", (value, reason) => {
    expect(checkCccd(value, undefined, Y)).toEqual({ ok: false, reason });
  });

  it("decodes later centuries once they have come", () => {
    expect(checkCccd("002405000001", undefined, { currentYear: 2200 })).toMatchObject({ ok: true, sex: "male", birthYear: 2105 });
    expect(checkCccd("002505000001", undefined, { currentYear: 2200 })).toMatchObject({ ok: true, sex: "female", birthYear: 2105 });
    expect(checkCccd("002605000001", undefined, { currentYear: 2400 })).toMatchObject({ ok: true, sex: "male", birthYear: 2205 });
    expect(checkCccd("002705000001", undefined, { currentYear: 2400 })).toMatchObject({ ok: true, sex: "female", birthYear: 2205 });
    expect(checkCccd("002805000001", undefined, { currentYear: 2400 })).toMatchObject({ ok: true, sex: "male", birthYear: 2305 });
    expect(checkCccd("002999000001", undefined, { currentYear: 2400 })).toMatchObject({ ok: true, sex: "female", birthYear: 2399 });
  });

  it("compares the full year of a date of birth", () => {
    expect(checkCccd("002203012345", "2003-07-15", Y)).toMatchObject({ ok: true, birthYear: 2003 });
    expect(checkCccd("002203012345", "1903-07-15", Y)).toEqual({ ok: false, reason: "birthYear" }); // same two digits, other century
    expect(checkCccd("002203012345", "2004-01-01", Y)).toEqual({ ok: false, reason: "birthYear" });
    expect(checkCccd("002103012345", "1903-07-15", Y)).toMatchObject({ ok: true, sex: "female", birthYear: 1903 });
    // A malformed date is left to the date field.
    expect(checkCccd("002203012345", "15/07/2004", Y)).toMatchObject({ ok: true });
    // Structure errors come first.
    expect(checkCccd("003203012345", "2004-01-01", Y)).toEqual({ ok: false, reason: "province" });
  });

  it("uses this year in Vietnam by default", () => {
    const thisYear = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(new Date()));
    const yy = String(thisYear % 100).padStart(2, "0");
    const nextYy = String((thisYear + 1) % 100).padStart(2, "0");
    const century = String(2 * Math.floor((thisYear - 1900) / 100));
    expect(checkCccd(`002${century}${yy}000001`)).toMatchObject({ ok: true, birthYear: thisYear });
    if (nextYy !== "00") expect(checkCccd(`002${century}${nextYy}000001`)).toEqual({ ok: false, reason: "birthYear" });
  });

  it("normalises by removing spaces only", () => {
    expect(normaliseCccd(" 002 203\t012 345\n")).toBe("002203012345");
    expect(normaliseCccd("002.203")).toBe("002.203");
  });
});

describe("cccdSchema", () => {
  it("outputs the 12 digits", () => {
    expect(cccdSchema.parse(" 002 203 012 345 ")).toBe("002203012345");
  });

  it("gives i18n keys as messages", () => {
    const message = (v: unknown) => cccdSchema.safeParse(v).error?.issues[0]?.message;
    expect(message("12345")).toBe(identityErrors.cccdFormat);
    expect(message("003203012345")).toBe(identityErrors.cccdProvince);
    expect(message("002999999999")).toBe(identityErrors.cccdBirthYear);
    expect(message("   ")).toBe(identityErrors.cccdRequired);
    expect(message(undefined)).toBe(identityErrors.cccdRequired);
    expect(message(12)).toBe(identityErrors.cccdRequired);
    expect(cccdSchema.safeParse("002203012345").success).toBe(true);
  });

  it("can be given the present year", () => {
    expect(makeCccdSchema({ currentYear: 2002 }).safeParse("002203012345").success).toBe(false);
    expect(makeCccdSchema({ currentYear: 2003 }).safeParse("002203012345").success).toBe(true);
  });

  it("maps every reason to a key", () => {
    expect(cccdErrorKey("format")).toBe(identityErrors.cccdFormat);
    expect(cccdErrorKey("province")).toBe(identityErrors.cccdProvince);
    expect(cccdErrorKey("birthYear")).toBe(identityErrors.cccdBirthYear);
  });
});

describe("refineCccdBirthDate", () => {
  const form = z
    .object({ cccd: cccdSchema, birthDate: z.string() })
    .superRefine(refineCccdBirthDate("cccd", "birthDate"));

  it("accepts a number whose year of birth is the date's", () => {
    expect(form.parse({ cccd: "002 203 012 345", birthDate: "2003-02-28" })).toEqual({ cccd: "002203012345", birthDate: "2003-02-28" });
  });

  it("reports a mismatch on the number's field", () => {
    const result = form.safeParse({ cccd: "002203012345", birthDate: "2002-12-31" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["cccd"], message: identityErrors.cccdBirthDateMismatch })]);
  });

  it("says nothing when a value is malformed (its own field reports it)", () => {
    const refine = refineCccdBirthDate("cccd", "birthDate");
    const issues: unknown[] = [];
    const ctx = { addIssue: (i: unknown) => issues.push(i) } as unknown as z.core.$RefinementCtx;
    refine({ cccd: "12", birthDate: "2002-12-31" }, ctx);
    refine({ cccd: "002203012345", birthDate: "31/12/2002" }, ctx);
    refine({ cccd: "002203012345" }, ctx);
    refine({ cccd: undefined, birthDate: "2002-12-31" }, ctx);
    expect(issues).toEqual([]);
    refine({ cccd: "002203012345", birthDate: "2002-12-31" }, ctx);
    expect(issues).toHaveLength(1);
  });
});
