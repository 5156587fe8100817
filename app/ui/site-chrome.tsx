import { Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n";

const NAV = [
  { to: "/procedures", key: "nav.procedures" },
  { to: "/dossiers/track", key: "nav.track" },
  { to: "/feedback", key: "nav.feedback" },
  { to: "/statistics", key: "nav.statistics" },
] as const;

function languageHref(lng: Language, returnTo: string): string {
  return `/language?${new URLSearchParams({ lng, returnTo }).toString()}`;
}

/** The province's header: skip link, emblem and name, language switch, sign-in slot, main menu. */
export function SiteHeader({ lang, returnTo }: { lang: Language; returnTo: string }) {
  const { t } = useTranslation("common");
  const other: Language = lang === "vi" ? "en" : "vi";
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        {t("skipLink")}
      </a>
      <header className="govuk-header app-header">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <Link to="/" className="govuk-header__link govuk-header__link--homepage" aria-label={t("header.homeLink")}>
              <img className="app-header__emblem" src="/emblem.svg" alt="" width="40" height="40" />
              <span className="govuk-header__service-name">{t("site.name")}</span>
            </Link>
          </div>
          <div className="app-header__tools">
            <nav className="app-language-switch" aria-label={t("header.language")}>
              <ul className="app-language-switch__list">
                <li className="app-language-switch__item">
                  <span aria-current="true" className="app-language-switch__current" lang={lang}>
                    {lang === "vi" ? "Tiếng Việt" : "English"}
                  </span>
                </li>
                <li className="app-language-switch__item">
                  <a
                    className="govuk-header__link app-language-switch__link"
                    href={languageHref(other, returnTo)}
                    hrefLang={other}
                    lang={other}
                    rel="alternate"
                  >
                    <span className="govuk-visually-hidden">{t("header.switchTo")}: </span>
                    {t("header.otherLanguageName")}
                  </a>
                </li>
              </ul>
            </nav>
            <Link to="/sign-in" className="govuk-header__link app-header__sign-in">
              {t("header.signIn")}
            </Link>
          </div>
        </div>
        <nav className="app-header__nav" aria-label={t("header.menu")}>
          <ul className="govuk-width-container app-header__nav-list">
            {NAV.map((item) => (
              <li key={item.to} className="app-header__nav-item">
                <NavLink
                  to={item.to}
                  className={({ isActive }) =>
                    isActive ? "govuk-header__link app-header__nav-link app-header__nav-link--active" : "govuk-header__link app-header__nav-link"
                  }
                >
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <div className="govuk-width-container">
        <div className="govuk-phase-banner">
          <p className="govuk-phase-banner__content">
            <strong className="govuk-tag govuk-phase-banner__content__tag">{t("phase.tag")}</strong>
            <span className="govuk-phase-banner__text">{t("phase.text")}</span>
          </p>
        </div>
      </div>
    </>
  );
}

export function SiteFooter({ year }: { year: string }) {
  const { t } = useTranslation("common");
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">{t("footer.heading")}</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/accessibility">
                  {t("footer.accessibility")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/privacy">
                  {t("footer.privacy")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/agencies">
                  {t("footer.agencies")}
                </Link>
              </li>
            </ul>
            <h2 className="govuk-heading-s app-footer__heading">{t("footer.contactHeading")}</h2>
            <p className="govuk-body-s">{t("footer.owner")}</p>
            <p className="govuk-body-s">{t("footer.operator")}</p>
            <p className="govuk-body-s">{t("footer.hotline")}</p>
            <p className="govuk-body-s">{t("footer.copyright", { year })}</p>
          </div>
        </div>
      </div>
    </footer>
  );
}
