import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface SkipLinkProps {
  /** Default "#main-content". */
  href?: string;
  /** Default "Bỏ qua để đến nội dung chính". */
  children?: ReactNode;
}

/** First focusable element of the page; visible only when focused. */
export function SkipLink({ href = "#main-content", children }: SkipLinkProps) {
  const { t } = useTranslation("common");
  return (
    <a href={href} className="govuk-skip-link">
      {children ?? t("skipLink")}
    </a>
  );
}
