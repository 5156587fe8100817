import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { pdfObjects, pdfText, popplerText } from "../dossiers/pdf-text.test-helper";
import { receiptNumber, receiptPdf, type ReceiptDocument } from "./receipt-pdf.server";

const receipt: ReceiptDocument = {
  typeName: "Biên lai thu phí, lệ phí không in sẵn mệnh giá",
  templateSymbol: "01BLP0-001",
  series: "BL-26E",
  number: 1,
  issuedAt: "2026-11-29T02:35:00.000Z",
  kind: "le_phi",
  collector: { name: "UBND xã Phương Độ", taxCode: "5100123456", address: "Thôn Phương Thiện, xã Phương Độ, tỉnh Hà Giang" },
  payer: { name: "Lò Thị Mai", idNumber: "002190012345", address: "Thôn Lùng Tám, huyện Quản Bạ" },
  dossierCode: "000.01.01.H22-261129-0001",
  procedureName: "Đăng ký khai sinh",
  lines: [
    { name: "Lệ phí đăng ký khai sinh", quantity: 1, amount: 30000 },
    { name: "Lệ phí cấp bản sao trích lục", quantity: 2, amount: 20000 },
  ],
  total: 50000,
  method: "vnpay",
  providerTxnNo: "15123456",
  reference: "PAY261129106105Z",
  status: "issued",
};
const origin = "https://dichvucong.hagiang.gov.vn";

async function textOf(doc: ReceiptDocument, lng: "vi" | "en" = "vi"): Promise<{ pdf: Buffer; text: string }> {
  const t = (await createServerI18n(lng, ["payments"])).getFixedT(lng, "payments");
  const pdf = await receiptPdf(doc, { t, origin });
  // Poppler where installed (.ci/run), else the small reader the dossiers' tests use.
  const text = (popplerText(pdf) ?? pdfText(pdf)).replace(/\s+/g, " ");
  return { pdf, text };
}

