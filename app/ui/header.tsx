import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface HeaderNavItem {
  href: string;
  text: string;
  /** Marks the link with aria-current="page" and highlights it. */
  current?: boolean;
}

export interface HeaderProps {
  homeHref: string;
  serviceName: string;
  /** Small line above the service name, e.g. "Ủy ban nhân dân tỉnh Hà Giang". */
  organisationName?: string;
  /** Accessible name of the home link; must contain the visible service name. */
  homeLinkLabel?: string;
  /** Replaces the built-in emblem (decorative, e.g. <img alt="">). */
  logo?: ReactNode;
  navItems?: readonly HeaderNavItem[];
  /** Accessible name of the nav landmark (must be unique on the page). */
  navLabel: string;
  /** Usually a <LanguageSwitch>. */
  languageSwitch?: ReactNode;
  /** Sign-in link or signed-in user menu. */
  signIn?: ReactNode;
  /** Shown at the bottom of the header, e.g. a <PhaseBanner> (inside the banner landmark). */
  banner?: ReactNode;
  className?: string;
}

/** Decorative emblem: a gold star on a red disc. */
function Emblem() {
  return (
    <svg
      className="app-header__emblem"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 40 40"
      width="40"
      height="40"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="20" cy="20" r="19" fill="#da251d" stroke="#ffcd00" strokeWidth="2" />
      <path fill="#ffcd00" d="m20 7 3.1 9.4H33l-8 5.8 3 9.4-8-5.8-8 5.8 3-9.4-8-5.8h9.9z" />
    </svg>
  );
}

/** Site header: brand, language switch, sign-in slot (e.g. <a className="govuk-header__link app-header__sign-in">) and a wrapping navigation bar (no JS). */
export function Header({
  homeHref,
  serviceName,
  organisationName,
  homeLinkLabel,
  logo,
  navItems = [],
  navLabel,
  languageSwitch,
  signIn,
  banner,
  className,
}: HeaderProps) {
  return (
    <header className={cx("govuk-header app-header", className)}>
      <div className="govuk-header__container govuk-width-container">
        <div className="govuk-header__logo">
          <a href={homeHref} className="govuk-header__link govuk-header__link--homepage" aria-label={homeLinkLabel}>
            {logo ?? <Emblem />}
            <span className="app-header__brand-text">
              {organisationName ? <span className="app-header__organisation">{organisationName}</span> : null}
              <span className="govuk-header__service-name">{serviceName}</span>
            </span>
          </a>
        </div>
        {languageSwitch || signIn ? (
          <div className="app-header__tools">
            {languageSwitch}
            {signIn}
          </div>
        ) : null}
      </div>
      {navItems.length > 0 ? (
        <nav className="app-header__nav" aria-label={navLabel}>
          <ul className="govuk-width-container app-header__nav-list">
            {navItems.map((item) => (
              <li key={item.href} className="app-header__nav-item">
                <a
                  className={cx("govuk-header__link app-header__nav-link", item.current && "app-header__nav-link--active")}
                  href={item.href}
                  aria-current={item.current ? "page" : undefined}
                >
                  {item.text}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {banner ? <div className="govuk-width-container">{banner}</div> : null}
    </header>
  );
}
