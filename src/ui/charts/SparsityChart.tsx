// Sparsity after each iteration: overall, structured, and every prunable layer (faint).
import { useMemo } from "react";
import { useExperiment } from "../../store/appStore";
import { sparsityRows } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";
import type { Bound } from "./geometry";
import { LineChart, type Series } from "./LineChart";

const X_AXIS: [Bound, Bound] = [1, null];
const PERCENT_AXIS: [Bound, Bound] = [0, 100];
const asPercent = (v: number) => `${v}%`;
const formatValue = (v: number) => `${v.toFixed(1)}%`;
const describeIteration = (i: number) => `iteration ${i}`;

function seriesFor(layers: string[]): Series[] {
  return [
    ...layers.map((layer) => ({
      key: layer,
      name: layer,
      color: "#9aa5b4",
      opacity: 0.55,
      strokeWidth: 1,
      listed: false,
    })),
    {
      key: "structured",
      name: "structured",
      color: COLORS.structured,
      dash: "5 3",
      dot: { r: 3 },
    },
    { key: "overall", name: "overall", color: COLORS.overall, strokeWidth: 2.2, dot: { r: 3 } },
  ];
}

export function SparsityChart() {
  const log = useExperiment((s) => s.run.log);
  const { rows, layers } = useMemo(() => sparsityRows(log), [log]);
  // The series change only when the layer names do, not with every new row.
  const layerNames = layers.join("\n");
  const series = useMemo(() => seriesFor(layerNames === "" ? [] : layerNames.split("\n")), [layerNames]);
  return (
    <ChartCard
      testId="chart-sparsity"
      title="Sparsity"
      caption="Share of pruned weights after each iteration; thin lines are the single layers."
      points={rows.length}
      empty="Sparsity appears after each iteration."
    >
      <LineChart
        label="Sparsity per iteration"
        rows={rows}
        xKey="iteration"
        series={series}
        height={CHART_HEIGHT}
        xDomain={X_AXIS}
        yDomain={PERCENT_AXIS}
        xIntegers
        formatY={asPercent}
        formatValue={formatValue}
        describeX={describeIteration}
        legend
      />
    </ChartCard>
  );
}
