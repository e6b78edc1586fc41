// RSST's λ over the steps of the iteration in progress, with the schedule's curve ahead.
import { memo, useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useExperiment } from "../../store/appStore";
import type { ExperimentState } from "../../store/experimentStore";
import type { LivePoint } from "../../store/runState";
import { type LambdaPoint, lambdaPoints, regularizes } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import {
  asNumberValue,
  asShortNumber,
  CHART_MARGIN,
  DATA_EXTENT,
  EVERY_TICK,
  GRID_STROKE,
  LEGEND_STYLE,
  plainTick,
  stepLabel,
} from "./chartProps";
import { useThrottledExperiment } from "./useThrottled";

const NO_STEPS: LivePoint[] = [];
/** The live steps only while they carry a λ worth drawing, so other runs do not redraw this chart. */
const selectLive = (state: ExperimentState) =>
  regularizes(state.run.log?.config ?? null, state.run.liveIteration) ? state.run.live : NO_STEPS;

export function LambdaChart() {
  const config = useExperiment((s) => s.run.log?.config ?? s.config);
  const live = useThrottledExperiment(selectLive, LIVE_CHART_INTERVAL_MS);
  const iteration = useExperiment((s) => s.run.liveIteration);
  const stepsPerEpoch = useExperiment((s) => s.run.progress.stepsPerEpoch);
  const points = useMemo(
    () => lambdaPoints(config, stepsPerEpoch, live, iteration),
    [config, stepsPerEpoch, live, iteration],
  );

  let caption: string;
  if (config?.struct !== "rsst") caption = "RSST's pull toward zero on the weights the structure will drop.";
  else if (!regularizes(config, iteration)) {
    caption = "Iteration 1 trains without λ; from iteration 2 on, λ follows the faint curve.";
  } else caption = `Iteration ${iteration + 1}: λ measured (solid) and the schedule's curve (faint).`;

  return (
    <ChartCard
      testId="chart-lambda"
      title="Regularization λ"
      caption={caption}
      points={points.length}
      measured={points.filter((point) => point.lambda !== undefined).length}
      empty="Only RSST uses λ; this method trains without it."
    >
      <LambdaPlot points={points} />
    </ChartCard>
  );
}

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
const LambdaPlot = memo(function LambdaPlot({ points }: { points: readonly LambdaPoint[] }) {
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
        <YAxis tick={plainTick} width={44} interval={EVERY_TICK} tickFormatter={asShortNumber} />
        <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
        <Legend wrapperStyle={LEGEND_STYLE} />
        <Line
          dataKey="schedule"
          name="schedule"
          stroke={COLORS.schedule}
          strokeWidth={2}
          strokeDasharray="4 3"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="lambda"
          name="λ"
          stroke={COLORS.lambda}
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});
