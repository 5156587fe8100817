import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import viAuth from "../../../locales/vi/auth.json";
import viCommon from "../../../locales/vi/common.json";
import { EidPageView } from "./shared";

// The page that says why an eID sign-in opened no account (in Vietnamese, with the reference and the way back).
const i18n = createInstance();
void i18n.use(initReactI18next).init({
  lng: "vi",
  ns: ["common", "auth"],
  defaultNS: "auth",
  resources: { vi: { common: viCommon, auth: viAuth } },
  interpolation: { escapeValue: false },
  initImmediate: false,
  react: { useSuspense: false },
});

const render = (reason: "official" | "disabled" | "subjectMismatch") =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <EidPageView data={{ page: "refused", title: "", reason, requestId: "req-42" }} />
    </I18nextProvider>,
  );

describe("the eID refusal page", () => {
  it.each(["official", "disabled", "subjectMismatch"] as const)("explains %s, what to do next, with the reference and the way back", (reason) => {
    const html = render(reason);
    expect(html).toContain(`<h1 class="govuk-heading-l">${viAuth.eid.refused[reason].title}</h1>`);
    expect(html).toContain(viAuth.eid.refused[reason].body);
    expect(html).toContain(viAuth.eid.refused[reason].next);
    expect(html).toContain("Mã tham chiếu khi liên hệ hỗ trợ: req-42");
    expect(html).toContain('<a class="govuk-link" href="/sign-in">Quay lại trang đăng nhập</a>');
    // No "try again" button: signing in again would be refused again.
    expect(html).not.toContain("Thử đăng nhập lại");
  });
});
