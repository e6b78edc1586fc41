// Sparsity after each iteration: overall, structured, and every prunable layer (faint).
import { lazy, Suspense, useMemo } from "react";
import type { ExperimentState } from "../../store/experimentStore";
import { sparsityRows } from "../../store/views/chartSeries";
import { ChartCard } from "./ChartCard";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: ExperimentState) => state.run.log;

// recharts comes with the plot, in a chunk loaded after the first paint (plots.tsx).
const SparsityPlot = lazy(() => import("./plots").then((plots) => ({ default: plots.SparsityPlot })));

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
      <Suspense fallback={null}>
        <SparsityPlot rows={rows} layers={layers} />
      </Suspense>
    </ChartCard>
  );
}
