import { describe, expect, it } from "vitest";
import { createServerI18n, getLanguage, languageCookie } from "./i18n.server";

const request = (headers: Record<string, string> = {}) => new Request("http://portal.test/", { headers });

describe("language detection", () => {
  it("defaults to Vietnamese", async () => {
    expect(await getLanguage(request())).toBe("vi");
    expect(await getLanguage(request({ "Accept-Language": "fr-FR,fr;q=0.9" }))).toBe("vi");
  });

  it("follows the browser's Accept-Language", async () => {
    expect(await getLanguage(request({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
    expect(await getLanguage(request({ "Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8" }))).toBe("vi");
  });

  it("lets the visible switch (cookie) win over the browser", async () => {
    const cookie = (await languageCookie.serialize("vi")).split(";")[0]!;
    expect(await getLanguage(request({ Cookie: cookie, "Accept-Language": "en" }))).toBe("vi");
    const en = (await languageCookie.serialize("en")).split(";")[0]!;
    expect(await getLanguage(request({ Cookie: en }))).toBe("en");
  });

  it("translates on the server in both languages", async () => {
    expect((await createServerI18n("vi", ["home"])).t("home:heading")).toBe("Làm thủ tục hành chính trực tuyến tại Hà Giang");
    expect((await createServerI18n("en", ["home"])).t("common:site.name")).toBe("Hà Giang Public Service Portal");
  });
});
