import { useTranslation } from "react-i18next";
import { cx } from "./class-names";

export interface PaginationProps {
  /** 1-based. */
  currentPage: number;
  totalPages: number;
  hrefForPage: (page: number) => string;
  /** Replaces "Phân trang" (needed if two paginations share a page). */
  label?: string;
  className?: string;
}

export type PageSlot = number | "ellipsis";

/** First, last, current and its neighbours; gaps of more than one page become an ellipsis. */
export function pageSlots(current: number, total: number): PageSlot[] {
  const wanted = new Set([1, total, current - 1, current, current + 1].filter((p) => p >= 1 && p <= total));
  const pages = [...wanted].sort((a, b) => a - b);
  const slots: PageSlot[] = [];
  let previous = 0;
  for (const page of pages) {
    if (page - previous === 2) slots.push(previous + 1);
    else if (page - previous > 2) slots.push("ellipsis");
    slots.push(page);
    previous = page;
  }
  return slots;
}

function Arrow({ direction }: { direction: "prev" | "next" }) {
  return (
    <svg
      className={`govuk-pagination__icon govuk-pagination__icon--${direction}`}
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      viewBox="0 0 15 13"
      aria-hidden="true"
      focusable="false"
    >
      <path
        fill="currentColor"
        d={
          direction === "prev"
            ? "m6.5 0 1.4 1.4-4.1 4.1H15v2H3.8l4.1 4.1-1.4 1.4L0 6.5z"
            : "m8.5 0-1.4 1.4 4.1 4.1H0v2h11.2l-4.1 4.1 1.4 1.4L15 6.5z"
        }
      />
    </svg>
  );
}

export function Pagination({ currentPage, totalPages, hrefForPage, label, className }: PaginationProps) {
  const { t } = useTranslation("common");
  if (totalPages <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(currentPage)), totalPages);
  return (
    <nav className={cx("govuk-pagination", className)} aria-label={label ?? t("pagination.label")}>
      {current > 1 ? (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={hrefForPage(current - 1)} rel="prev">
            <Arrow direction="prev" />
            <span className="govuk-pagination__link-title">{t("pagination.previous")}</span>
          </a>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pageSlots(current, totalPages).map((slot, i) =>
          slot === "ellipsis" ? (
            <li key={`e${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
              {"\u22EF"}
            </li>
          ) : (
            <li key={slot} className={cx("govuk-pagination__item", slot === current && "govuk-pagination__item--current")}>
              <a
                className="govuk-link govuk-pagination__link"
                href={hrefForPage(slot)}
                aria-label={t("pagination.page", { page: slot })}
                aria-current={slot === current ? "page" : undefined}
              >
                {slot}
              </a>
            </li>
          ),
        )}
      </ul>
      {current < totalPages ? (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={hrefForPage(current + 1)} rel="next">
            <span className="govuk-pagination__link-title">{t("pagination.next")}</span>
            <Arrow direction="next" />
          </a>
        </div>
      ) : null}
    </nav>
  );
}
