import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { pdfObjects, pdfText, popplerText } from "../dossiers/pdf-text.test-helper";
import { noticePayload, paymentNoticePdf, vietQrSvg, type PaymentNotice } from "./notice-pdf.server";
import { parseVietQr, VietQrError } from "./vietqr";

const REF = "PAY261129106105Z";
const notice: PaymentNotice = {
  payer: { name: "Lò Thị Mai", idNumber: "002190012345", address: null },
  dossierCode: "000.01.01.H22-261129-0001",
  procedureName: "Đăng ký khai sinh",
  lines: [
    { name: "Lệ phí đăng ký khai sinh", quantity: 1, amount: 30000 },
    { name: "Phí cấp bản sao trích lục", quantity: 2, amount: 20000 },
  ],
  total: 50000,
  beneficiary: { accountName: "UBND XA PHUONG DO", account: "1234567890123", bankName: "BIDV – Chi nhánh Hà Giang", bankBin: "970418" },
  reference: REF,
  purpose: `DVC ${REF} LE PHI HS H22-261129-0001`,
  deadline: "2026-11-30T02:35:00.000Z",
};
const payloadBody = "00020101021238570010A00000072701270006970418011312345678901230208QRIBFTTA53037045405500005802VN62700116PAY261129106105Z0846DVC PAY261129106105Z LE PHI HS H22-261129-0001";

async function render(n: PaymentNotice, lng: "vi" | "en" = "vi") {
  const t = (await createServerI18n(lng, ["payments"])).getFixedT(lng, "payments");
  return paymentNoticePdf(n, { t, now: new Date("2026-11-29T03:00:00Z") });
}

/** The QR image's modules against the matrix qrcode computes for `text` (no QR decoder is installed here). */
function qrMismatches(pdf: Buffer, text: string): number {
  const image = [...pdfObjects(pdf).values()].find((o) => /\/Subtype \/Image/.test(o.dict) && /\/ColorSpace \/DeviceRGB/.test(o.dict))!;
  const width = Number(/\/Width (\d+)/.exec(image.dict)?.[1]);
  const expected = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
  if (width !== (expected.size + 4) * 4) return Infinity;
  const dark = (r: number, c: number) => image.stream![(((r + 2) * 4 + 2) * width + (c + 2) * 4 + 2) * 3]! < 128;
  let mismatches = 0;
  for (let r = 0; r < expected.size; r++) for (let c = 0; c < expected.size; c++) if (dark(r, c) !== Boolean(expected.get(r, c))) mismatches++;
  return mismatches;
}

describe("the payment notice", () => {
  it("builds the VietQR payload from the account, total, reference and purpose, and it parses back", () => {
    const built = noticePayload(notice);
    expect(built.slice(0, -4)).toBe(`${payloadBody}6304`);
    expect(parseVietQr(built)).toEqual({ bankBin: "970418", account: "1234567890123", amount: 50000, bill: REF, purpose: notice.purpose });
  });

  it("is one page with the payer, dossier, lines, total in figures and words, account, description, reference and deadline", async () => {
    const pdf = await render(notice);
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(1);
    const text = (popplerText(pdf) ?? pdfText(pdf)).replace(/\s+/g, " ");
    for (const expected of [
      "GIẤY BÁO NỘP PHÍ, LỆ PHÍ",
      "Người nộp: Lò Thị Mai",
      "Mã hồ sơ: 000.01.01.H22-261129-0001",
      "Thủ tục: Đăng ký khai sinh",
      "1 Lệ phí đăng ký khai sinh 1 30.000",
      "2 Phí cấp bản sao trích lục 2 20.000",
      "Tổng cộng 50.000",
      "Số tiền bằng chữ: Năm mươi nghìn đồng",
      "Tên tài khoản: UBND XA PHUONG DO",
      "Số tài khoản: 1234567890123",
      "Ngân hàng: BIDV – Chi nhánh Hà Giang",
      "Số tiền: 50.000 đồng",
      `Nội dung chuyển khoản: DVC ${REF} LE PHI HS H22-261129-0001`,
      `Mã thanh toán: ${REF}`,
      "Hạn nộp: 30/11/2026 09:35",
      "In lúc 29/11/2026 10:00",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("draws the QR code of exactly that payload", async () => {
    const pdf = await render(notice);
    expect(qrMismatches(pdf, noticePayload(notice))).toBe(0);
    // and not of a payload one character away (the comparison can fail)
    expect(qrMismatches(pdf, noticePayload({ ...notice, total: 50001, lines: [{ name: "x", quantity: 1, amount: 50001 }] }))).toBeGreaterThan(0);
  });

  it("reads in English too", async () => {
    const text = pdfText(await render(notice, "en")).replace(/\s+/g, " ");
    expect(text).toContain("NOTICE OF FEES AND CHARGES TO PAY");
    expect(text).toContain(`Transfer description: DVC ${REF} LE PHI HS H22-261129-0001`);
    expect(text).toContain("Amount: VND 50.000");
    expect(text).toContain("Pay by: 30/11/2026 09:35");
  });

  it("refuses a total that is not the sum, a description without the reference, and bad account data", async () => {
    await expect(render({ ...notice, total: 60000 })).rejects.toThrow(RangeError);
    await expect(render({ ...notice, purpose: "LE PHI HS H22-261129-0001" })).rejects.toThrow(RangeError);
    await expect(render({ ...notice, purpose: `DVC ${REF} LỆ PHÍ` })).rejects.toThrow(VietQrError); // diacritics
    await expect(render({ ...notice, beneficiary: { ...notice.beneficiary, bankBin: "BIDV" } })).rejects.toThrow(VietQrError);
  });
});

describe("vietQrSvg", () => {
  it("is the same QR code as SVG, scalable (viewBox), labelled with an escaped title", async () => {
    const svg = await vietQrSvg(noticePayload(notice), "Mã VietQR <chuyển khoản> 50.000 đồng & nội dung");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"[^>]* role="img"><title>Mã VietQR &#60;chuyển khoản&#62; 50\.000 đồng &#38; nội dung<\/title>/);
    const size = QRCode.create(noticePayload(notice), { errorCorrectionLevel: "M" }).modules.size;
    expect(svg).toContain(`viewBox="0 0 ${size + 4} ${size + 4}"`);
    expect(svg.replace(/<title>.*?<\/title>/, "").replace(' role="img"', "")).toBe(await QRCode.toString(noticePayload(notice), { type: "svg", errorCorrectionLevel: "M", margin: 2 }));
  });
});
