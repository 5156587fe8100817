import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface TaskListItem {
  title: ReactNode;
  /** Without href the task cannot be started yet. */
  href?: string;
  hint?: ReactNode;
  /** Plain text (e.g. "Đã xong") or a <Tag>. */
  status: ReactNode;
  /** Greys the status text (for "Chưa thể bắt đầu"). */
  statusMuted?: boolean;
}

export interface TaskListProps {
  idPrefix: string;
  items: readonly TaskListItem[];
  className?: string;
}

export function TaskList({ idPrefix, items, className }: TaskListProps) {
  return (
    <ul className={cx("govuk-task-list", className)}>
      {items.map((item, i) => {
        const base = `${idPrefix}-${i + 1}`;
        const hintId = item.hint ? `${base}-hint` : undefined;
        const statusId = `${base}-status`;
        return (
          <li key={base} className={cx("govuk-task-list__item", item.href && "govuk-task-list__item--with-link")}>
            <div className="govuk-task-list__name-and-hint">
              {item.href ? (
                <a
                  className="govuk-link govuk-task-list__link"
                  href={item.href}
                  aria-describedby={[hintId, statusId].filter(Boolean).join(" ")}
                >
                  {item.title}
                </a>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint ? (
                <div id={hintId} className="govuk-task-list__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>
            <div
              id={statusId}
              className={cx("govuk-task-list__status", item.statusMuted && "govuk-task-list__status--cannot-start-yet")}
            >
              {item.status}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
