// The names of a plot's series under it, as plain HTML. recharts' own <Legend> reads its box
// with getBoundingClientRect whenever the chart's series change, which forces a layout of the
// whole page in the middle of a redraw (most of the busiest main-thread task of a run).
export interface LegendEntry {
  name: string;
  color: string;
  dashed?: boolean;
}

/** The height the legend takes under a plot, so that plot and legend fill the chart's box. */
export const LEGEND_HEIGHT = 22;

export function SeriesLegend({ entries }: { entries: readonly LegendEntry[] }) {
  return (
    <ul className="chart-legend">
      {entries.map((entry) => (
        <li
          key={entry.name}
          className="chart-legend-item"
          data-color={entry.color}
          data-dashed={entry.dashed ? "true" : undefined}
        >
          <span
            className="chart-legend-swatch"
            style={{ borderTopColor: entry.color, borderTopStyle: entry.dashed ? "dashed" : "solid" }}
          />
          {entry.name}
        </li>
      ))}
    </ul>
  );
}
