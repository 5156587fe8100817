import { describe, expect, it } from "vitest";
import { canonicalString, messageChecksum, parseVnpayTimestamp, paymentUrl, pipeChecksum, QUERYDR_REQUEST_FIELDS, verifySignature, vnpayTimestamp, VnpayError } from "./vnpay.server";

// The test vectors of shared/domain/payments.md §2.4 (computed for this project with node:crypto, the vnpay package
// and OpenSSL): the payment URL (V1), the IPN / return signature (V2) and the querydr checksum (V3).

const SECRET = "DVCTESTSECRET0123456789ABCDEFGHIJ";
const V1 = {
  vnp_Version: "2.1.0",
  vnp_Command: "pay",
  vnp_TmnCode: "DVCHG001",
  vnp_Amount: "5000000",
  vnp_CurrCode: "VND",
  vnp_TxnRef: "PAY2611290001A",
  vnp_OrderInfo: "Thanh toan le phi ho so H24-261129-0001: 50000 VND",
  vnp_OrderType: "other",
  vnp_Locale: "vn",
  vnp_ReturnUrl: "https://dichvucong.example.gov.vn/thanh-toan/ket-qua?src=vnpay",
  vnp_IpAddr: "203.0.113.7",
  vnp_CreateDate: "20261129093000",
  vnp_ExpireDate: "20261129094500",
};

describe("VNPay 2.1.0 signatures", () => {
  it("signs the payment URL exactly as V1", () => {
    expect(canonicalString(V1)).toBe(
      "vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20261129093000&vnp_CurrCode=VND&vnp_ExpireDate=20261129094500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+le+phi+ho+so+H24-261129-0001%3A+50000+VND&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.example.gov.vn%2Fthanh-toan%2Fket-qua%3Fsrc%3Dvnpay&vnp_TmnCode=DVCHG001&vnp_TxnRef=PAY2611290001A&vnp_Version=2.1.0",
    );
    const url = new URL(paymentUrl("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", V1, SECRET));
    expect(url.searchParams.get("vnp_SecureHash")).toBe("3b31a7c61d1d6c97829027272f9e8dcd3eb6709da0a169b1123aadba987c364d56355a2b2264ea1869337ff9778e3bcadb116a9ce6d2c7e815dae340aab3350c");
    // What the gateway receives verifies.
    expect(verifySignature(Object.fromEntries(url.searchParams), SECRET)).toBe(true);
  });

  it("verifies the IPN of V2 (vnp_SecureHashType excluded) and refuses a changed amount or another secret", () => {
    const ipn: Record<string, string> = {
      vnp_Amount: "5000000",
      vnp_BankCode: "NCB",
      vnp_BankTranNo: "VNP15123456",
      vnp_CardType: "ATM",
      vnp_OrderInfo: V1.vnp_OrderInfo,
      vnp_PayDate: "20261129093512",
      vnp_ResponseCode: "00",
      vnp_TmnCode: "DVCHG001",
      vnp_TransactionNo: "15123456",
      vnp_TransactionStatus: "00",
      vnp_TxnRef: "PAY2611290001A",
      vnp_SecureHashType: "HmacSHA512",
      vnp_SecureHash: "dc0bed51d2c806dcdae88fcb68ea4760e3d17e2cf86510af29e7a415662fabd69edf4a0eebbf9bc7f2fd08b09c18f7aad1a814c8165736b8f40428f04dbcd7e3",
    };
    expect(verifySignature(ipn, SECRET)).toBe(true);
    expect(verifySignature({ ...ipn, vnp_SecureHash: ipn.vnp_SecureHash!.toUpperCase() }, SECRET)).toBe(true);
    expect(verifySignature({ ...ipn, vnp_Amount: "500000" }, SECRET)).toBe(false);
    expect(verifySignature(ipn, `${SECRET}x`)).toBe(false);
    expect(verifySignature({ ...ipn, vnp_SecureHash: "00" }, SECRET)).toBe(false);
    // A parameter outside vnp_ (a tracking tag added to the return URL) does not change the signature.
    expect(verifySignature({ ...ipn, src: "vnpay" }, SECRET)).toBe(true);
  });

  it("computes the querydr checksum of V3", () => {
    const expected = "2c0783e38a8e68d2721a709eef3fa4b1f88c065b64cec57deaffa3cb8e35677b98d01e206d3964d8c4553abf0d51a52b865e4a568ea3066dd4749ebb9c283a7b";
    expect(pipeChecksum(["REQ2611300001", "2.1.0", "querydr", "DVCHG001", "PAY2611290001A", "20261129093000", "20261130020000", "203.0.113.10", "Doi soat giao dich PAY2611290001A"], SECRET)).toBe(expected);
    const message = {
      vnp_RequestId: "REQ2611300001",
      vnp_Version: "2.1.0",
      vnp_Command: "querydr",
      vnp_TmnCode: "DVCHG001",
      vnp_TxnRef: "PAY2611290001A",
      vnp_TransactionDate: "20261129093000",
      vnp_CreateDate: "20261130020000",
      vnp_IpAddr: "203.0.113.10",
      vnp_OrderInfo: "Doi soat giao dich PAY2611290001A",
    };
    expect(messageChecksum(QUERYDR_REQUEST_FIELDS, message, SECRET)).toBe(expected);
  });

  it("writes dates in Vietnam time whatever the server's time zone, and reads them back", () => {
    const at = new Date("2026-11-29T02:30:00.000Z");
    expect(vnpayTimestamp(at)).toBe("20261129093000");
    expect(vnpayTimestamp(new Date("2026-11-29T17:05:09.000Z"))).toBe("20261130000509");
    expect(parseVnpayTimestamp("20261129093000")?.toISOString()).toBe(at.toISOString());
    expect(parseVnpayTimestamp("2026112909300")).toBeNull();
  });

  it("never sends an empty parameter, an OrderInfo with diacritics, or an expiry before the creation", () => {
    const url = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";
    expect(() => paymentUrl(url, { ...V1, vnp_BankCode: "" }, SECRET)).toThrow(VnpayError);
    expect(() => paymentUrl(url, { ...V1, vnp_OrderInfo: "Lệ phí hồ sơ" }, SECRET)).toThrow(VnpayError);
    expect(() => paymentUrl(url, { ...V1, vnp_OrderInfo: "Le phi (ho so)" }, SECRET)).toThrow(VnpayError);
    expect(() => paymentUrl(url, { ...V1, vnp_ExpireDate: "20261129092959" }, SECRET)).toThrow(VnpayError);
  });
});
