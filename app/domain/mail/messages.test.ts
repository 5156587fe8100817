import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import en from "../../../locales/en/mail.json";
import vi from "../../../locales/vi/mail.json";
import { i18nOptions, type Language } from "../../i18n";
import {
  accountClosedByEidHolderMail,
  accountLockedMail,
  eidSignInMail,
  escapeHtml,
  invitationMail,
  representationMail,
  resetPasswordMail,
  verifyEmailMail,
  type MailContent,
  type MailLocale,
} from "./messages";

async function locale(lang: Language): Promise<MailLocale> {
  const i18n = createInstance();
  // The portal's own options (escapeValue off, as on the server), with only the mail namespace loaded.
  await i18n.init({ ...i18nOptions, lng: lang, ns: ["mail"], resources: { vi: { mail: vi }, en: { mail: en } } });
  return { t: i18n.t, lang };
}

const LINK = "https://dichvucong.hagiang.gov.vn/tai-khoan/xac-nhan?token=a1b2&next=/ho-so?x=1&y=<2>\"'";
const LINK_IN_HTML = "https://dichvucong.hagiang.gov.vn/tai-khoan/xac-nhan?token=a1b2&amp;next=/ho-so?x=1&amp;y=&lt;2&gt;&quot;&#39;";

/** No text of the other language, no missing key (i18next returns the key), no raw special character in the HTML. */
function expectWellFormed(mail: MailContent, lang: Language) {
  for (const part of [mail.subject, mail.text, mail.html]) {
    expect(part).not.toMatch(/\b(?:layout|verify|reset|locked|invitation|eidSignIn|representation|closedByEidHolder)\.[a-zA-Z]+/);
    expect(part).not.toContain("{{");
  }
  expect(mail.subject).not.toMatch(/[\r\n]/);
  expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
  expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
  expect(mail.html).toContain("<h1 ");
  // Every "<" in the HTML opens one of the template's own tags.
  const tags = mail.html.match(/<\/?([a-zA-Z0-9!]+)/g)!.map((t) => t.replace(/[</]/g, "").toLowerCase());
  expect(new Set(tags)).toEqual(new Set(tags.filter((t) => ["!doctype", "html", "head", "meta", "title", "body", "div", "p", "h1", "h2", "a", "br", "ul", "li"].includes(t))));
}

