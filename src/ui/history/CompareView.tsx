// Two or more stored runs side by side: their accuracy-vs-sparsity and sparsity curves on
// shared axes, and their heatmaps at the same iteration (which heads survive in each?).
import { type ReactElement, useMemo, useState } from "react";
import { Line, Tooltip, XAxis, type XAxisProps, YAxis } from "recharts";
import { historyActions, useLab } from "../../store/appStore";
import {
  type CompareRun,
  type CompareSeries,
  compareIterations,
  compareSeries,
} from "../../store/historyCompare";
import { iterationAt } from "../../store/views/groupViews";
import { agreementText } from "../../store/views/headViews";
import { AXIS_STYLE, CHART_HEIGHT } from "../charts/ChartCard";
import {
  asPercent,
  asPercentValue,
  FROM_FIRST_ITERATION,
  iterationLabel,
  PERCENT_EXTENT,
  SPARSITY_DOT,
  sparsityLabel,
} from "../charts/chartProps";
import { PlotFrame } from "../charts/PlotFrame";
import { LEGEND_HEIGHT, type LegendEntry, SeriesLegend } from "../charts/SeriesLegend";
import { GroupGrid } from "./GroupGrid";
import "./history.css";

const PLOT_HEIGHT = CHART_HEIGHT - LEGEND_HEIGHT;

export function CompareView() {
  const compareIds = useLab((s) => s.compareIds);
  const runs = useLab((s) => s.runs);
  const picked = useMemo(
    () =>
      compareIds.flatMap((id): CompareRun[] => {
        const run = runs.find((r) => r.id === id);
        return run?.log ? [{ id: run.id, name: run.name, log: run.log }] : [];
      }),
    [compareIds, runs],
  );
  const series = useMemo(() => compareSeries(picked), [picked]);
  const legend = useMemo(
    (): LegendEntry[] => series.map((run) => ({ name: run.name, color: run.color })),
    [series],
  );
  const iterations = compareIterations(picked);
  const [position, setPosition] = useState<number | null>(null);
  const at = position === null ? iterations - 1 : Math.min(position, iterations - 1);

  if (picked.length === 0) return null;
  if (picked.length === 1) {
    return (
      <p className="compare-hint">Pick one more run in the list to compare it with “{picked[0]?.name}”.</p>
    );
  }
  return (
    <section className="panel compare" aria-label="Compare runs" data-testid="compare-view">
      <div className="panel-head">
        <h2>Compare {picked.length} runs</h2>
        <button type="button" onClick={historyActions.clearCompare}>
          Clear
        </button>
      </div>
      <div className="compare-charts">
        {COMPARE_CHARTS.map((chart) => (
          <CompareChart key={chart.testId} chart={chart} series={series} legend={legend} />
        ))}
      </div>
      <div className="compare-slider">
        <label htmlFor="compare-slider">
          Heatmaps after iteration {at + 1} of {iterations}
        </label>
        <input
          id="compare-slider"
          data-testid="compare-slider"
          type="range"
          min={0}
          max={Math.max(iterations - 1, 0)}
          value={at}
          disabled={iterations < 2}
          onChange={(event) => setPosition(Number(event.target.value))}
        />
      </div>
      <div className="compare-heatmaps">
        {series.map((run, index) => {
          const log = picked[index]?.log;
          if (!log) return null;
          const ended = log.iterations.length - 1 < at;
          return (
            <figure
              key={run.id}
              className="compare-heatmap"
              data-testid="compare-heatmap"
              data-run-id={run.id}
            >
              <figcaption>
                <span className="compare-swatch" style={{ background: run.color }} />
                <strong>{run.name}</strong>
                <span>
                  {log.config.struct} · {log.config.criteria}
                  {ended ? ` · ended at iteration ${log.iterations.length}` : ""}
                </span>
                <span data-testid="compare-rho">{agreementText(iterationAt(log, at))}</span>
              </figcaption>
              <GroupGrid log={log} iteration={at} />
            </figure>
          );
        })}
      </div>
    </section>
  );
}

/** One of a run's curves: its name (the line's key), its rows and the key it plots. */
interface Curve {
  name: string;
  data: readonly object[];
  dataKey: string;
}

