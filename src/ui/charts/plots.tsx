// The four charts' plots (recharts), in a chunk of their own that the charts load after the
// page's first paint (usePlots.ts). Each is memoized: it redraws only when its data changes.
import { memo } from "react";
import {
  Line,
  type LineProps,
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
  asPercentValue,
  asShortNumber,
  DATA_EXTENT,
  ITERATION_AXIS,
  iterationLabel,
  NUMBER_Y_AXIS,
  PERCENT_Y_AXIS,
  plainTick,
  SPARSITY_AXIS,
  SPARSITY_DOT,
  STEP_AXIS,
  stepLabel,
} from "./chartProps";
import { PlotFrame } from "./PlotFrame";
import { LEGEND_HEIGHT, type LegendEntry, SeriesLegend } from "./SeriesLegend";

const PLOT_HEIGHT_OVER_LEGEND = CHART_HEIGHT - LEGEND_HEIGHT;

/** A line of a plot; each plot's lines are a table of these, drawn in order. */
type LineSpec = LineProps & { name: string };

/** The lines of a table, unanimated: a run redraws them at every step. */
function lines(specs: readonly LineSpec[]) {
  return specs.map((spec) => <Line key={spec.name} isAnimationActive={false} {...spec} />);
}

const LOSS_LINES: LineSpec[] = [
  { dataKey: "loss", name: "loss", stroke: COLORS.loss, strokeWidth: 1.6, dot: false },
];

const LAMBDA_LINES: LineSpec[] = [
  { dataKey: "schedule", name: "schedule", stroke: COLORS.schedule, strokeDasharray: "4 3" },
  { dataKey: "lambda", name: "λ", stroke: COLORS.lambda },
].map((line) => ({ ...line, strokeWidth: 2, dot: false, connectNulls: true }));
const LAMBDA_LEGEND: LegendEntry[] = [
  { name: "schedule", color: COLORS.schedule, dashed: true },
  { name: "λ", color: COLORS.lambda },
];

const FINAL_DOT = { r: 6, fill: COLORS.final, stroke: COLORS.final, strokeWidth: 1, className: "final-dot" };
/** Each accuracy line draws one of the series, all on the key `accuracy`. */
const ACCURACY_LINES: readonly (LineSpec & { series: keyof AccuracySeries })[] = [
  {
    series: "unstructured",
    name: "unstructured",
    stroke: COLORS.unstructured,
    strokeWidth: 2,
    dot: ACCURACY_DOT,
  },
  { series: "structured", name: "structured", stroke: COLORS.structured, strokeWidth: 2, dot: ACCURACY_DOT },
  { series: "final", name: "final ticket", stroke: COLORS.final, strokeWidth: 0, dot: FINAL_DOT },
];
const ACCURACY_LEGEND: LegendEntry[] = [
  { name: "unstructured", color: COLORS.unstructured },
  { name: "structured", color: COLORS.structured },
  { name: "final ticket", color: COLORS.final },
];

const SPARSITY_LINES: LineSpec[] = [
  {
    dataKey: "structured",
    name: "structured",
    stroke: COLORS.structured,
    strokeWidth: 2,
    strokeDasharray: "5 3",
  },
  { dataKey: "overall", name: "overall", stroke: COLORS.overall, strokeWidth: 2.2 },
].map((line) => ({ ...line, dot: SPARSITY_DOT }));
const SPARSITY_LEGEND: LegendEntry[] = [
  { name: "structured", color: COLORS.structured, dashed: true },
  { name: "overall", color: COLORS.overall },
];

const PULL_LINES: LineSpec[] = [
  { yAxisId: "w", dataKey: "pulled", name: "pulled", stroke: COLORS.structured, strokeWidth: 2 },
  { yAxisId: "w", dataKey: "kept", name: "kept", stroke: COLORS.unstructured, strokeWidth: 2 },
  { yAxisId: "lambda", dataKey: "lambda", name: "λ", stroke: COLORS.lambda, strokeDasharray: "4 3" },
].map((line) => ({ ...line, dot: false }));
const PULL_LEGEND: LegendEntry[] = [
  { name: "pulled |w| (R = 0)", color: COLORS.structured },
  { name: "kept |w| (R = 1)", color: COLORS.unstructured },
  { name: "λ (right axis)", color: COLORS.lambda, dashed: true },
];

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const LossPlot = memo(function LossPlot({ points }: { points: readonly LivePoint[] }) {
  return (
    <PlotFrame height={CHART_HEIGHT} data={points}>
      <XAxis {...STEP_AXIS} />
      <YAxis {...NUMBER_Y_AXIS} domain={AUTO_EXTENT} />
      <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
      {lines(LOSS_LINES)}
    </PlotFrame>
  );
});

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const LambdaPlot = memo(function LambdaPlot({ points }: { points: readonly LambdaPoint[] }) {
  return (
    <>
      <PlotFrame height={PLOT_HEIGHT_OVER_LEGEND} data={points}>
        <XAxis {...STEP_AXIS} />
        <YAxis {...NUMBER_Y_AXIS} />
        <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
        {lines(LAMBDA_LINES)}
      </PlotFrame>
      <SeriesLegend entries={LAMBDA_LEGEND} />
    </>
  );
});

/** The plot alone, redrawn only when its data changes (not with the caption or a deferred pass). */
export const AccuracyPlot = memo(function AccuracyPlot({ series }: { series: AccuracySeries }) {
  return (
    <>
      <PlotFrame height={PLOT_HEIGHT_OVER_LEGEND}>
        <XAxis {...SPARSITY_AXIS} />
        <YAxis {...PERCENT_Y_AXIS} />
        <Tooltip content={AccuracyTooltip} />
        {ACCURACY_LINES.map(({ series: name, ...line }) => (
          <Line key={name} data={series[name]} dataKey="accuracy" isAnimationActive={false} {...line} />
        ))}
      </PlotFrame>
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
      <PlotFrame height={PLOT_HEIGHT_OVER_LEGEND} data={rows}>
        <XAxis {...ITERATION_AXIS} />
        <YAxis {...PERCENT_Y_AXIS} />
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
        {lines(SPARSITY_LINES)}
      </PlotFrame>
      <SeriesLegend entries={SPARSITY_LEGEND} />
    </>
  );
});

/** RSST's pull: mean |w| of the pulled and the kept weights (left axis) with λ (right axis). */
export const PullPlot = memo(function PullPlot({ points }: { points: readonly PullPoint[] }) {
  return (
    <>
      <PlotFrame height={PLOT_HEIGHT_OVER_LEGEND} data={points}>
        <XAxis dataKey="step" type="number" domain={DATA_EXTENT} allowDecimals={false} tick={plainTick} />
        <YAxis yAxisId="w" tick={plainTick} width={56} tickFormatter={asShortNumber} />
        <YAxis
          yAxisId="lambda"
          orientation="right"
          tick={plainTick}
          width={44}
          tickFormatter={asShortNumber}
        />
        <Tooltip formatter={asNumberValue} labelFormatter={stepLabel} />
        {lines(PULL_LINES)}
      </PlotFrame>
      <SeriesLegend entries={PULL_LEGEND} />
    </>
  );
});
