// A titled box around one chart, carrying its test id and how many points it draws.
import type { ReactNode } from "react";

interface ChartCardProps {
  testId: string;
  title: string;
  caption: string;
  /** Data points drawn (per series), exposed as data-points for tests and tools. */
  points: number;
  /** Of those, the points measured in the run (where a chart also draws computed ones). */
  measured?: number;
  empty: string;
  /** The figures in words: the chart's text alternative, read by screen readers. */
  summary?: string;
  children: ReactNode;
}

export function ChartCard({
  testId,
  title,
  caption,
  points,
  measured,
  empty,
  summary,
  children,
}: ChartCardProps) {
  const summaryId = `${testId}-summary`;
  return (
    <figure
      className="chart-card"
      data-testid={testId}
      data-points={points}
      data-measured={measured ?? points}
      aria-describedby={summary ? summaryId : undefined}
    >
      <figcaption>
        <h3>{title}</h3>
        <p>{caption}</p>
        {summary && (
          <p id={summaryId} className="sr-only" data-testid={summaryId}>
            {summary}
          </p>
        )}
      </figcaption>
      {/* The chart stays mounted while empty: mounting it mid-run would stall the page. */}
      <div className="chart-body">
        {children}
        {points === 0 && <p className="chart-empty chart-overlay">{empty}</p>}
      </div>
    </figure>
  );
}

export const CHART_HEIGHT = 210;
/** How often the live charts (loss, λ) redraw while steps stream in. */
export const LIVE_CHART_INTERVAL_MS = 500;
export const AXIS_STYLE = { fontSize: 11, fill: "#5b6472" };
export const COLORS = {
  loss: "#2f6fde",
  unstructured: "#2f6fde",
  structured: "#e4572e",
  overall: "#1b1f24",
  lambda: "#8a3ffc",
  schedule: "#c9b3f5",
  final: "#1a7f37",
};
