import { describe, expect, it } from "vitest";
import {
  CCCD_PROVINCE_CODES,
  isCalendarDate,
  isCccd,
  isEmail,
  isIsoDate,
  isTaxCode,
  isVietnamesePhone,
  normalizePhone,
  normalizeTaxCode,
  parseCccd,
  parseVnd,
  taxCodeCheckDigit,
} from "./validators";

/** The rule written out independently of the implementation: Σ dᵢ·wᵢ, check = 10 − (Σ mod 11). */
function expectedCheckDigit(firstNine: string): number {
  const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(firstNine.charAt(i)), 0);
  return 10 - (sum % 11);
}

describe("phone numbers", () => {
  it("accept mobiles of every network prefix and normalise to the national form", () => {
    for (const n of ["0312345678", "0523456789", "0701234567", "0812345678", "0912345678"]) {
      expect(normalizePhone(n)).toBe(n);
    }
    expect(normalizePhone(" 0912 345 678 ")).toBe("0912345678");
    expect(normalizePhone("0912.345.678")).toBe("0912345678");
    expect(normalizePhone("0912-345-678")).toBe("0912345678");
    expect(normalizePhone("+84912345678")).toBe("0912345678");
    expect(normalizePhone("+84 91 234 5678")).toBe("0912345678");
    expect(normalizePhone("+84 0912345678")).toBe("0912345678");
  });

  it("accept landlines with a 2xx area code (Hà Giang 0219) and 10–11 digits", () => {
    expect(normalizePhone("02193866123")).toBe("02193866123");
    expect(normalizePhone("(0219) 3866 123")).toBe("02193866123");
    expect(normalizePhone("02438123456")).toBe("02438123456");
    expect(normalizePhone("0219386612")).toBe("0219386612");
    expect(normalizePhone("+842193866123")).toBe("02193866123");
  });

  it("reject wrong prefixes, lengths and letters", () => {
    for (const n of [
      "0112345678", // 01x was retired in 2018
      "0412345678",
      "0612345678",
      "091234567", // 9 digits
      "09123456789", // 11-digit mobile
      "021938661234", // 12-digit landline
      "912345678", // no trunk prefix
      "+8491234567", // +84 and 8 digits
      "0912345abc",
      "",
      "+1 202 555 0100",
    ]) {
      expect(isVietnamesePhone(n), n).toBe(false);
    }
  });
});

describe("personal identification numbers (CCCD)", () => {
  it("list the 63 province codes", () => {
    expect(CCCD_PROVINCE_CODES).toHaveLength(63);
    expect(new Set(CCCD_PROVINCE_CODES).size).toBe(63);
    expect(CCCD_PROVINCE_CODES).toContain("002"); // Hà Giang
    expect(CCCD_PROVINCE_CODES).toContain("096"); // Cà Mau
    expect(CCCD_PROVINCE_CODES).not.toContain("003");
    expect(CCCD_PROVINCE_CODES).not.toContain("000");
  });

  it("decode province, sex and year of birth from the century digit", () => {
    expect(parseCccd("002203012345", 2026)).toEqual({ provinceCode: "002", sex: "male", birthYear: 2003 });
    expect(parseCccd("001190012345", 2026)).toEqual({ provinceCode: "001", sex: "female", birthYear: 1990 });
    expect(parseCccd("079085000001", 2026)).toEqual({ provinceCode: "079", sex: "male", birthYear: 1985 });
    expect(parseCccd("096325000001", 2026)).toEqual({ provinceCode: "096", sex: "female", birthYear: 2025 });
    expect(parseCccd(" 002 203 012 345 ", 2026)).toEqual({ provinceCode: "002", sex: "male", birthYear: 2003 });
    // Later centuries decode too (and are accepted once they are not in the future).
    expect(parseCccd("002405000001", 2200)).toEqual({ provinceCode: "002", sex: "male", birthYear: 2105 });
    expect(parseCccd("002705000001", 2400)).toEqual({ provinceCode: "002", sex: "female", birthYear: 2205 });
    expect(parseCccd("002905000001", 2400)).toEqual({ provinceCode: "002", sex: "female", birthYear: 2305 });
  });

  it("reject unknown provinces, wrong lengths and years of birth in the future", () => {
    expect(parseCccd("003203012345", 2026)).toBeNull(); // 003 is not a province code
    expect(parseCccd("097203012345", 2026)).toBeNull();
    expect(parseCccd("00220301234", 2026)).toBeNull(); // 11 digits
    expect(parseCccd("0022030123456", 2026)).toBeNull(); // 13 digits
    expect(parseCccd("00220301234a", 2026)).toBeNull();
    expect(parseCccd("002227012345", 2026)).toBeNull(); // born 2027
    expect(parseCccd("002226012345", 2026)).not.toBeNull(); // born 2026
    expect(parseCccd("002405000001", 2026)).toBeNull(); // 22nd century
    expect(isCccd("002203012345")).toBe(true);
  });
});

