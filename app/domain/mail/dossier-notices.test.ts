import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import en from "../../../locales/en/mail.json";
import vi from "../../../locales/vi/mail.json";
import { i18nOptions, type Language } from "../../i18n";
import { NOTICE_KINDS } from "../dossiers/workflow";
import { dossierNoticeMail, dossierNoticeSms, escapeHtml, type DossierNotice, type MailLocale } from "./messages";

async function locale(lang: Language): Promise<MailLocale> {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng: lang, ns: ["mail"], resources: { vi: { mail: vi }, en: { mail: en } } });
  return { t: i18n.getFixedT(lang, "mail"), lang };
}

const CODE = "000.01.01.H22-261201-0001";
const BASE = {
  code: CODE,
  procedure: "Đăng ký khai sinh <script>",
  agency: "UBND xã Phương Độ & Co",
  at: "2026-12-01T02:05:00.000Z",
  link: `https://dichvucong.hagiang.gov.vn/my/dossiers/${CODE}`,
  name: "Lò Thị Mai",
};

/** One notice of each kind, with every optional fact given (special characters in the free texts). */
const NOTICES: Record<DossierNotice["kind"], DossierNotice> = {
  accepted: { kind: "accepted", ...BASE, dueAt: "2026-12-15T10:00:00.000Z" },
  refused: { kind: "refused", ...BASE, reasons: ["invalidDocuments", "nonsense", "other"], text: "Giấy chứng sinh <b>mờ</b>", legalBasis: "Điều 16 Nghị định 61/2018/NĐ-CP" },
  supplementRequested: { kind: "supplementRequested", ...BASE, note: "Bổ sung bản chụp rõ \"Giấy chứng sinh\"", documents: ["Giấy chứng sinh"], fieldCount: 2, respondBy: "2026-12-20T10:00:00.000Z" },
  resultReady: { kind: "resultReady", ...BASE, channel: "counter" },
  apology: { kind: "apology", ...BASE, reason: "Chờ ý kiến cơ quan phối hợp", newDueAt: "2026-12-22T10:00:00.000Z" },
  returned: { kind: "returned", ...BASE, channel: "post", trackingNote: "EMS EB123456789VN" },
  stopped: { kind: "stopped", ...BASE, reasons: ["legalSuspension"], text: "Có tranh chấp" },
  withdrawn: { kind: "withdrawn", ...BASE },
  paymentRequested: { kind: "paymentRequested", ...BASE, amount: 1200000, description: "Lệ phí cấp bản sao" },
};

const SUBJECTS: Record<DossierNotice["kind"], [string, string]> = {
  accepted: [`Hồ sơ ${CODE} đã được tiếp nhận`, `Dossier ${CODE} accepted`],
  refused: [`Hồ sơ ${CODE} không được tiếp nhận`, `Dossier ${CODE} not accepted`],
  supplementRequested: [`Hồ sơ ${CODE} cần bổ sung`, `Dossier ${CODE} needs more information`],
  resultReady: [`Hồ sơ ${CODE} đã có kết quả`, `Result ready for dossier ${CODE}`],
  apology: [`Hồ sơ ${CODE}: thư xin lỗi và hẹn lại ngày trả kết quả`, `Dossier ${CODE}: apology and new date for the result`],
  returned: [`Hồ sơ ${CODE} đã trả kết quả`, `Result of dossier ${CODE} returned`],
  stopped: [`Hồ sơ ${CODE} bị dừng xử lý`, `Processing of dossier ${CODE} stopped`],
  withdrawn: [`Hồ sơ ${CODE} đã được rút`, `Dossier ${CODE} withdrawn`],
  paymentRequested: [`Hồ sơ ${CODE}: cần nộp phí, lệ phí`, `Dossier ${CODE}: fees to pay`],
};

