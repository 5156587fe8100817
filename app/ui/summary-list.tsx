import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface SummaryListAction {
  href: string;
  /** Visible word, e.g. "Thay đổi". */
  text: string;
  /** Read after the visible word by screen readers, e.g. "họ và tên". */
  visuallyHiddenText?: string;
}

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  actions?: SummaryListAction[];
}

export interface SummaryListProps {
  rows: readonly SummaryListRow[];
  noBorder?: boolean;
  className?: string;
}

export function SummaryList({ rows, noBorder, className }: SummaryListProps) {
  const anyActions = rows.some((r) => r.actions && r.actions.length > 0);
  return (
    <dl className={cx("govuk-summary-list", noBorder && "govuk-summary-list--no-border", className)}>
      {rows.map((row, i) => {
        const actions = row.actions ?? [];
        return (
          <div
            key={i}
            className={cx("govuk-summary-list__row", anyActions && actions.length === 0 && "govuk-summary-list__row--no-actions")}
          >
            <dt className="govuk-summary-list__key">{row.key}</dt>
            <dd className="govuk-summary-list__value">{row.value}</dd>
            {actions.length > 0 ? (
              <dd className="govuk-summary-list__actions">
                {actions.length === 1 && actions[0] ? (
                  <ActionLink action={actions[0]} />
                ) : (
                  <ul className="govuk-summary-list__actions-list">
                    {actions.map((a) => (
                      <li key={a.href} className="govuk-summary-list__actions-list-item">
                        <ActionLink action={a} />
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}

function ActionLink({ action }: { action: SummaryListAction }) {
  return (
    <a className="govuk-link" href={action.href}>
      {action.text}
      {action.visuallyHiddenText ? <span className="govuk-visually-hidden"> {action.visuallyHiddenText}</span> : null}
    </a>
  );
}