describe.each(["vi", "en"] as const)("mail in %s", (lang) => {
  it("asks to confirm the e-mail address, with the link and its validity", async () => {
    const mail = verifyEmailMail(await locale(lang), { link: LINK, validHours: 24, name: "Nguyễn Văn An" });
    expectWellFormed(mail, lang);
    expect(mail.subject).toBe(lang === "vi" ? "Xác nhận địa chỉ thư điện tử của bạn" : "Confirm your e-mail address");
    expect(mail.text).toContain(`\n${LINK}\n`);
    expect(mail.text.startsWith(lang === "vi" ? "Xin chào Nguyễn Văn An,\n" : "Hello Nguyễn Văn An,\n")).toBe(true);
    expect(mail.text).toContain(lang === "vi" ? "có hiệu lực trong 24 giờ" : "valid for 24 hours");
    expect(mail.html).toContain(`<a href="${LINK_IN_HTML}" `);
    expect(mail.html).toContain(`>${LINK_IN_HTML}</a>`);
    expect(mail.html).not.toContain("<2>");
    expect(mail.html).not.toContain(LINK);
  });

  it("sends a password-reset link valid for some minutes, saying what to do if it wasn't you", async () => {
    const mail = resetPasswordMail(await locale(lang), { link: LINK, validMinutes: 30 });
    expectWellFormed(mail, lang);
    expect(mail.text.startsWith(lang === "vi" ? "Xin chào,\n" : "Hello,\n")).toBe(true);
    expect(mail.text).toContain(lang === "vi" ? "trong 30 phút" : "valid for 30 minutes");
    expect(mail.text).toContain(lang === "vi" ? "Nếu không phải bạn yêu cầu" : "If this wasn't you");
    expect(mail.html).toContain(lang === "vi" ? "Nếu không phải bạn yêu cầu" : "If this wasn&#39;t you");
    expect(mail.html).toContain(`href="${LINK_IN_HTML}"`);
    if (lang === "en") {
      expect(resetPasswordMail(await locale(lang), { link: LINK, validMinutes: 1 }).text).toContain("valid for 1 minute and");
    }
  });

  it("says when a locked account unlocks (Vietnam time) and how to choose a new password", async () => {
    const mail = accountLockedMail(await locale(lang), {
      unlocksAt: new Date("2026-12-01T03:15:00Z"),
      resetLink: "https://dichvucong.hagiang.gov.vn/quen-mat-khau",
    });
    expectWellFormed(mail, lang);
    expect(mail.text).toContain(lang === "vi" ? "lúc 10:15 ngày 01/12/2026 (giờ Việt Nam)" : "at 10:15 on 01/12/2026 (Vietnam time)");
    expect(mail.text).toContain("https://dichvucong.hagiang.gov.vn/quen-mat-khau");
  });

  it("invites an official to an agency with roles, escaping every name", async () => {
    const mail = invitationMail(await locale(lang), {
      link: LINK,
      agency: "Sở Tư pháp & <Ban> \"Một cửa\"",
      roles: ["Cán bộ tiếp nhận", "Lãnh đạo <phê duyệt>"],
      validDays: 7,
      invitedBy: "Trần Thị B",
    });
    expectWellFormed(mail, lang);
    expect(mail.subject).toContain("Sở Tư pháp & <Ban> \"Một cửa\"");
    expect(mail.text).toContain("- Cán bộ tiếp nhận\n- Lãnh đạo <phê duyệt>\n");
    expect(mail.text).toContain("Trần Thị B");
    expect(mail.html).toContain("Sở Tư pháp &amp; &lt;Ban&gt; &quot;Một cửa&quot;");
    expect(mail.html).toContain("<li>Lãnh đạo &lt;phê duyệt&gt;</li>");
    expect(mail.text).toContain(lang === "vi" ? "trong 7 ngày" : "valid for 7 days");
  });

  it("tells the address of an account the CCCD's eID holder disowned that it is closed, when, why, and the way in", async () => {
    const mail = accountClosedByEidHolderMail(await locale(lang), { at: "2026-12-01T01:05:00.000Z", signInLink: "https://dichvucong.hagiang.gov.vn/sign-in", name: "Trần <Văn> Mạo" });
    expectWellFormed(mail, lang);
    expect(mail.subject).toBe(lang === "vi" ? "Tài khoản của bạn trên Cổng Dịch vụ công đã bị đóng" : "Your account on the public service portal has been closed");
    expect(mail.text).toContain(lang === "vi" ? "08:05 ngày 01/12/2026 (giờ Việt Nam)" : "08:05 on 01/12/2026 (Vietnam time)");
    expect(mail.text).toContain(lang === "vi" ? "xác nhận không nhận ra tài khoản này là của mình" : "do not recognise this account as theirs");
    expect(mail.text).toContain("VNeID");
    expect(mail.text).toContain("\nhttps://dichvucong.hagiang.gov.vn/sign-in\n");
    expect(mail.html).toContain("Trần &lt;Văn&gt; Mạo");
    // No CCCD is named in it: the mail goes to whoever registered the account.
    expect(mail.text).not.toMatch(/\d{12}/);
  });

  it("tells of a sign-in with the national eID, for information", async () => {
    const mail = eidSignInMail(await locale(lang), { at: "2026-12-01T01:05:00.000Z", activityLink: "https://dichvucong.hagiang.gov.vn/tai-khoan" });
    expectWellFormed(mail, lang);
    expect(mail.text).toContain("VNeID");
    expect(mail.text).toContain(lang === "vi" ? "08:05 ngày 01/12/2026" : "08:05 on 01/12/2026");
    expect(mail.html).toContain('href="https://dichvucong.hagiang.gov.vn/tai-khoan"');
    const bare = eidSignInMail(await locale(lang), { at: "2026-12-01T01:05:00.000Z" });
    expect(bare.html).not.toContain("<a ");
  });
});

