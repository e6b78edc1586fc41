// Sparsity after each iteration: overall, structured, and every prunable layer (faint).
import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExperimentState } from "../../store/experimentStore";
import { sparsityRows } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";
import {
  asPercent,
  asPercentValue,
  CHART_MARGIN,
  EVERY_TICK,
  FROM_FIRST_ITERATION,
  GRID_STROKE,
  iterationLabel,
  LEGEND_STYLE,
  PERCENT_EXTENT,
  plainTick,
  SPARSITY_DOT,
} from "./chartProps";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: ExperimentState) => state.run.log;

export function SparsityChart() {
  const log = useThrottledExperiment(selectLog, OWN_TASK);
  const { rows, layers } = useMemo(() => sparsityRows(log), [log]);
  return (
    <ChartCard
      testId="chart-sparsity"
      title="Sparsity"
      caption="Share of pruned weights after each iteration; thin lines are the single layers."
      points={rows.length}
      empty="Sparsity appears after each iteration."
    >
      <SparsityPlot rows={rows} layers={layers} />
    </ChartCard>
  );
}

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
const SparsityPlot = memo(function SparsityPlot({
  rows,
  layers,
}: {
  rows: readonly Record<string, number>[];
  layers: readonly string[];
}) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          dataKey="iteration"
          type="number"
          domain={FROM_FIRST_ITERATION}
          allowDecimals={false}
          tick={plainTick}
          interval={EVERY_TICK}
        />
        <YAxis
          domain={PERCENT_EXTENT}
          tick={plainTick}
          width={44}
          interval={EVERY_TICK}
          tickFormatter={asPercent}
        />
        <Tooltip formatter={asPercentValue} labelFormatter={iterationLabel} />
        <Legend wrapperStyle={LEGEND_STYLE} />
        {layers.map((layer) => (
          <Line
            key={layer}
            dataKey={layer}
            name={layer}
            stroke="#9aa5b4"
            strokeOpacity={0.55}
            strokeWidth={1}
            dot={false}
            legendType="none"
            isAnimationActive={false}
          />
        ))}
        <Line
          dataKey="structured"
          name="structured"
          stroke={COLORS.structured}
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={SPARSITY_DOT}
          isAnimationActive={false}
        />
        <Line
          dataKey="overall"
          name="overall"
          stroke={COLORS.overall}
          strokeWidth={2.2}
          dot={SPARSITY_DOT}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
