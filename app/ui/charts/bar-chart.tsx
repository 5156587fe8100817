import { PatternDefs, patternId } from "./chart-patterns";

// A horizontal bar chart drawn on the server as SVG (no client library): one bar per row, its label on the left and
// its value written at the bar's end, so the numbers are readable without the colour. role="img" names the chart by
// its <title> and describes it by its <desc>; the page always shows a data table with the same numbers beside it.
// The size is in the viewBox only: the chart scales to the width of a small phone.

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartProps {
  /** Unique on the page: the ids of the title, the description and the patterns derive from it. */
  id: string;
  title: string;
  desc: string;
  data: readonly BarDatum[];
  /** How a value is written at the end of its bar (e.g. "1.234" or "75,0 %"). */
  formatValue?: (value: number) => string;
  /** The scale's maximum; the largest value by default. */
  max?: number;
}

export const BAR_CHART = { width: 640, labelWidth: 200, valueWidth: 90, rowHeight: 28, barHeight: 18, padding: 8 } as const;

/** Shortens a label to fit the label column (the full label is in the data table and in the bar's <title>). */
export function fitLabel(label: string, max = 28): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

export function BarChart({ id, title, desc, data, formatValue = String, max }: BarChartProps) {
  const { width, labelWidth, valueWidth, rowHeight, barHeight, padding } = BAR_CHART;
  const scaleMax = Math.max(max ?? 0, ...data.map((d) => d.value), 1);
  const plot = width - labelWidth - valueWidth - padding * 2;
  const height = Math.max(data.length, 1) * rowHeight + padding * 2;
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
      <PatternDefs chartId={id} count={1} />
      {data.map((d, i) => {
        const y = padding + i * rowHeight;
        const w = Math.round((Math.max(d.value, 0) / scaleMax) * plot * 10) / 10;
        const text = formatValue(d.value);
        return (
          <g key={i} aria-hidden="true">
            <text x={labelWidth - 6} y={y + rowHeight / 2 + 5} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {fitLabel(d.label)}
            </text>
            <rect x={labelWidth} y={y + (rowHeight - barHeight) / 2} width={w} height={barHeight} fill={`url(#${patternId(id, 0)})`} stroke="#0b0c0c" strokeWidth={w > 0 ? 1 : 0} />
            <text x={labelWidth + w + 6} y={y + rowHeight / 2 + 5} fontSize="14" fill="#0b0c0c">
              {text}
            </text>
          </g>
        );
      })}
      <line x1={labelWidth} y1={padding} x2={labelWidth} y2={height - padding} stroke="#0b0c0c" strokeWidth="1" />
    </svg>
  );
}
