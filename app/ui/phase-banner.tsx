import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface PhaseBannerProps {
  /** e.g. "Thử nghiệm". */
  tag: ReactNode;
  children: ReactNode;
  className?: string;
}

export function PhaseBanner({ tag, children, className }: PhaseBannerProps) {
  return (
    <div className={cx("govuk-phase-banner", className)}>
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{tag}</strong>
        <span className="govuk-phase-banner__text">{children}</span>
      </p>
    </div>
  );
}
