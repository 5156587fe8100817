// The fills the statistics charts share: a colour AND a pattern per series, so that a reader who cannot tell the
// colours apart (or prints in black and white) still tells the series apart; the legend repeats the pattern.

export interface SeriesStyle {
  /** A GOV.UK palette colour with at least 3:1 contrast against white. */
  colour: string;
  pattern: "solid" | "diagonal" | "dots" | "cross" | "horizontal";
}

export const SERIES_STYLES: readonly SeriesStyle[] = [
  { colour: "#00703c", pattern: "solid" },
  { colour: "#1d70b8", pattern: "diagonal" },
  { colour: "#d4351c", pattern: "cross" },
  { colour: "#4c2c92", pattern: "dots" },
  { colour: "#6f777b", pattern: "horizontal" },
];

export function seriesStyle(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length]!;
}

/** The id of the <pattern> for a series inside one chart (ids must be unique on the page). */
export function patternId(chartId: string, index: number): string {
  return `${chartId}-p${index}`;
}

/** <defs> with one pattern per series: the series colour with white marks over it. */
export function PatternDefs({ chartId, count }: { chartId: string; count: number }) {
  return (
    <defs>
      {Array.from({ length: count }, (_, i) => {
        const { colour, pattern } = seriesStyle(i);
        return (
          <pattern key={i} id={patternId(chartId, i)} patternUnits="userSpaceOnUse" width="8" height="8">
            <rect width="8" height="8" fill={colour} />
            {pattern === "diagonal" ? <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" strokeWidth="1.5" /> : null}
            {pattern === "cross" ? <path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" strokeWidth="1.5" /> : null}
            {pattern === "dots" ? <circle cx="4" cy="4" r="1.6" fill="#fff" /> : null}
            {pattern === "horizontal" ? <path d="M0,4 h8" stroke="#fff" strokeWidth="1.5" /> : null}
          </pattern>
        );
      })}
    </defs>
  );
}
