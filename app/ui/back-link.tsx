import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "./class-names";

export interface BackLinkProps {
  href: string;
  /** Default "Quay lại". */
  children?: ReactNode;
  className?: string;
}

export function BackLink({ href, children, className }: BackLinkProps) {
  const { t } = useTranslation("common");
  return (
    <a href={href} className={cx("govuk-back-link", className)}>
      {children ?? t("back")}
    </a>
  );
}
