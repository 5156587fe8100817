import type { ReactNode } from "react";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export interface HeroProps {
  heading: ReactNode;
  lead?: ReactNode;
  /** Default 1 (the home page heading). */
  headingLevel?: HeadingLevel;
  /** Usually a <SearchForm>. */
  children?: ReactNode;
  className?: string;
}

/** Home page banner in the province blue. */
export function Hero({ heading, lead, headingLevel = 1, children, className }: HeroProps) {
  const Heading = headingTag(headingLevel);
  return (
    <div className={cx("app-hero", className)}>
      <Heading className="govuk-heading-xl app-hero__heading">{heading}</Heading>
      {lead ? <p className="govuk-body-l app-hero__lead">{lead}</p> : null}
      {children}
    </div>
  );
}
