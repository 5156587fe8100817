import { cx } from "./class-names";

export interface LanguageOption {
  /** BCP 47 code, e.g. "vi" or "en". */
  lang: string;
  /** Language name in that language: "Tiếng Việt", "English". */
  text: string;
  href: string;
  current?: boolean;
  /** Read before the name by screen readers, e.g. "Chuyển sang tiếng Anh:". */
  visuallyHiddenPrefix?: string;
}

export interface LanguageSwitchProps {
  /** Accessible name of the nav landmark, e.g. "Ngôn ngữ". */
  label: string;
  options: readonly LanguageOption[];
  className?: string;
}

/** Current language as text (aria-current), the others as links. Works without JS. */
export function LanguageSwitch({ label, options, className }: LanguageSwitchProps) {
  return (
    <nav className={cx("app-language-switch", className)} aria-label={label}>
      <ul className="app-language-switch__list">
        {options.map((o) => (
          <li key={o.lang} className={cx("app-language-switch__item", o.current && "app-language-switch__item--current")}>
            {o.current ? (
              <span className="app-language-switch__current" aria-current="true" lang={o.lang}>
                {o.text}
              </span>
            ) : (
              <a className="govuk-header__link app-language-switch__link" href={o.href} hrefLang={o.lang} rel="alternate">
                {o.visuallyHiddenPrefix ? <span className="govuk-visually-hidden">{o.visuallyHiddenPrefix} </span> : null}
                <span lang={o.lang}>{o.text}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