describe("tax codes", () => {
  it("compute the mod-11 check digit", () => {
    expect(taxCodeCheckDigit("010010910")).toBe(6); // 0100109106
    expect(taxCodeCheckDigit("031234567")).toBe(expectedCheckDigit("031234567"));
    expect(taxCodeCheckDigit("031234567")).toBe(3);
    for (const nine of ["510000000", "480012345", "010167890", "020045678"]) {
      const expected = expectedCheckDigit(nine);
      expect(taxCodeCheckDigit(nine)).toBe(expected === 10 ? null : expected);
    }
  });

  it("accept 10-digit codes and 13-character branch codes, with or without the dash", () => {
    expect(normalizeTaxCode("0100109106")).toBe("0100109106");
    expect(normalizeTaxCode(" 0100109106 ")).toBe("0100109106");
    expect(normalizeTaxCode("0312345673")).toBe("0312345673");
    expect(normalizeTaxCode("0100109106-001")).toBe("0100109106-001");
    expect(normalizeTaxCode("0100109106001")).toBe("0100109106-001");
    const nine = "510012345";
    const check = expectedCheckDigit(nine);
    if (check !== 10) expect(isTaxCode(`${nine}${check}`)).toBe(true);
  });

  it("reject a wrong check digit, wrong lengths and branch 000", () => {
    expect(isTaxCode("0100109107")).toBe(false);
    expect(isTaxCode("0312345679")).toBe(false);
    expect(isTaxCode("010010910")).toBe(false);
    expect(isTaxCode("01001091066")).toBe(false);
    expect(isTaxCode("0100109106-01")).toBe(false);
    expect(isTaxCode("0100109106-000")).toBe(false);
    expect(isTaxCode("0100109107-001")).toBe(false);
    expect(isTaxCode("01OO109106")).toBe(false);
  });

  it("have no valid code when the check would be 10", () => {
    // Find 9 digits whose weighted sum is a multiple of 11: none of the 10 possible codes is valid.
    let nine = "";
    for (let n = 100_000_000; n < 100_100_000; n++) {
      if (expectedCheckDigit(String(n)) === 10) {
        nine = String(n);
        break;
      }
    }
    expect(nine).not.toBe("");
    expect(taxCodeCheckDigit(nine)).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isTaxCode(`${nine}${d}`)).toBe(false);
  });
});

describe("e-mail", () => {
  it("uses zod's rule", () => {
    expect(isEmail("nguyen.van.a@hagiang.gov.vn")).toBe(true);
    expect(isEmail(" mai@example.com ")).toBe(true);
    expect(isEmail("mai@")).toBe(false);
    expect(isEmail("mai example.com")).toBe(false);
  });
});

describe("money in đồng", () => {
  it("reads plain digits and thousands grouped by dots, commas or spaces", () => {
    expect(parseVnd("1200000")).toBe(1_200_000);
    expect(parseVnd("1.200.000")).toBe(1_200_000);
    expect(parseVnd("1,200,000")).toBe(1_200_000);
    expect(parseVnd("1 200 000")).toBe(1_200_000);
    expect(parseVnd("1\u00a0200\u00a0000 ₫")).toBe(1_200_000);
    expect(parseVnd("50.000.000 đ")).toBe(50_000_000);
    expect(parseVnd("50.000.000 VND")).toBe(50_000_000);
    expect(parseVnd("50.000.000 đồng")).toBe(50_000_000);
    expect(parseVnd("0")).toBe(0);
    expect(parseVnd("500")).toBe(500);
  });

  it("rejects decimals, signs, bad grouping and mixed separators", () => {
    for (const v of [
      "1200000.5",
      "1.200.000,50",
      "1,200,000.00",
      "-500",
      "+500",
      "1.20.000",
      "1.200,000",
      "12.00",
      "",
      "abc",
      "1e6",
    ]) {
      expect(parseVnd(v), v).toBeNull();
    }
    expect(parseVnd("99999999999999999999")).toBeNull(); // beyond safe integers
  });
});

describe("dates", () => {
  it("know real calendar dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-04-31")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(isIsoDate("today")).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
  });
});
