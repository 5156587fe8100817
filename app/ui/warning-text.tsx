import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "./class-names";

export interface WarningTextProps {
  children: ReactNode;
  /** Replaces the hidden "Cảnh báo" prefix. */
  iconFallbackText?: string;
  className?: string;
}

export function WarningText({ children, iconFallbackText, className }: WarningTextProps) {
  const { t } = useTranslation("common");
  return (
    <div className={cx("govuk-warning-text", className)}>
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">{iconFallbackText ?? t("warning")}: </span>
        {children}
      </strong>
    </div>
  );
}
