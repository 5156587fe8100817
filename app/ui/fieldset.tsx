import type { ReactNode } from "react";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export type LegendSize = "xl" | "l" | "m" | "s";

export interface FieldsetProps {
  legend?: ReactNode;
  legendSize?: LegendSize;
  /** Wraps the legend text in a heading of this level. */
  headingLevel?: HeadingLevel;
  describedBy?: string;
  role?: string;
  className?: string;
  children: ReactNode;
}

export function Fieldset({ legend, legendSize, headingLevel, describedBy, role, className, children }: FieldsetProps) {
  const Heading = headingLevel ? headingTag(headingLevel) : null;
  return (
    <fieldset className={cx("govuk-fieldset", className)} aria-describedby={describedBy} role={role}>
      {legend ? (
        <legend className={cx("govuk-fieldset__legend", legendSize && `govuk-fieldset__legend--${legendSize}`)}>
          {Heading ? <Heading className="govuk-fieldset__heading">{legend}</Heading> : legend}
        </legend>
      ) : null}
      {children}
    </fieldset>
  );
}
