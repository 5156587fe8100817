import type { ReactNode } from "react";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export interface CardItem {
  href: string;
  title: string;
  body?: ReactNode;
}

export interface CardListProps {
  items: readonly CardItem[];
  /** Level of each card's heading (default 2). */
  headingLevel?: HeadingLevel;
  /** Columns on desktop (1 on phones, 2 on tablets). Default 3. */
  columns?: 2 | 3;
  className?: string;
}

/** Link cards: the whole card is clickable through the heading link. */
export function CardList({ items, headingLevel = 2, columns = 3, className }: CardListProps) {
  const Heading = headingTag(headingLevel);
  return (
    <ul className={cx("app-card-list", columns === 2 && "app-card-list--two", className)}>
      {items.map((item) => (
        <li key={`${item.href} ${item.title}`} className="app-card">
          <Heading className="govuk-heading-m app-card__heading">
            <a className="govuk-link app-card__link" href={item.href}>
              {item.title}
            </a>
          </Heading>
          {item.body ? <p className="govuk-body app-card__body">{item.body}</p> : null}
        </li>
      ))}
    </ul>
  );
}
