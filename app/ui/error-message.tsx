import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "./class-names";

export interface ErrorMessageProps {
  id?: string;
  children: ReactNode;
  /** Replaces the visually hidden prefix (default: "Lỗi:"). */
  visuallyHiddenText?: string;
  className?: string;
}

/** Inline error shown above a form control; screen readers hear "Lỗi: …". */
export function ErrorMessage({ id, children, visuallyHiddenText, className }: ErrorMessageProps) {
  const { t } = useTranslation("common");
  const prefix = visuallyHiddenText ?? `${t("error")}:`;
  return (
    <p id={id} className={cx("govuk-error-message", className)}>
      <span className="govuk-visually-hidden">{prefix} </span>
      {children}
    </p>
  );
}
