// The four charts' plots (recharts), in a chunk of their own that the charts load after the
// page's first paint (usePlots.ts). Each is memoized: it redraws only when its data changes.
import { memo } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  type TooltipContentProps,
  type TooltipValueType,
  XAxis,
  YAxis,
} from "recharts";
import type { LivePoint } from "../../store/runState";
import type { AccuracyPoint, AccuracySeries, LambdaPoint } from "../../store/views/chartSeries";
import type { PullPoint } from "../../store/views/pullSeries";
import { CHART_HEIGHT, COLORS } from "./ChartCard";
import {
  ACCURACY_DOT,
  AUTO_EXTENT,
  asNumberValue,
  asPercent,
  asPercentValue,
  asShortNumber,
  CHART_MARGIN,
  DATA_EXTENT,
  EVERY_TICK,
  FROM_FIRST_ITERATION,
  GRID_STROKE,
  iterationLabel,
  PERCENT_EXTENT,
  plainTick,
  SPARSITY_DOT,
  stepLabel,
} from "./chartProps";
import { LEGEND_HEIGHT, type LegendEntry, SeriesLegend } from "./SeriesLegend";

const PLOT_HEIGHT_OVER_LEGEND = CHART_HEIGHT - LEGEND_HEIGHT;

const LAMBDA_LEGEND: LegendEntry[] = [
  { name: "schedule", color: COLORS.schedule, dashed: true },
  { name: "λ", color: COLORS.lambda },
];
const ACCURACY_LEGEND: LegendEntry[] = [
  { name: "unstructured", color: COLORS.unstructured },
  { name: "structured", color: COLORS.structured },
  { name: "final ticket", color: COLORS.final },
];
const FINAL_DOT = { r: 6, fill: COLORS.final, stroke: COLORS.final, strokeWidth: 1, className: "final-dot" };
const SPARSITY_LEGEND: LegendEntry[] = [
  { name: "structured", color: COLORS.structured, dashed: true },
  { name: "overall", color: COLORS.overall },
];

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const LossPlot = memo(function LossPlot({ points }: { points: readonly LivePoint[] }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={points} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} />
        <XAxis
          dataKey="step"
          type="number"
          domain={DATA_EXTENT}
          allowDecimals={false}
          tick={plainTick}
          interval={EVERY_TICK}
        />
        <YAxis
          domain={AUTO_EXTENT}
          tick={plainTick}
          width={44}
          interval={EVERY_TICK}
          tickFormatter={asShortNumber}
        />
        <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
        <Line
          dataKey="loss"
          stroke={COLORS.loss}
          dot={false}
          strokeWidth={1.6}
          isAnimationActive={false}
          name="loss"
        />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const LambdaPlot = memo(function LambdaPlot({ points }: { points: readonly LambdaPoint[] }) {
  return (
    <>
      <ResponsiveContainer width="100%" height={PLOT_HEIGHT_OVER_LEGEND}>
        <LineChart data={points} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            dataKey="step"
            type="number"
            domain={DATA_EXTENT}
            allowDecimals={false}
            tick={plainTick}
            interval={EVERY_TICK}
          />
          <YAxis tick={plainTick} width={44} interval={EVERY_TICK} tickFormatter={asShortNumber} />
          <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
          <Line
            dataKey="schedule"
            name="schedule"
            stroke={COLORS.schedule}
            strokeWidth={2}
            strokeDasharray="4 3"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="lambda"
            name="λ"
            stroke={COLORS.lambda}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <SeriesLegend entries={LAMBDA_LEGEND} />
    </>
  );
});

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const AccuracyPlot = memo(function AccuracyPlot({ series }: { series: AccuracySeries }) {
  return (
    <>
      <ResponsiveContainer width="100%" height={PLOT_HEIGHT_OVER_LEGEND}>
        <LineChart margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            dataKey="sparsity"
            type="number"
            domain={PERCENT_EXTENT}
            tick={plainTick}
            interval={EVERY_TICK}
            tickFormatter={asPercent}
            allowDuplicatedCategory={false}
          />
          <YAxis
            domain={PERCENT_EXTENT}
            tick={plainTick}
            width={44}
            interval={EVERY_TICK}
            tickFormatter={asPercent}
          />
          <Tooltip content={AccuracyTooltip} />
          <Line
            data={series.unstructured}
            dataKey="accuracy"
            name="unstructured"
            stroke={COLORS.unstructured}
            strokeWidth={2}
            dot={ACCURACY_DOT}
            isAnimationActive={false}
          />
          <Line
            data={series.structured}
            dataKey="accuracy"
            name="structured"
            stroke={COLORS.structured}
            strokeWidth={2}
            dot={ACCURACY_DOT}
            isAnimationActive={false}
          />
          <Line
            data={series.final}
            dataKey="accuracy"
            name="final ticket"
            stroke={COLORS.final}
            strokeWidth={0}
            dot={FINAL_DOT}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <SeriesLegend entries={ACCURACY_LEGEND} />
    </>
  );
});

/** Each hovered point with its accuracy, its sparsity and the weights it was measured on. */
function AccuracyTooltip({ active, payload }: TooltipContentProps<TooltipValueType, string | number>) {
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="chart-tooltip">
      {payload.map((entry) => {
        const point = entry.payload as AccuracyPoint;
        return (
          <p key={`${entry.name}-${point.iteration}`}>
            <strong>
              {entry.name}: {point.accuracy.toFixed(1)}% at {point.sparsity.toFixed(1)}% sparsity
            </strong>
            <br />
            {point.measuredOn}
          </p>
        );
      })}
    </div>
  );
}

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const SparsityPlot = memo(function SparsityPlot({
  rows,
  layers,
}: {
  rows: readonly Record<string, number>[];
  layers: readonly string[];
}) {
  return (
    <>
      <ResponsiveContainer width="100%" height={PLOT_HEIGHT_OVER_LEGEND}>
        <LineChart data={rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={FROM_FIRST_ITERATION}
            allowDecimals={false}
            tick={plainTick}
            interval={EVERY_TICK}
          />
          <YAxis
            domain={PERCENT_EXTENT}
            tick={plainTick}
            width={44}
            interval={EVERY_TICK}
            tickFormatter={asPercent}
          />
          <Tooltip formatter={asPercentValue} labelFormatter={iterationLabel} />
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
            dot={SPARSITY_DOT}
            isAnimationActive={false}
          />
          <Line
            dataKey="overall"
            name="overall"
            stroke={COLORS.overall}
            strokeWidth={2.2}
            dot={SPARSITY_DOT}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <SeriesLegend entries={SPARSITY_LEGEND} />
    </>
  );
});

const PULL_LEGEND: LegendEntry[] = [
  { name: "pulled |w| (R = 0)", color: COLORS.structured },
  { name: "kept |w| (R = 1)", color: COLORS.unstructured },
  { name: "λ (right axis)", color: COLORS.lambda, dashed: true },
];

/** RSST's pull: mean |w| of the pulled and the kept weights (left axis) with λ (right axis). */
export const PullPlot = memo(function PullPlot({ points }: { points: readonly PullPoint[] }) {
  return (
    <>
      <ResponsiveContainer width="100%" height={PLOT_HEIGHT_OVER_LEGEND}>
        <LineChart data={points} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis dataKey="step" type="number" domain={DATA_EXTENT} allowDecimals={false} tick={plainTick} />
          <YAxis yAxisId="w" tick={plainTick} width={44} tickFormatter={asShortNumber} />
          <YAxis
            yAxisId="lambda"
            orientation="right"
            tick={plainTick}
            width={44}
            tickFormatter={asShortNumber}
          />
          <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
          <Line
            yAxisId="w"
            dataKey="pulled"
            name="pulled"
            stroke={COLORS.structured}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="w"
            dataKey="kept"
            name="kept"
            stroke={COLORS.unstructured}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="lambda"
            dataKey="lambda"
            name="λ"
            stroke={COLORS.lambda}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <SeriesLegend entries={PULL_LEGEND} />
    </>
  );
});
