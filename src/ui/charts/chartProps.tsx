// Props shared by the recharts charts, made once. recharts copies axis, line and legend settings
// into a store per chart and re-renders when a prop changes identity, so an inline object or
// arrow function here would cost a second render on every redraw. Tick labels must not be
// measured: recharts measures a label through a DOM span (a forced layout of the whole page)
// to drop overlapping ticks unless `interval` is a number, and to wrap it in its default <Text>
// tick; so every axis shows all its ticks (about five) drawn by `plainTick`.
import type { BaseTickContentProps, XAxisProps, YAxisProps } from "recharts";
import { number } from "../format";
import { AXIS_STYLE } from "./ChartCard";

export const CHART_MARGIN = { top: 8, right: 12, bottom: 4, left: 0 };
export const GRID_STROKE = "#eef0f3";
export const EVERY_TICK = 0;

export const DATA_EXTENT: [string, string] = ["dataMin", "dataMax"];
export const AUTO_EXTENT: [string, string] = ["auto", "auto"];
export const PERCENT_EXTENT: [number, number] = [0, 100];
export const FROM_FIRST_ITERATION: [number, string] = [1, "dataMax"];

export const asPercent = (value: number) => `${value}%`;
export const asPercentValue = (value: unknown) => `${Number(value).toFixed(1)}%`;
export const asShortNumber = (value: number) => number(value, 3);
export const asNumberValue = (value: unknown) => number(Number(value));
export const stepLabel = (step: unknown) => `step ${step}`;
export const iterationLabel = (iteration: unknown) => `iteration ${iteration}`;
export const sparsityLabel = (sparsity: unknown) => `sparsity ${Number(sparsity).toFixed(1)}%`;

/** The x axes: training steps, pruning iterations, and sparsity in percent. */
export const STEP_AXIS: XAxisProps = {
  dataKey: "step",
  type: "number",
  domain: DATA_EXTENT,
  allowDecimals: false,
  tick: plainTick,
  interval: EVERY_TICK,
};
export const ITERATION_AXIS: XAxisProps = {
  ...STEP_AXIS,
  dataKey: "iteration",
  domain: FROM_FIRST_ITERATION,
};
export const SPARSITY_AXIS: XAxisProps = {
  dataKey: "sparsity",
  type: "number",
  domain: PERCENT_EXTENT,
  tick: plainTick,
  interval: EVERY_TICK,
  tickFormatter: asPercent,
  allowDuplicatedCategory: false,
};

/** The y axes: plain numbers, and percentages from 0 to 100. */
export const NUMBER_Y_AXIS: YAxisProps = {
  tick: plainTick,
  width: 44,
  interval: EVERY_TICK,
  tickFormatter: asShortNumber,
};
export const PERCENT_Y_AXIS: YAxisProps = {
  ...NUMBER_Y_AXIS,
  domain: PERCENT_EXTENT,
  tickFormatter: asPercent,
};

export const ACCURACY_DOT = { r: 3.5, className: "accuracy-dot" };
export const SPARSITY_DOT = { r: 3 };

/** Baseline shifts that put a label's top, middle or bottom at y, as recharts' <Text> does. */
const VERTICAL_SHIFT = { start: "0.71em", middle: "0.355em", end: "0" };

/** An axis label as a plain <text>: nothing measured. */
export function plainTick(props: BaseTickContentProps) {
  const { x, y, index, payload, textAnchor, verticalAnchor, tickFormatter, className } = props;
  return (
    <text
      x={x}
      y={y}
      dy={VERTICAL_SHIFT[verticalAnchor]}
      textAnchor={textAnchor}
      className={className}
      {...AXIS_STYLE}
    >
      {tickFormatter ? tickFormatter(payload.value, index) : String(payload.value)}
    </text>
  );
}
