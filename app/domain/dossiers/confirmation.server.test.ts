import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { confirmationPdf, trackingUrl } from "./confirmation.server";
import type { DossierView } from "./dossiers";
import { pdfObjects, pdfText } from "./pdf-text.test-helper";

const dossier: DossierView = {
  code: "000.01.01.H22-261201-0007",
  procedureCode: "1.001193",
  procedureName: "Đăng ký khai sinh",
  agencyName: "UBND xã Phương Độ",
  status: 1,
  receivedAt: "2026-12-01T02:05:00.000Z",
  acceptanceDueAt: "2026-12-02T02:05:00.000Z",
  dueAt: "2026-12-01T10:00:00.000Z",
  applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: null, address: "Thôn Lùng Tám, huyện Quản Bạ" },
  documents: [
    { name: "Tờ khai đăng ký khai sinh", files: [{ name: "to-khai.pdf", sizeBytes: 1000 }] },
    { name: "Giấy chứng sinh", files: [{ name: "a.jpg", sizeBytes: 10 }, { name: "b.jpg", sizeBytes: 10 }] },
  ],
  timeline: [],
  canWithdraw: true,
};

describe("the submission confirmation PDF", () => {
  it("is a PDF in Vietnamese with the embedded Be Vietnam Pro font: code, procedure, agency, applicant, times, documents, tracking link", async () => {
    const i18n = await createServerI18n("vi", ["dossiers"]);
    const t = i18n.getFixedT("vi", "dossiers");
    const pdf = await confirmationPdf(dossier, { origin: "https://dichvucong.hagiang.gov.vn", t, now: new Date("2026-12-01T03:00:00Z") });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const objects = [...pdfObjects(pdf).values()];
    // Both weights embedded (TrueType font programs), named after the typeface.
    const descriptors = objects.filter((o) => o.dict.includes("/FontFile2"));
    expect(descriptors.map((o) => /\/FontName \/(\S+)/.exec(o.dict)?.[1]?.replace(/^[A-Z]{6}\+/, ""))).toEqual(expect.arrayContaining(["BeVietnamPro-Regular", "BeVietnamPro-Bold"]));
    // The QR code is an image on the page, and its dark and light squares are those of the tracking link's QR code
    // (no QR decoder is installed: the picture is compared module by module with the matrix qrcode computes).
    const image = objects.find((o) => /\/Subtype \/Image/.test(o.dict) && /\/ColorSpace \/DeviceRGB/.test(o.dict));
    expect(image?.dict).not.toContain("/DecodeParms");
    const width = Number(/\/Width (\d+)/.exec(image!.dict)?.[1]);
    const expected = QRCode.create("https://dichvucong.hagiang.gov.vn/dossiers/track?code=000.01.01.H22-261201-0007", { errorCorrectionLevel: "M" }).modules;
    // margin 2 and scale 4 (confirmation.server.ts)
    expect(width).toBe((expected.size + 4) * 4);
    const dark = (row: number, col: number) => image!.stream![(((row + 2) * 4 + 2) * width + (col + 2) * 4 + 2) * 3]! < 128;
    const mismatches: string[] = [];
    for (let r = 0; r < expected.size; r++) for (let c = 0; c < expected.size; c++) if (dark(r, c) !== Boolean(expected.get(r, c))) mismatches.push(`${r},${c}`);
    expect(mismatches).toEqual([]);

    const text = pdfText(pdf);
    for (const expected of [
      "GIẤY XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN",
      "Mã hồ sơ: 000.01.01.H22-261201-0007",
      "Đăng ký khai sinh",
      "UBND xã Phương Độ",
      "Lò Thị Mai",
      "002190012345",
      "01/12/2026 09:05", // received, Vietnam time
      "02/12/2026 09:05", // acceptance deadline
      "01/12/2026 17:00", // due
      "1. Tờ khai đăng ký khai sinh (1 tệp)",
      "2. Giấy chứng sinh (2 tệp)",
      "https://dichvucong.hagiang.gov.vn/dossiers/track?code=000.01.01.H22-261201-0007",
    ]) {
      expect(text.replace(/\s+/g, " ")).toContain(expected);
    }
  });

  it("points the QR code at the public tracking page of PUBLIC_URL with the code filled in", () => {
    expect(trackingUrl("https://dichvucong.hagiang.gov.vn", "000.01.01.H22-261201-0007")).toBe("https://dichvucong.hagiang.gov.vn/dossiers/track?code=000.01.01.H22-261201-0007");
  });
});
