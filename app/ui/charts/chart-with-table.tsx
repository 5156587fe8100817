import type { ReactNode } from "react";
import { Table, type TableCell } from "../table";

// A chart and, always beside it, the data table with the same numbers (caption, column and row headers). The table
// scrolls horizontally inside a focusable, labelled region so a small phone can read every column.

export interface ChartWithTableProps {
  /** The heading above both (an h3 unless `headingLevel` says otherwise). */
  heading: string;
  headingLevel?: 2 | 3;
  chart: ReactNode;
  caption: string;
  head: readonly TableCell[];
  rows: ReadonlyArray<readonly TableCell[]>;
}

export function ChartWithTable({ heading, headingLevel = 3, chart, caption, head, rows }: ChartWithTableProps) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="app-chart-block">
      <H className={headingLevel === 2 ? "govuk-heading-m" : "govuk-heading-s"}>{heading}</H>
      <div className="app-chart-frame">{chart}</div>
      <TableScroll label={caption}>
        <Table caption={caption} captionSize="s" head={head} rows={rows} firstCellIsHeader />
      </TableScroll>
    </section>
  );
}

/** A focusable region with a label that scrolls a wide table sideways. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
