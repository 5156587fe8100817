import { useTranslation } from "react-i18next";
import { cx } from "./class-names";

export interface BreadcrumbItem {
  text: string;
  /** Omit for the current page (rendered as text with aria-current). */
  href?: string;
}

export interface BreadcrumbsProps {
  items: readonly BreadcrumbItem[];
  /** Replaces "Đường dẫn". */
  label?: string;
  /** On phones show only the last link (the parent page). */
  collapseOnMobile?: boolean;
  className?: string;
}

export function Breadcrumbs({ items, label, collapseOnMobile, className }: BreadcrumbsProps) {
  const { t } = useTranslation("common");
  return (
    <nav
      className={cx("govuk-breadcrumbs", collapseOnMobile && "govuk-breadcrumbs--collapse-on-mobile", className)}
      aria-label={label ?? t("breadcrumbs")}
    >
      <ol className="govuk-breadcrumbs__list">
        {items.map((item, i) => (
          <li key={i} className="govuk-breadcrumbs__list-item">
            {item.href ? (
              <a className="govuk-breadcrumbs__link" href={item.href}>
                {item.text}
              </a>
            ) : (
              <span aria-current="page">{item.text}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
