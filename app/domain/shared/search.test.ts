import { describe, expect, it } from "vitest";
import { foldForSearch, searchTokens } from "./search";

describe("foldForSearch", () => {
  it("meets typed Vietnamese with or without diacritics, in any case", () => {
    const stored = foldForSearch("Đăng ký khai sinh");
    expect(stored).toBe("dang ky khai sinh");
    expect(foldForSearch("dang ky khai sinh")).toBe(stored);
    expect(foldForSearch("ĐĂNG KÝ KHAI SINH")).toBe(stored);
    expect(foldForSearch("đăng  ký,khai-sinh!")).toBe(stored);
    // Letters with two diacritics (ế, ộ, ổ) fold completely.
    expect(foldForSearch("Cấp hộ chiếu phổ thông; kết hôn")).toBe("cap ho chieu pho thong ket hon");
  });

  it("keeps procedure codes whole", () => {
    expect(foldForSearch("Mã 1.001193.")).toBe("ma 1.001193");
    expect(foldForSearch("000.00.00.H22")).toBe("000.00.00.h22");
  });

  it("neutralises search syntax", () => {
    expect(foldForSearch('"khai" * sinh: (OR) -x')).toBe("khai sinh or x");
  });
});

describe("searchTokens", () => {
  it("splits, de-duplicates and bounds the tokens", () => {
    expect(searchTokens("Khai sinh khai SINH")).toEqual(["khai", "sinh"]);
    expect(searchTokens("a ".repeat(300))).toEqual(["a"]);
    expect(searchTokens("x".repeat(500))).toEqual(["x".repeat(40)]);
    expect(searchTokens(Array.from({ length: 20 }, (_, i) => `t${i}`).join(" "))).toHaveLength(8);
    expect(searchTokens("  ")).toEqual([]);
  });
});
