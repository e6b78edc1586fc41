// Per iteration: test accuracy of the trained (unstructured) and the hard-cut (structured)
// network against sparsity; the gap is what RSST tries to close.
import { useMemo } from "react";
import { useExperiment } from "../../store/appStore";
import { accuracyPoints } from "../../store/views/chartSeries";
import { CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";
import type { Bound } from "./geometry";
import { LineChart, type Series } from "./LineChart";

const SERIES: Series[] = [
  {
    key: "unstructured",
    name: "unstructured",
    color: COLORS.unstructured,
    dot: { r: 3.5, className: "accuracy-dot" },
  },
  {
    key: "structured",
    name: "structured",
    color: COLORS.structured,
    dot: { r: 3.5, className: "accuracy-dot" },
  },
];
const PERCENT_AXIS: [Bound, Bound] = [0, 100];
const asPercent = (v: number) => `${v}%`;
const formatValue = (v: number) => `${v.toFixed(1)}%`;
const describeSparsity = (sparsity: number) => `sparsity ${sparsity.toFixed(1)}%`;

export function AccuracyChart() {
  const log = useExperiment((s) => s.run.log);
  const points = useMemo(() => accuracyPoints(log), [log]);
  return (
    <ChartCard
      testId="chart-accuracy"
      title="Accuracy vs sparsity"
      caption="One point per iteration. Unstructured: the weights as trained; structured: with the removed heads, neurons or channels cut."
      points={points.length}
      empty="A point appears after each iteration."
    >
      <LineChart
        label="Test accuracy against sparsity"
        rows={points}
        xKey="sparsity"
        series={SERIES}
        height={CHART_HEIGHT}
        xDomain={PERCENT_AXIS}
        yDomain={PERCENT_AXIS}
        formatX={asPercent}
        formatY={asPercent}
        formatValue={formatValue}
        describeX={describeSparsity}
        legend
      />
    </ChartCard>
  );
}
