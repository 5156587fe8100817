import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import en from "../../../locales/en/mail.json";
import vi from "../../../locales/vi/mail.json";
import { i18nOptions, type Language } from "../../i18n";
import { dossierSubmittedMail, type MailLocale } from "./messages";

async function locale(lang: Language): Promise<MailLocale> {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng: lang, ns: ["mail"], resources: { vi: { mail: vi }, en: { mail: en } } });
  return { t: i18n.getFixedT(lang, "mail"), lang };
}

describe("the submission e-mail", () => {
  it("gives the code, procedure, agency and times (Vietnam time) in Vietnamese then English, with the dossier's link, names escaped", async () => {
    const mail = dossierSubmittedMail([await locale("vi"), await locale("en")], {
      code: "000.01.01.H22-261201-0001",
      procedure: "Đăng ký khai sinh <b>",
      agency: "UBND xã Phương Độ",
      receivedAt: "2026-12-01T02:05:00.000Z",
      acceptanceDueAt: "2026-12-02T02:05:00.000Z",
      dueAt: null,
      link: "https://dichvucong.hagiang.gov.vn/my/dossiers/000.01.01.H22-261201-0001",
      name: "Lò Thị Mai",
    });
    expect(mail.subject).toBe("Đã nộp hồ sơ 000.01.01.H22-261201-0001");
    expect(mail.text).toContain("Mã hồ sơ: 000.01.01.H22-261201-0001");
    expect(mail.text).toContain("Thời gian nộp: 01/12/2026 09:05");
    expect(mail.text).toContain("Hạn tiếp nhận: 02/12/2026 09:05");
    expect(mail.text).not.toContain("Ngày hẹn trả");
    expect(mail.text).toContain("Dossier code: 000.01.01.H22-261201-0001");
    expect(mail.text).toContain("https://dichvucong.hagiang.gov.vn/my/dossiers/000.01.01.H22-261201-0001");
    expect(mail.html).toContain("Đăng ký khai sinh &lt;b&gt;");
    expect(mail.html).not.toContain("<b>");
  });
});
