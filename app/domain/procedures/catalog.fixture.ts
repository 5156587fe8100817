// A small catalog for tests (the demo catalog lives in db/seed/catalog/ha-giang.json).
import type { CatalogFile } from "./catalog.schema";

const form = {
  version: 1,
  sections: [
    {
      id: "nguoi-yeu-cau",
      titleKey: "s.applicant",
      fields: [
        { type: "text", name: "fullName", labelKey: "f.fullName", required: true },
        { type: "cccd", name: "idNumber", labelKey: "f.idNumber", required: true },
      ],
    },
  ],
  texts: { vi: { "s.applicant": "Người yêu cầu", "f.fullName": "Họ và tên", "f.idNumber": "Số định danh cá nhân" } },
};

export function fixtureCatalog(): CatalogFile {
  // Checked by the import itself (the tests import it), so typed loosely here.
  return structuredClone({
    format: "cong-dich-vu-cong/catalog@1",
    fields: [
      { code: "ho-tich", name: "Hộ tịch" },
      { code: "ly-lich-tu-phap", name: "Lý lịch tư pháp" },
    ],
    procedures: [
      {
        code: "1.001193",
        name: "Đăng ký khai sinh",
        field: "ho-tich",
        levels: ["commune"],
        lifeEvents: ["birth"],
        applicants: ["citizen"],
        purpose: "Đăng ký việc sinh của trẻ em và cấp Giấy khai sinh.",
        steps: "1. Nộp tờ khai.\n2. Nhận Giấy khai sinh.",
        legalBasis: [{ number: "60/2014/QH13", title: "Luật Hộ tịch", date: "2014-11-20", issuer: "Quốc hội" }],
        result: { name: "Giấy khai sinh" },
        keywords: ["giấy khai sinh", "trẻ em"],
        status: "in_force",
        validFrom: "2020-01-01",
        cases: [],
        documents: [
          {
            name: "Tờ khai đăng ký khai sinh",
            originals: 1,
            certifiedCopies: 0,
            photocopies: 0,
            required: true,
            fileTypes: ["pdf"],
            maxSizeMb: 5,
            signatureRequired: false,
            template: { file: "templates/to-khai-khai-sinh.rtf", title: "Mẫu tờ khai đăng ký khai sinh" },
          },
          { name: "Giấy chứng sinh", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf", "jpg"], maxSizeMb: 5, signatureRequired: false },
        ],
        offerings: [
          {
            receivers: { kinds: ["commune_ppc"] },
            decider: "receiver",
            onlineLevel: "FULL",
            channels: [
              { channel: "online", timeLimit: { unit: "same_day", cutoff: "15:00" }, feeMode: "free", fees: [] },
              { channel: "in_person", timeLimit: { unit: "same_day", cutoff: "15:00" }, feeMode: "free", fees: [] },
            ],
          },
        ],
        form,
        workflow: [
          { role: "receive", name: "Tiếp nhận", hours: 1 },
          { role: "handle", name: "Xử lý", hours: 5 },
          { role: "return", name: "Trả kết quả", hours: 2 },
        ],
      },
      {
        code: "2.000488",
        name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        field: "ly-lich-tu-phap",
        levels: ["province"],
        lifeEvents: ["employment"],
        applicants: ["citizen"],
        purpose: "Cấp Phiếu lý lịch tư pháp.",
        steps: "1. Nộp tờ khai.",
        legalBasis: [{ number: "28/2009/QH12", title: "Luật Lý lịch tư pháp", date: "2009-06-17", issuer: "Quốc hội" }],
        result: { name: "Phiếu lý lịch tư pháp" },
        keywords: ["LLTP"],
        status: "in_force",
        validFrom: "2020-01-01",
        cases: [],
        documents: [{ name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf"], maxSizeMb: 5, signatureRequired: false }],
        offerings: [
          {
            receivers: { codes: ["000.01.01.H22"] },
            decider: { code: "000.00.03.H22" },
            onlineLevel: "PARTIAL",
            channels: [
              {
                channel: "online",
                timeLimit: { unit: "working_days", amount: 10 },
                // Paid later (status 6) in the fixture, so that the back office's tests accept it at once; the payments'
                // tests make it pay-first where they need that (app/domain/payments/payments.server.test.ts).
                feeMode: "pay_later",
                fees: [{ name: "Phí cung cấp thông tin lý lịch tư pháp", amount: 200000, per: "case", exemptions: ["Người có công với cách mạng"] }],
              },
            ],
          },
        ],
        form,
        workflow: [
          { role: "receive", name: "Tiếp nhận", hours: 4 },
          { role: "handle", name: "Tra cứu, xác minh", hours: 60 },
          { role: "approve", name: "Ký phiếu", hours: 8 },
          { role: "return", name: "Trả kết quả", hours: 4 },
        ],
      },
    ],
  }) as unknown as CatalogFile;
}

export const fixtureTemplates: Record<string, Uint8Array> = {
  "templates/to-khai-khai-sinh.rtf": new TextEncoder().encode("{\\rtf1\\ansi T\\u7901? khai}"),
};
