import type { ReactNode } from "react";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export interface PanelProps {
  title: ReactNode;
  /** Default 1: the panel is usually the page heading of a confirmation page. */
  headingLevel?: HeadingLevel;
  children?: ReactNode;
  className?: string;
}

/** Confirmation panel, e.g. "Đã nộp hồ sơ" with the dossier code. */
export function Panel({ title, headingLevel = 1, children, className }: PanelProps) {
  const Heading = headingTag(headingLevel);
  return (
    <div className={cx("govuk-panel govuk-panel--confirmation", className)}>
      <Heading className="govuk-panel__title">{title}</Heading>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}
