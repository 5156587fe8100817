import { describe, expect, it } from "vitest";
import { amountInWords } from "./amount-words";

describe("amounts in words (số tiền bằng chữ)", () => {
  it("reads the amounts the issue names", () => {
    expect(amountInWords(0)).toBe("Không đồng");
    expect(amountInWords(1_005)).toBe("Một nghìn không trăm lẻ năm đồng");
    expect(amountInWords(15_000_000)).toBe("Mười lăm triệu đồng");
    expect(amountInWords(1_000_000_000_000)).toBe("Một nghìn tỷ đồng");
  });

  it("reproduces the readings of shared/domain/payments.md §4.1", () => {
    expect(amountInWords(50_000)).toBe("Năm mươi nghìn đồng");
    expect(amountInWords(105_000)).toBe("Một trăm lẻ năm nghìn đồng");
    expect(amountInWords(2_000_015)).toBe("Hai triệu không trăm mười lăm đồng");
    expect(amountInWords(10_001)).toBe("Mười nghìn không trăm lẻ một đồng");
    expect(amountInWords(1_250_500)).toBe("Một triệu hai trăm năm mươi nghìn năm trăm đồng");
  });

  it("says mốt, lăm, tư, mười and lẻ where Vietnamese does", () => {
    expect(amountInWords(21)).toBe("Hai mươi mốt đồng");
    expect(amountInWords(11)).toBe("Mười một đồng");
    expect(amountInWords(15)).toBe("Mười lăm đồng");
    expect(amountInWords(25)).toBe("Hai mươi lăm đồng");
    expect(amountInWords(5)).toBe("Năm đồng");
    expect(amountInWords(24)).toBe("Hai mươi tư đồng");
    expect(amountInWords(14)).toBe("Mười bốn đồng");
    expect(amountInWords(101)).toBe("Một trăm lẻ một đồng");
    expect(amountInWords(110)).toBe("Một trăm mười đồng");
    expect(amountInWords(1_000_000_005)).toBe("Một tỷ không trăm lẻ năm đồng");
    expect(amountInWords(2_500_000_000)).toBe("Hai tỷ năm trăm triệu đồng");
    expect(amountInWords(10n ** 18n)).toBe("Một tỷ tỷ đồng");
  });

  it("refuses what is not a whole, non-negative amount", () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
    expect(() => amountInWords(-1n)).toThrow(RangeError);
  });
});
