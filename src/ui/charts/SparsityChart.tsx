// Sparsity after each iteration: overall, structured, and every prunable layer (faint).
import { useMemo } from "react";
import type { LabState } from "../../store/labState";
import { sparsityRows } from "../../store/views/chartSeries";
import { sparsitySummary } from "../../store/views/chartSummaries";
import { ChartCard } from "./ChartCard";
import { usePlots } from "./usePlots";
import { OWN_TASK, useThrottledExperiment } from "./useThrottled";

const selectLog = (state: LabState) => state.run.log;

export function SparsityChart() {
  const plots = usePlots();
  const log = useThrottledExperiment(selectLog, OWN_TASK);
  const { rows, layers } = useMemo(() => sparsityRows(log), [log]);
  return (
    <ChartCard
      testId="chart-sparsity"
      title="Sparsity"
      caption="Share of pruned weights after each iteration; thin lines are the single layers."
      points={rows.length}
      summary={sparsitySummary({ rows, layers })}
      empty="Sparsity appears after each iteration."
    >
      {plots && <plots.SparsityPlot rows={rows} layers={layers} />}
    </ChartCard>
  );
}
