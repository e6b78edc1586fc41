// Per iteration: test accuracy of the trained (unstructured) and the hard-cut (structured)
// network against sparsity; the gap is what RSST tries to close.
import { useMemo } from "react";
import type { ExperimentState } from "../../store/experimentStore";
import { accuracyPoints } from "../../store/views/chartSeries";
import { ChartCard } from "./ChartCard";
import { usePlots } from "./usePlots";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: ExperimentState) => state.run.log;

export function AccuracyChart() {
  const plots = usePlots();
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
      {plots && <plots.AccuracyPlot points={points} />}
    </ChartCard>
  );
}