/** A chart of the comparison: its x axis, and each run's solid and dashed curve on it. */
interface CompareChartSpec {
  testId: string;
  title: string;
  caption: string;
  xAxis: XAxisProps;
  tooltipLabel: (x: unknown) => string;
  curves: (run: CompareSeries) => [solid: Curve, dashed: Curve];
}

const COMPARE_CHARTS: CompareChartSpec[] = [
  {
    testId: "compare-accuracy",
    title: "Accuracy vs sparsity",
    caption:
      "Solid: structured (hard cut); dashed: unstructured; large dot: the final ticket. Each point sits at the sparsity of the weights it was measured on.",
    xAxis: {
      dataKey: "sparsity",
      type: "number",
      domain: PERCENT_EXTENT,
      tick: AXIS_STYLE,
      tickFormatter: asPercent,
      allowDuplicatedCategory: false,
    },
    tooltipLabel: sparsityLabel,
    curves: (run) => [
      { name: "structured", data: run.accuracy.structured, dataKey: "accuracy" },
      { name: "unstructured", data: run.accuracy.unstructured, dataKey: "accuracy" },
    ],
  },
  {
    testId: "compare-sparsity",
    title: "Sparsity",
    caption: "Solid: share of pruned weights; dashed: of weights outside the structure R.",
    xAxis: {
      dataKey: "iteration",
      type: "number",
      domain: FROM_FIRST_ITERATION,
      allowDecimals: false,
      tick: AXIS_STYLE,
      allowDuplicatedCategory: false,
    },
    tooltipLabel: iterationLabel,
    curves: (run) => [
      { name: "overall", data: run.sparsity, dataKey: "overall" },
      { name: "structured", data: run.sparsity, dataKey: "structured" },
    ],
  },
];

/** One chart of the runs side by side, on a percent y axis, with the runs' names under it. */
function CompareChart({
  chart,
  series,
  legend,
}: {
  chart: CompareChartSpec;
  series: readonly CompareSeries[];
  legend: readonly LegendEntry[];
}) {
  return (
    <figure className="chart-card" data-testid={chart.testId} data-series={series.length}>
      <figcaption>
        <h3>{chart.title}</h3>
        <p>{chart.caption}</p>
      </figcaption>
      <PlotFrame height={PLOT_HEIGHT}>
        <XAxis {...chart.xAxis} />
        <YAxis domain={PERCENT_EXTENT} tick={AXIS_STYLE} width={44} tickFormatter={asPercent} />
        <Tooltip formatter={asPercentValue} labelFormatter={chart.tooltipLabel} />
        {series.flatMap((run) => runLines(run, ...chart.curves(run)))}
      </PlotFrame>
      <SeriesLegend entries={legend} />
    </figure>
  );
}

/** A run's lines on one chart: the solid curve named after the run, the dashed one, the final ticket. */
function runLines(run: CompareSeries, solid: Curve, dashed: Curve): ReactElement[] {
  return [
    <Line
      key={`${run.id}-${solid.name}`}
      data={solid.data}
      dataKey={solid.dataKey}
      name={run.name}
      stroke={run.color}
      strokeWidth={2}
      dot={SPARSITY_DOT}
      isAnimationActive={false}
    />,
    <Line
      key={`${run.id}-${dashed.name}`}
      data={dashed.data}
      dataKey={dashed.dataKey}
      name={`${run.name} (${dashed.name})`}
      stroke={run.color}
      strokeDasharray="5 3"
      strokeWidth={1.5}
      dot={false}
      legendType="none"
      isAnimationActive={false}
    />,
    finalTicketLine(run),
  ];
}

/** The final ticket of a run: one large dot, on the accuracy and the sparsity charts alike. */
function finalTicketLine(run: CompareSeries) {
  return (
    <Line
      key={`${run.id}-final`}
      data={run.accuracy.final}
      dataKey="accuracy"
      name={`${run.name} (final ticket)`}
      stroke={run.color}
      strokeWidth={0}
      dot={{ r: 6, fill: run.color }}
      legendType="none"
      isAnimationActive={false}
    />
  );
}
