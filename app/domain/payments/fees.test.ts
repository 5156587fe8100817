import { describe, expect, it } from "vitest";
import { feeKindOf } from "./fees";

describe("feeKindOf", () => {
  it.each([
    "Lệ phí đăng ký khai sinh",
    "lệ phí",
    "LỆ PHÍ CẤP GIẤY PHÉP",
    "Le phi dang ky ho tich",
    "  lệ  phí cấp bản sao",
    "Lệ phí: cấp đổi",
    // decomposed diacritics (NFD), as some keyboards and PDFs produce them
    "Lệ phí trước bạ".normalize("NFD"),
  ])("reads %j as lệ phí", (name) => {
    expect(feeKindOf(name)).toBe("le_phi");
  });

  it.each(["Phí thẩm định hồ sơ", "Phí cung cấp thông tin", "Phí khai thác lệ phí", "Lệphí", "Lệ phíx", ""])("reads %j as phí", (name) => {
    expect(feeKindOf(name)).toBe("phi");
  });
});
