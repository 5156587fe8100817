import type { ReactNode } from "react";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export interface FooterLink {
  href: string;
  text: string;
  lang?: string;
}

export interface FooterSection {
  heading: string;
  links?: readonly FooterLink[];
  /** Lines of text (addresses, phone numbers). */
  lines?: readonly ReactNode[];
}

export interface FooterProps {
  sections?: readonly FooterSection[];
  /** Level of the section headings (default 2). */
  headingLevel?: HeadingLevel;
  /** Inline links at the bottom (accessibility statement, privacy…). */
  metaLinks?: readonly FooterLink[];
  /** Visually hidden heading for the meta links. */
  metaLinksHeading?: string;
  /** Text nodes under the links: owner, operator, hotline… */
  meta?: readonly ReactNode[];
  copyright?: ReactNode;
  className?: string;
}

function FooterLinkList({ links, inline }: { links: readonly FooterLink[]; inline?: boolean }) {
  return (
    <ul className={inline ? "govuk-footer__inline-list" : "govuk-footer__list"}>
      {links.map((l) => (
        <li key={l.href} className={inline ? "govuk-footer__inline-list-item" : "govuk-footer__list-item"}>
          <a className="govuk-footer__link" href={l.href} lang={l.lang} hrefLang={l.lang}>
            {l.text}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function Footer({
  sections = [],
  headingLevel = 2,
  metaLinks = [],
  metaLinksHeading,
  meta = [],
  copyright,
  className,
}: FooterProps) {
  const Heading = headingTag(headingLevel);
  return (
    <footer className={cx("govuk-footer", className)}>
      <div className="govuk-width-container">
        {sections.length > 0 ? (
          <div className="govuk-footer__navigation">
            {sections.map((s) => (
              <div key={s.heading} className="govuk-footer__section">
                <Heading className="govuk-footer__heading">{s.heading}</Heading>
                {s.lines && s.lines.length > 0 ? (
                  <ul className="govuk-footer__list">
                    {s.lines.map((line, i) => (
                      <li key={i} className="govuk-footer__list-item">
                        {line}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {s.links && s.links.length > 0 ? <FooterLinkList links={s.links} /> : null}
              </div>
            ))}
          </div>
        ) : null}
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
          {metaLinks.length > 0 ? (
            <>
              {metaLinksHeading ? <Heading className="govuk-visually-hidden">{metaLinksHeading}</Heading> : null}
              <FooterLinkList links={metaLinks} inline />
            </>
          ) : null}
          {meta.map((m, i) => (
            <p key={i} className="govuk-body-s">
              {m}
            </p>
          ))}
          {copyright ? <p className="govuk-body-s govuk-footer__copyright">{copyright}</p> : null}
          </div>
        </div>
      </div>
    </footer>
  );
}
