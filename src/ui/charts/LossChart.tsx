// Training loss per step of the iteration in progress, live.
import { useMemo } from "react";
import { useExperiment } from "../../store/appStore";
import type { ExperimentState } from "../../store/experimentStore";
import { thin } from "../../store/views/chartSeries";
import { number } from "../format";
import { CHART_HEIGHT, ChartCard, COLORS, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import { LineChart, type Series } from "./LineChart";
import { useThrottledExperiment } from "./useThrottled";

const selectLive = (state: ExperimentState) => state.run.live;
const SERIES: Series[] = [{ key: "loss", name: "loss", color: COLORS.loss, strokeWidth: 1.6 }];
const formatLoss = (v: number) => number(v, 3);
const formatValue = (v: number) => number(v);
const describeStep = (step: number) => `step ${step}`;

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
      <LineChart
        label="Training loss per step"
        rows={points}
        xKey="step"
        series={SERIES}
        height={CHART_HEIGHT}
        xIntegers
        formatY={formatLoss}
        formatValue={formatValue}
        describeX={describeStep}
      />
    </ChartCard>
  );
}