describe("dossier notices by e-mail", () => {
  it("has a builder and texts for every notice kind of the state machine", () => {
    expect(Object.keys(NOTICES).sort()).toEqual([...NOTICE_KINDS].sort());
  });

  it.each(NOTICE_KINDS)("%s: Vietnamese then English, with the code, procedure, what to do and the link; everything escaped", async (kind) => {
    const vl = await locale("vi");
    const el = await locale("en");
    const both = dossierNoticeMail([vl, el], NOTICES[kind]);
    expect(both.subject).toBe(SUBJECTS[kind][0]);
    const english = dossierNoticeMail([el], NOTICES[kind]);
    expect(english.subject).toBe(SUBJECTS[kind][1]);
    for (const mail of [both, english]) {
      // No missing key (i18next returns the key), no placeholder left.
      expect(mail.text).not.toMatch(/dossierNotice\.|\{\{/);
      expect(mail.html).not.toMatch(/dossierNotice\.|\{\{/);
      expect(mail.text).toContain(BASE.link);
      expect(mail.html).toContain(`href="${BASE.link}"`);
      // The free texts are escaped in the HTML; the only tags are the template's own.
      expect(mail.html).toContain("Đăng ký khai sinh &lt;script&gt;");
      expect(mail.html).toContain("UBND xã Phương Độ &amp; Co");
      expect(mail.html).not.toContain("<script>");
      expect(mail.html).not.toContain("<b>");
      const tags = mail.html.match(/<\/?([a-zA-Z0-9!]+)/g)!.map((t) => t.replace(/[</]/g, "").toLowerCase());
      expect(tags.filter((t) => !["!doctype", "html", "head", "meta", "title", "body", "div", "p", "h1", "h2", "a", "br", "ul", "li"].includes(t))).toEqual([]);
    }
    expect(both.text).toContain(`Mã hồ sơ: ${CODE}`);
    expect(both.text).toContain(`Dossier code: ${CODE}`);
    expect(both.text).toContain("Thời gian: 01/12/2026 09:05");
    expect(both.text.startsWith("Xin chào Lò Thị Mai,\n")).toBe(true);
    expect(both.html).toContain('<div lang="en"');
  });

  it("says the facts of each kind", async () => {
    const l = [await locale("vi"), await locale("en")] as const;
    expect(dossierNoticeMail(l, NOTICES.accepted).text).toContain("Ngày hẹn trả kết quả: 15/12/2026 17:00");
    expect(dossierNoticeMail(l, { ...NOTICES.accepted, dueAt: null } as DossierNotice).text).toContain("Thủ tục không quy định thời hạn giải quyết.");
    const refused = dossierNoticeMail(l, NOTICES.refused);
    expect(refused.text).toContain("- Giấy tờ trong hồ sơ không hợp lệ");
    expect(refused.text).toContain("- Documents in the dossier are not valid");
    expect(refused.text).not.toContain("nonsense");
    expect(refused.text).toContain("Căn cứ pháp lý: Điều 16 Nghị định 61/2018/NĐ-CP");
    expect(refused.html).toContain("Giấy chứng sinh &lt;b&gt;mờ&lt;/b&gt;");
    const supplement = dossierNoticeMail(l, NOTICES.supplementRequested);
    expect(supplement.text).toContain("Hạn bổ sung: 20/12/2026 17:00");
    expect(supplement.text).toContain("- Giấy chứng sinh");
    expect(supplement.text).toContain("- 2 thông tin trên tờ khai");
    expect(supplement.html).toContain("&quot;Giấy chứng sinh&quot;");
    expect(dossierNoticeMail(l, NOTICES.resultReady).text).toContain("Mời bạn đến Bộ phận Một cửa để nhận kết quả");
    expect(dossierNoticeMail(l, { ...NOTICES.resultReady, channel: null } as DossierNotice).text).toContain("Trang hồ sơ cho biết cách nhận kết quả.");
    expect(dossierNoticeMail(l, NOTICES.apology).text).toContain("Ngày hẹn trả kết quả mới: 22/12/2026 17:00");
    expect(dossierNoticeMail(l, NOTICES.returned).text).toContain("Thông tin gửi trả: EMS EB123456789VN");
    expect(dossierNoticeMail(l, NOTICES.stopped).text).toContain("- Việc giải quyết phải tạm dừng theo quy định của pháp luật");
    const payment = dossierNoticeMail(l, NOTICES.paymentRequested);
    expect(payment.text).toContain("Số tiền phải nộp: 1.200.000 ₫");
    expect(payment.text).toContain("Amount to pay: 1,200,000 VND");
  });

  it("refuses a link that is not http(s)", async () => {
    const vl = await locale("vi");
    expect(() => dossierNoticeMail([vl], { ...NOTICES.withdrawn, link: "javascript:alert(1)" })).toThrow(RangeError);
  });
});

describe("dossier notices by SMS", () => {
  it.each(NOTICE_KINDS)("%s: short Vietnamese with diacritics, the code, and the site (not the full link)", async (kind) => {
    const date = kind === "accepted" || kind === "supplementRequested" || kind === "apology" ? "2026-12-15T10:00:00.000Z" : null;
    const body = dossierNoticeSms(await locale("vi"), { kind, code: CODE, link: BASE.link, date });
    expect(body).toContain(`Hồ sơ ${CODE}`);
    expect(body).toContain("dichvucong.hagiang.gov.vn");
    expect(body).not.toContain("/my/dossiers");
    expect(body).not.toMatch(/dossierNoticeSms|\{\{/);
    if (date) expect(body).toContain("15/12/2026");
    // At most three UCS-2 segments of 67 characters.
    expect(body.length).toBeLessThanOrEqual(160);
  });

  it("has the dated variants", async () => {
    expect(dossierNoticeSms(await locale("vi"), { kind: "accepted", code: CODE, link: BASE.link, date: "2026-12-15T10:00:00.000Z" })).toBe(
      `Hồ sơ ${CODE} đã được tiếp nhận, hẹn trả kết quả 15/12/2026. Chi tiết: dichvucong.hagiang.gov.vn`,
    );
    expect(dossierNoticeSms(await locale("en"), { kind: "accepted", code: CODE, link: BASE.link })).toBe(`Dossier ${CODE} accepted. Details: dichvucong.hagiang.gov.vn`);
    expect(escapeHtml("<")).toBe("&lt;");
  });
});
