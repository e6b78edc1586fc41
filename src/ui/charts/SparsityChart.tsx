// Sparsity after each iteration: overall, structured, and every prunable layer (faint).
import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useExperiment } from "../../store/appStore";
import { sparsityRows } from "../../store/views/chartSeries";
import { AXIS_STYLE, CHART_HEIGHT, ChartCard, COLORS } from "./ChartCard";

export function SparsityChart() {
  const log = useExperiment((s) => s.run.log);
  const { rows, layers } = useMemo(() => sparsityRows(log), [log]);
  return (
    <ChartCard
      testId="chart-sparsity"
      title="Sparsity"
      caption="Share of pruned weights after each iteration; thin lines are the single layers."
      points={rows.length}
      empty="Sparsity appears after each iteration."
    >
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#eef0f3" />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={[1, "dataMax"]}
            allowDecimals={false}
            tick={AXIS_STYLE}
          />
          <YAxis domain={[0, 100]} tick={AXIS_STYLE} width={44} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} labelFormatter={(i) => `iteration ${i}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {layers.map((layer) => (
            <Line
              key={layer}
              dataKey={layer}
              name={layer}
              stroke="#9aa5b4"
              strokeOpacity={0.55}
              strokeWidth={1}
              dot={false}
              legendType="none"
              isAnimationActive={false}
            />
          ))}
          <Line
            dataKey="structured"
            name="structured"
            stroke={COLORS.structured}
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            dataKey="overall"
            name="overall"
            stroke={COLORS.overall}
            strokeWidth={2.2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
