// Per iteration: test accuracy of the trained (unstructured) and the hard-cut (structured)
// network against sparsity; the gap is what RSST tries to close.
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useExperiment } from "../../store/appStore";
import { accuracyPoints } from "../../store/views/chartSeries";
import { AXIS_STYLE, CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";

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
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eef0f3" />
          <XAxis
            dataKey="sparsity"
            type="number"
            domain={[0, 100]}
            tick={AXIS_STYLE}
            tickFormatter={(v: number) => `${v}%`}
          />
          <YAxis domain={[0, 100]} tick={AXIS_STYLE} width={44} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip
            formatter={(v) => `${Number(v).toFixed(1)}%`}
            labelFormatter={(sparsity) => `sparsity ${Number(sparsity).toFixed(1)}%`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            dataKey="unstructured"
            name="unstructured"
            stroke={COLORS.unstructured}
            strokeWidth={2}
            dot={{ r: 3.5, className: "accuracy-dot" }}
            isAnimationActive={false}
          />
          <Line
            dataKey="structured"
            name="structured"
            stroke={COLORS.structured}
            strokeWidth={2}
            dot={{ r: 3.5, className: "accuracy-dot" }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
