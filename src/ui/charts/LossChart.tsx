// Training loss per step of the iteration in progress, live.
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useExperiment } from "../../store/appStore";
import type { ExperimentState } from "../../store/experimentStore";
import type { LivePoint } from "../../store/runState";
import { thin } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import {
  AUTO_EXTENT,
  asNumberValue,
  asShortNumber,
  CHART_MARGIN,
  DATA_EXTENT,
  EVERY_TICK,
  GRID_STROKE,
  plainTick,
  stepLabel,
} from "./chartProps";
import { useThrottledExperiment } from "./useThrottled";

const selectLive = (state: ExperimentState) => state.run.live;

export function LossChart() {
  const live = useThrottledExperiment(selectLive, LIVE_CHART_INTERVAL_MS);
  const iteration = useExperiment((s) => s.run.liveIteration);
  const points = useMemo(() => thin(live, 400), [live]);
  return (
    <ChartCard
      testId="chart-loss"
      title="Training loss"
      caption={`Cross-entropy per step of iteration ${iteration + 1}.`}
      points={live.length}
      empty="The loss appears here once training starts."
    >
      <LossPlot points={points} />
    </ChartCard>
  );
}

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
const LossPlot = memo(function LossPlot({ points }: { points: readonly LivePoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={points} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          dataKey="step"
          type="number"
          domain={DATA_EXTENT}
          allowDecimals={false}
          tick={plainTick}
          interval={EVERY_TICK}
        />
        <YAxis
          domain={AUTO_EXTENT}
          tick={plainTick}
          width={44}
          interval={EVERY_TICK}
          tickFormatter={asShortNumber}
        />
        <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
        <Line
          dataKey="loss"
          stroke={COLORS.loss}
          dot={false}
          strokeWidth={1.6}
          isAnimationActive={false}
          name="loss"
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
