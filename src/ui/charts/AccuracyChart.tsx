// Per iteration: test accuracy of the trained (unstructured) and the hard-cut (structured)
// network against sparsity; the gap is what RSST tries to close.
import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExperimentState } from "../../store/experimentStore";
import { type AccuracyPoint, accuracyPoints } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";
import {
  ACCURACY_DOT,
  asPercent,
  asPercentValue,
  CHART_MARGIN,
  EVERY_TICK,
  GRID_STROKE,
  LEGEND_STYLE,
  PERCENT_EXTENT,
  plainTick,
  sparsityLabel,
} from "./chartProps";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: ExperimentState) => state.run.log;

export function AccuracyChart() {
  const log = useThrottledExperiment(selectLog, OWN_TASK);
  const points = useMemo(() => accuracyPoints(log), [log]);
  return (
    <ChartCard
      testId="chart-accuracy"
      title="Accuracy vs sparsity"
      caption="One point per iteration. Unstructured: the weights as trained; structured: with the removed heads, neurons or channels cut."
      points={points.length}
      empty="A point appears after each iteration."
    >
      <AccuracyPlot points={points} />
    </ChartCard>
  );
}

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
const AccuracyPlot = memo(function AccuracyPlot({ points }: { points: readonly AccuracyPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={points} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          dataKey="sparsity"
          type="number"
          domain={PERCENT_EXTENT}
          tick={plainTick}
          interval={EVERY_TICK}
          tickFormatter={asPercent}
        />
        <YAxis
          domain={PERCENT_EXTENT}
          tick={plainTick}
          width={44}
          interval={EVERY_TICK}
          tickFormatter={asPercent}
        />
        <Tooltip formatter={asPercentValue} labelFormatter={sparsityLabel} />
        <Legend wrapperStyle={LEGEND_STYLE} />
        <Line
          dataKey="unstructured"
          name="unstructured"
          stroke={COLORS.unstructured}
          strokeWidth={2}
          dot={ACCURACY_DOT}
          isAnimationActive={false}
        />
        <Line
          dataKey="structured"
          name="structured"
          stroke={COLORS.structured}
          strokeWidth={2}
          dot={ACCURACY_DOT}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
