// The frame every line plot shares: a container as wide as its card, the chart with the shared
// margin, and the grid. Axes, tooltip and lines are the children, given straight to the chart.
import type { ComponentProps, ReactNode } from "react";
import { CartesianGrid, LineChart, ResponsiveContainer } from "recharts";
import { CHART_MARGIN, GRID_STROKE } from "./chartProps";

export function PlotFrame({
  height,
  data,
  children,
}: {
  height: number;
  /** The chart's rows; left out where each line brings its own. */
  data?: ComponentProps<typeof LineChart>["data"];
  children: ReactNode;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        {children}
      </LineChart>
    </ResponsiveContainer>
  );
}