describe("representation mails", () => {
  const notice = {
    organisation: "Hợp tác xã Chè <Shan> & Tuyết",
    taxCode: "0100109106",
    person: "Hoàng Văn Nam",
    role: "authorised" as const,
    by: "Nguyễn Thị Hoa",
    at: "2026-12-01T03:05:00.000Z",
    link: "https://dichvucong.hagiang.gov.vn/account/organisations",
  };

  it("tells the person added which organisation, role, who and when: Vietnamese first, then English", async () => {
    const mail = representationMail([await locale("vi"), await locale("en")], { ...notice, change: "added", name: "Hoàng Văn Nam" });
    expectWellFormed(mail, "vi");
    expect(mail.subject).toBe("Bạn được thêm làm người đại diện của Hợp tác xã Chè <Shan> & Tuyết");
    const [vi, en] = mail.text.split("\n----------------------------------------\n") as [string, string];
    expect(vi.startsWith("Xin chào Hoàng Văn Nam,\n")).toBe(true);
    expect(vi).toContain("Nguyễn Thị Hoa đã thêm bạn làm người được ủy quyền của Hợp tác xã Chè <Shan> & Tuyết");
    expect(vi).toContain("- Mã số thuế: 0100109106\n- Vai trò: người được ủy quyền\n- Người thực hiện: Nguyễn Thị Hoa\n- Thời gian: 01/12/2026 10:05 (giờ Việt Nam)\n");
    expect(vi).toContain("Nếu bạn không biết hoặc không đồng ý");
    expect(en).toContain("Hello Hoàng Văn Nam,");
    expect(en).toContain("Nguyễn Thị Hoa has added you as authorised representative of Hợp tác xã Chè <Shan> & Tuyết");
    expect(en).toContain("- When: 01/12/2026 10:05 (Vietnam time)");
    expect(en).toContain(`See my organisations:\n${notice.link}\n`);
    expect(mail.html).toContain('<div lang="en" ');
    expect(mail.html).toContain("Hợp tác xã Chè &lt;Shan&gt; &amp; Tuyết");
    expect(mail.html).not.toContain("<Shan>");
    // The footer in both languages.
    expect(mail.text).toContain("Vui lòng không trả lời thư này.");
    expect(mail.text).toContain("Please do not reply to it.");
  });

  it("tells the other representatives who was added; the person removed what they no longer are", async () => {
    const locales = [await locale("vi"), await locale("en")] as const;
    const other = representationMail(locales, { ...notice, change: "addedOther", name: "Nguyễn Thị Hoa" });
    expect(other.subject).toBe("Hợp tác xã Chè <Shan> & Tuyết có người đại diện mới");
    expect(other.text).toContain("- Người được thêm: Hoàng Văn Nam\n");
    expect(other.text).toContain("- Person added: Hoàng Văn Nam\n");
    const removed = representationMail(locales, { ...notice, change: "removed", name: "Hoàng Văn Nam" });
    expect(removed.subject).toBe("Bạn không còn là người đại diện của Hợp tác xã Chè <Shan> & Tuyết");
    expect(removed.text).toContain("- Vai trò trước đây: người được ủy quyền\n");
    expect(removed.text).toContain("không thể thao tác thay mặt tổ chức này");
    expect(removed.text).not.toContain("Người được thêm");
    // One language alone renders as the other mails do.
    const viOnly = representationMail([locales[0]], { ...notice, change: "removed" });
    expectWellFormed(viOnly, "vi");
    expect(viOnly.text).not.toContain("----------");
    expect(viOnly.text.startsWith("Xin chào,\n")).toBe(true);
  });
});

describe("mail builders", () => {
  it("keep a name with a line break out of the headers and escape it", async () => {
    const mail = invitationMail(await locale("vi"), { link: LINK, agency: "Sở\r\nBcc: x@evil.test", roles: [], validDays: 1 });
    expect(mail.subject).toBe("Lời mời tham gia Cổng Dịch vụ công với tư cách cán bộ của Sở Bcc: x@evil.test");
    expect(mail.html).not.toContain("<ul");
  });

  it("refuse links that are not absolute http(s) addresses, and nonsense durations", async () => {
    const vi = await locale("vi");
    expect(() => verifyEmailMail(vi, { link: "javascript:alert(1)", validHours: 24 })).toThrow(RangeError);
    expect(() => verifyEmailMail(vi, { link: "/tai-khoan/xac-nhan", validHours: 24 })).toThrow(RangeError);
    expect(() => resetPasswordMail(vi, { link: LINK, validMinutes: 0 })).toThrow(RangeError);
  });

  it("escape the five HTML special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