describe("the e-receipt PDF", () => {
  it("carries the content Decree 123 Art. 32(2) requires, in Vietnamese", async () => {
    const { pdf, text } = await textOf(receipt);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    for (const expected of [
      "BIÊN LAI THU PHÍ, LỆ PHÍ KHÔNG IN SẴN MỆNH GIÁ",
      "Loại khoản thu: Lệ phí",
      "Mẫu số: 01BLP0-001",
      "Ký hiệu: BL-26E",
      "Số: 0000001",
      "UBND XÃ PHƯƠNG ĐỘ",
      "Mã số thuế: 5100123456",
      "Thôn Phương Thiện, xã Phương Độ, tỉnh Hà Giang",
      "Người nộp: Lò Thị Mai",
      "Số định danh cá nhân: 002190012345",
      "Thôn Lùng Tám, huyện Quản Bạ",
      "Mã hồ sơ: 000.01.01.H22-261129-0001",
      "Thủ tục: Đăng ký khai sinh",
      "STT Tên khoản thu Số lượng Số tiền (đồng)",
      "1 Lệ phí đăng ký khai sinh 1 30.000",
      "2 Lệ phí cấp bản sao trích lục 2 20.000",
      "Tổng cộng 50.000",
      "Tổng cộng: 50.000 đồng",
      "Số tiền bằng chữ: Năm mươi nghìn đồng",
      "Hình thức thanh toán: Thanh toán trực tuyến qua VNPAY",
      "Mã giao dịch: 15123456",
      "Mã thanh toán: PAY261129106105Z",
      "Ngày lập: 29/11/2026 09:35", // Vietnam time
      "Biên lai điện tử được lập trên Cổng Dịch vụ công tỉnh Hà Giang.",
      "https://dichvucong.hagiang.gov.vn/dossiers/track?code=000.01.01.H22-261129-0001",
    ]) {
      expect(text).toContain(expected);
    }
    expect(pdfText(pdf)).not.toContain("ĐÃ HỦY");
    const info = pdf.toString("latin1");
    expect(info).toContain("/Keywords"); // form, series, number and dossier in the document information
  });

  it("embeds Be Vietnam Pro and a QR code of the dossier's tracking page", async () => {
    const { pdf } = await textOf(receipt);
    const objects = [...pdfObjects(pdf).values()];
    const descriptors = objects.filter((o) => o.dict.includes("/FontFile2"));
    expect(descriptors.map((o) => /\/FontName \/(\S+)/.exec(o.dict)?.[1]?.replace(/^[A-Z]{6}\+/, ""))).toEqual(expect.arrayContaining(["BeVietnamPro-Regular", "BeVietnamPro-Bold"]));
    const image = objects.find((o) => /\/Subtype \/Image/.test(o.dict) && /\/ColorSpace \/DeviceRGB/.test(o.dict))!;
    const width = Number(/\/Width (\d+)/.exec(image.dict)?.[1]);
    const expected = QRCode.create(`${origin}/dossiers/track?code=000.01.01.H22-261129-0001`, { errorCorrectionLevel: "M" }).modules;
    expect(width).toBe((expected.size + 4) * 4);
    const dark = (r: number, c: number) => image.stream![(((r + 2) * 4 + 2) * width + (c + 2) * 4 + 2) * 3]! < 128;
    let mismatches = 0;
    for (let r = 0; r < expected.size; r++) for (let c = 0; c < expected.size; c++) if (dark(r, c) !== Boolean(expected.get(r, c))) mismatches++;
    expect(mismatches).toBe(0);
  });

  it("prints a phí receipt, a bank transfer without a transaction number, a large number and no optional fields", async () => {
    const { text } = await textOf({
      ...receipt,
      kind: "phi",
      number: 1234567,
      method: "vietqr",
      providerTxnNo: null,
      collector: { ...receipt.collector, taxCode: null, address: null },
      payer: { name: "Nguyễn Văn An", idNumber: null, address: null },
      lines: [{ name: "Phí thẩm định", quantity: 1, amount: 1250500 }],
      total: 1250500,
    });
    expect(text).toContain("Loại khoản thu: Phí");
    expect(text).toContain("Số: 1234567");
    expect(text).toContain("Chuyển khoản ngân hàng (VietQR)");
    expect(text).toContain("1.250.500 đồng");
    expect(text).toContain("Một triệu hai trăm năm mươi nghìn năm trăm đồng");
    expect(text).not.toContain("Mã giao dịch");
    expect(text).not.toContain("Mã số thuế");
    expect(text).not.toContain("Số định danh cá nhân");
  });

  it("marks a cancelled receipt", async () => {
    const { pdf, text } = await textOf({ ...receipt, status: "cancelled" });
    // The mark is one run of text across the page (diagonal: Poppler's layout mode reads it letter by letter).
    expect(pdfText(pdf)).toMatch(/\nĐÃ HỦY$/);
    expect(text).toContain("Biên lai này đã bị hủy và không còn giá trị.");
    const { pdf: enPdf, text: en } = await textOf({ ...receipt, status: "cancelled" }, "en");
    expect(pdfText(enPdf)).toMatch(/\nCANCELLED$/);
    expect(en).toContain("This receipt has been cancelled and is no longer valid.");
    expect(en).toContain("Form no.: 01BLP0-001");
    expect(en).toContain("Amount in words: Năm mươi nghìn đồng"); // the legal amount in words stays Vietnamese
  });

  it("fits many lines, spilling onto a second page", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ name: `Lệ phí khoản ${i + 1}`, quantity: 1, amount: 1000 }));
    const { pdf, text } = await textOf({ ...receipt, lines, total: 40000, status: "cancelled" });
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain("40 Lệ phí khoản 40 1 1.000");
    expect(text).toContain("Bốn mươi nghìn đồng");
  });

  it("refuses a total that is not the sum of the lines, and a number out of range", async () => {
    const t = (await createServerI18n("vi", ["payments"])).getFixedT("vi", "payments");
    await expect(receiptPdf({ ...receipt, total: 60000 }, { t, origin })).rejects.toThrow(RangeError);
    expect(receiptNumber(1)).toBe("0000001");
    expect(receiptNumber(9_999_999)).toBe("9999999");
    expect(() => receiptNumber(0)).toThrow(RangeError);
    expect(() => receiptNumber(10_000_000)).toThrow(RangeError);
    expect(() => receiptNumber(1.5)).toThrow(RangeError);
  });
});
