// Training loss per step of the iteration in progress, live.
import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useExperiment } from "../../store/appStore";
import type { ExperimentState } from "../../store/experimentStore";
import { thin } from "../../store/views/chartSeries";
import { number } from "../format";
import { AXIS_STYLE, CHART_HEIGHT, ChartCard, COLORS, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
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
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eef0f3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={["dataMin", "dataMax"]}
            allowDecimals={false}
            tick={AXIS_STYLE}
          />
          <YAxis
            domain={["auto", "auto"]}
            tick={AXIS_STYLE}
            width={44}
            tickFormatter={(v: number) => number(v, 3)}
          />
          <Tooltip formatter={(v) => number(Number(v))} labelFormatter={(step) => `step ${step}`} />
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
    </ChartCard>
  );
}
