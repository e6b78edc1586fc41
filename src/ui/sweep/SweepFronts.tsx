// The fronts: test accuracy against sparsity or the compacted MFLOPs, one colour per value of
// the colour key, each colour's Pareto front as a step line, mean ± std over seeds as a cross
// with error bars (settings with two seeds or more). A click on a point opens its run.
import {
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ColourGroup, FrontMeasure } from "../../core/sweep";
import { AXIS_STYLE, CHART_HEIGHT } from "../charts/ChartCard";
import { percent } from "../format";

export const MEASURE_LABELS: Record<FrontMeasure, string> = {
  sparsity: "sparsity",
  mflops: "compacted MFLOPs per image",
};

/** Tenths from the one at or below the lowest value to 1: close points stand apart on round ticks. */
function tenthsFrom(values: readonly number[]): number[] {
  const start = Math.floor(Math.min(1, ...values) * 10);
  return Array.from({ length: 11 - start }, (_, i) => (start + i) / 10);
}

interface Props {
  groups: ColourGroup[];
  colourKey: string;
  measure: FrontMeasure;
  colourOf: (value: string) => string;
  onOpen: (runId: string | null) => void;
}

export function SweepFronts({ groups, colourKey, measure, colourOf, onOpen }: Props) {
  const xText = (v: number) => (measure === "sparsity" ? percent(v, 0) : v.toFixed(2));
  const points = groups.flatMap((group) => group.points);
  const accuracyTicks = tenthsFrom(points.map((p) => p.testAcc));
  const sparsityTicks = tenthsFrom(points.map((p) => p.x));
  return (
    <div
      data-testid="sweep-chart"
      data-series={groups.length}
      data-measure={measure}
      data-points={points.length}
      style={{ height: CHART_HEIGHT }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={measure === "sparsity" ? [sparsityTicks[0] ?? 0, 1] : [0, "auto"]}
            ticks={measure === "sparsity" ? sparsityTicks : undefined}
            tickFormatter={xText}
            label={{ value: MEASURE_LABELS[measure], position: "insideBottom", offset: -8 }}
            {...AXIS_STYLE}
          />
          <YAxis
            type="number"
            dataKey="testAcc"
            domain={[accuracyTicks[0] ?? 0, 1]}
            ticks={accuracyTicks}
            tickFormatter={(v: number) => percent(v, 0)}
            {...AXIS_STYLE}
          />
          <Tooltip
            formatter={(value, _name, item) =>
              typeof value !== "number" ? String(value) : item.dataKey === "x" ? xText(value) : percent(value)
            }
          />
          <Legend verticalAlign="top" />
          {groups.flatMap((group) => {
            const colour = colourOf(group.colour);
            return [
              <Scatter
                key={`points-${group.colour}`}
                name={`${colourKey} ${group.colour}`}
                data={group.points}
                fill={colour}
                isAnimationActive={false}
                onClick={(entry) =>
                  onOpen((entry as { payload?: { runId?: string | null } }).payload?.runId ?? null)
                }
              />,
              <Line
                key={`front-${group.colour}`}
                name={`front ${group.colour}`}
                data={group.front}
                dataKey="testAcc"
                type="stepAfter"
                stroke={colour}
                dot={false}
                isAnimationActive={false}
                legendType="none"
              />,
              <Scatter
                key={`means-${group.colour}`}
                name={`mean ± std ${group.colour}`}
                data={group.means.filter((mean) => mean.seeds > 1)}
                fill={colour}
                shape="cross"
                legendType="none"
                isAnimationActive={false}
              >
                <ErrorBar dataKey="testAccStd" direction="y" stroke={colour} />
                <ErrorBar dataKey="xStd" direction="x" stroke={colour} />
              </Scatter>,
            ];
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
