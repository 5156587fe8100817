import type { ReactNode } from "react";
import { cx } from "./class-names";

// Secondary navigation between the pages of one service (MoJ "sub navigation"): a labelled <nav> whose current
// entry carries aria-current ("page" on that very page, "true" on a page below it).

export interface SubNavigationItem {
  href: string;
  text: ReactNode;
  current?: "page" | "true";
}

export interface SubNavigationProps {
  /** The landmark's name, e.g. "Quản trị". */
  label: string;
  items: readonly SubNavigationItem[];
  className?: string;
}

export function SubNavigation({ label, items, className }: SubNavigationProps) {
  return (
    <nav className={cx("app-sub-navigation", className)} aria-label={label}>
      <ul className="app-sub-navigation__list">
        {items.map((item) => (
          <li key={item.href} className="app-sub-navigation__item">
            <a className="app-sub-navigation__link" href={item.href} aria-current={item.current}>
              {item.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
