// Per iteration: test accuracy of the trained (unstructured) and the hard-cut (structured)
// network, each at the sparsity it was measured at, and the final ticket: the run's result.
// The gap between the first two is what RSST tries to close.
import { useMemo } from "react";
import type { LabState } from "../../store/labState";
import { accuracySeries } from "../../store/views/chartSeries";
import { accuracySummary } from "../../store/views/chartSummaries";
import { ChartCard } from "./ChartCard";
import { usePlots } from "./usePlots";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: LabState) => state.run.log;

export function AccuracyChart() {
  const plots = usePlots();
  const log = useThrottledExperiment(selectLog, OWN_TASK);
  const series = useMemo(() => accuracySeries(log), [log]);
  return (
    <ChartCard
      testId="chart-accuracy"
      title="Accuracy vs sparsity"
      caption="Each point sits at the sparsity of the weights it was measured on. Unstructured: an iteration's weights as trained, under the mask they trained with; structured: the same weights with the heads, neurons or channels outside the new structure cut; final ticket: the run's result, the final mask trained."
      points={series.unstructured.length}
      summary={accuracySummary(series)}
      empty="A point appears after each iteration."
    >
      {plots && <plots.AccuracyPlot series={series} />}
    </ChartCard>
  );
}
