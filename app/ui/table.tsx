import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface TableCell {
  text: ReactNode;
  /** Right-aligns numbers (tabular figures). */
  format?: "numeric";
  colSpan?: number;
}

export interface TableProps {
  caption?: ReactNode;
  captionSize?: "xl" | "l" | "m" | "s";
  head?: readonly TableCell[];
  rows: ReadonlyArray<readonly TableCell[]>;
  /** First cell of each row is a row header (<th scope="row">). */
  firstCellIsHeader?: boolean;
  className?: string;
}

function numeric(cell: TableCell, base: string) {
  return cell.format === "numeric" ? `${base}--numeric` : undefined;
}

export function Table({ caption, captionSize, head, rows, firstCellIsHeader, className }: TableProps) {
  return (
    <table className={cx("govuk-table", className)}>
      {caption ? (
        <caption className={cx("govuk-table__caption", captionSize && `govuk-table__caption--${captionSize}`)}>{caption}</caption>
      ) : null}
      {head ? (
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((cell, i) => (
              <th key={i} scope="col" colSpan={cell.colSpan} className={cx("govuk-table__header", numeric(cell, "govuk-table__header"))}>
                {cell.text}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody className="govuk-table__body">
        {rows.map((row, r) => (
          <tr key={r} className="govuk-table__row">
            {row.map((cell, i) =>
              i === 0 && firstCellIsHeader ? (
                <th key={i} scope="row" colSpan={cell.colSpan} className={cx("govuk-table__header", numeric(cell, "govuk-table__header"))}>
                  {cell.text}
                </th>
              ) : (
                <td key={i} colSpan={cell.colSpan} className={cx("govuk-table__cell", numeric(cell, "govuk-table__cell"))}>
                  {cell.text}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
