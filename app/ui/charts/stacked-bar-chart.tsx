import { fitLabel } from "./bar-chart";
import { PatternDefs, patternId } from "./chart-patterns";

// A horizontal stacked bar chart (e.g. resolved early / on time / late per month), server-rendered SVG. Each series has
// a colour and a pattern, a legend repeats both with the series' name, the row's total is written at the bar's end, and
// the data table beside the chart carries every value. role="img" + <title>/<desc>; sizes in the viewBox only.

export interface StackedSeries {
  key: string;
  label: string;
}

export interface StackedRow {
  label: string;
  /** One value per series, in the order of `series`. */
  values: readonly number[];
}

export interface StackedBarChartProps {
  id: string;
  title: string;
  desc: string;
  series: readonly StackedSeries[];
  rows: readonly StackedRow[];
  formatValue?: (value: number) => string;
}

export const STACKED_CHART = { width: 640, labelWidth: 130, totalWidth: 70, rowHeight: 30, barHeight: 20, padding: 8, legendHeight: 28 } as const;

export function StackedBarChart({ id, title, desc, series, rows, formatValue = String }: StackedBarChartProps) {
  const { width, labelWidth, totalWidth, rowHeight, barHeight, padding, legendHeight } = STACKED_CHART;
  const totals = rows.map((r) => r.values.reduce((a, b) => a + Math.max(b, 0), 0));
  const scaleMax = Math.max(...totals, 1);
  const plot = width - labelWidth - totalWidth - padding * 2;
  const legendRows = Math.ceil(series.length / 3);
  const top = padding + legendRows * legendHeight;
  const height = top + Math.max(rows.length, 1) * rowHeight + padding;
  const legendColumn = (width - padding * 2) / 3;
  return (
    <svg
      className="app-chart"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <PatternDefs chartId={id} count={series.length} />
      <g aria-hidden="true">
        {series.map((s, i) => {
          const x = padding + (i % 3) * legendColumn;
          const y = padding + Math.floor(i / 3) * legendHeight;
          return (
            <g key={s.key}>
              <rect x={x} y={y + 2} width="18" height="18" fill={`url(#${patternId(id, i)})`} stroke="#0b0c0c" strokeWidth="1" />
              <text x={x + 24} y={y + 16} fontSize="14" fill="#0b0c0c">
                {fitLabel(s.label, 22)}
              </text>
            </g>
          );
        })}
      </g>
      {rows.map((r, ri) => {
        const y = top + ri * rowHeight;
        let x = labelWidth;
        return (
          <g key={ri} aria-hidden="true">
            <text x={labelWidth - 6} y={y + rowHeight / 2 + 5} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {fitLabel(r.label, 16)}
            </text>
            {r.values.map((v, si) => {
              const w = Math.round((Math.max(v, 0) / scaleMax) * plot * 10) / 10;
              const segment = (
                <rect key={si} x={x} y={y + (rowHeight - barHeight) / 2} width={w} height={barHeight} fill={`url(#${patternId(id, si)})`} stroke="#0b0c0c" strokeWidth={w > 0 ? 1 : 0} />
              );
              x += w;
              return segment;
            })}
            <text x={x + 6} y={y + rowHeight / 2 + 5} fontSize="14" fill="#0b0c0c">
              {formatValue(totals[ri]!)}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} y1={top} x2={labelWidth} y2={height - padding} stroke="#0b0c0c" strokeWidth="1" />
    </svg>
  );
}
