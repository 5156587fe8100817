import { describe, expect, it } from "vitest";
import { crc16CcittFalse, parseVietQr, vietQrPayload, VietQrError } from "./vietqr";

// The vectors of shared/domain/payments.md §3, computed for this project and cross-checked there against the
// vietnam-qr-pay package.

describe("VietQR", () => {
  it("computes CRC-16/CCITT-FALSE (the standard check value of '123456789' is 29B1)", () => {
    expect(crc16CcittFalse("123456789")).toBe("29B1");
  });

  it("builds the example payload byte for byte, CRC FF19 included", () => {
    const payload = vietQrPayload({ bankBin: "970418", account: "1234567890123", amount: 50_000, bill: "PAY2611290001A", purpose: "DVC PAY2611290001A LE PHI HS H24-261129-0001" });
    expect(payload).toBe(
      "00020101021238570010A00000072701270006970418011312345678901230208QRIBFTTA53037045405500005802VN62660114PAY2611290001A0844DVC PAY2611290001A LE PHI HS H24-261129-00016304FF19",
    );
    expect(parseVietQr(payload)).toEqual({ bankBin: "970418", account: "1234567890123", amount: 50_000, bill: "PAY2611290001A", purpose: "DVC PAY2611290001A LE PHI HS H24-261129-0001" });
  });

  it("refuses what would build a corrupt payload, and a payload whose CRC does not match", () => {
    const base = { bankBin: "970418", account: "1234567890123", amount: 50_000, bill: "PAY2611290001A", purpose: "DVC PAY2611290001A" };
    expect(() => vietQrPayload({ ...base, purpose: "Lệ phí" })).toThrow(VietQrError);
    expect(() => vietQrPayload({ ...base, purpose: "X".repeat(100) })).toThrow(VietQrError);
    expect(() => vietQrPayload({ ...base, amount: 0 })).toThrow(VietQrError);
    expect(() => vietQrPayload({ ...base, amount: 500_000_000 })).toThrow(VietQrError);
    expect(() => vietQrPayload({ ...base, bankBin: "97041" })).toThrow(VietQrError);
    const payload = vietQrPayload(base);
    expect(() => parseVietQr(payload.replace("50000", "90000"))).toThrow(/CRC/);
  });
});
