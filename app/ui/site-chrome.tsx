import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n";
import { Footer } from "./footer";
import { Header } from "./header";
import { LanguageSwitch } from "./language-switch";
import { PhaseBanner } from "./phase-banner";
import { SkipLink } from "./skip-link";

const NAV = [
  { href: "/procedures", key: "nav.procedures" },
  { href: "/dossiers/track", key: "nav.track" },
  { href: "/feedback", key: "nav.feedback" },
  { href: "/statistics", key: "nav.statistics" },
] as const;

function languageHref(lng: Language, returnTo: string): string {
  return `/language?${new URLSearchParams({ lng, returnTo }).toString()}`;
}

/** The province's header: skip link, emblem and name, language switch, sign-in slot, main menu, phase. */
export function SiteHeader({ lang, pathname, search, signedIn = false }: { lang: Language; pathname: string; search: string; signedIn?: boolean }) {
  const { t } = useTranslation("common");
  const returnTo = pathname + search;
  return (
    <>
      <SkipLink />
      <Header
        homeHref="/"
        serviceName={t("site.name")}
        homeLinkLabel={t("header.homeLink")}
        logo={<img className="app-header__emblem" src="/emblem.svg" alt="" width="40" height="40" />}
        navLabel={t("header.menu")}
        navItems={NAV.map((item) => ({
          href: item.href,
          text: t(item.key),
          current: pathname === item.href || pathname.startsWith(`${item.href}/`),
        }))}
        languageSwitch={
          <LanguageSwitch
            label={t("header.language")}
            options={(["vi", "en"] as const).map((l) => ({
              lang: l,
              text: t(`languages.${l}`),
              href: languageHref(l, returnTo),
              current: l === lang,
              visuallyHiddenPrefix: l === lang ? undefined : `${t("header.switchTo")}:`,
            }))}
          />
        }
        signIn={
          <a href={signedIn ? "/account" : "/sign-in"} className="govuk-header__link app-header__sign-in">
            {signedIn ? t("header.account") : t("header.signIn")}
          </a>
        }
        banner={<PhaseBanner tag={t("phase.tag")}>{t("phase.text")}</PhaseBanner>}
      />
    </>
  );
}

export function SiteFooter({ year }: { year: string }) {
  const { t } = useTranslation("common");
  return (
    <Footer
      metaLinksHeading={t("footer.heading")}
      metaLinks={[
        { href: "/accessibility", text: t("footer.accessibility") },
        { href: "/privacy", text: t("footer.privacy") },
        { href: "/agencies", text: t("footer.agencies") },
        { href: "/verify", text: t("footer.verify") },
      ]}
      meta={[t("footer.owner"), t("footer.operator"), t("footer.hotline")]}
      copyright={t("footer.copyright", { year })}
    />
  );
}
