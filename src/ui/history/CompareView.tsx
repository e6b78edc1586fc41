// Two or more stored runs side by side: their accuracy-vs-sparsity and sparsity curves on
// shared axes, and their heatmaps at the same iteration (which heads survive in each?).
import { useMemo, useState } from "react";
import { historyActions, useHistory } from "../../store/appStore";
import {
  type CompareRun,
  type CompareSeries,
  compareIterations,
  compareSeries,
} from "../../store/historyCompare";
import { CHART_HEIGHT } from "../charts/ChartCard";
import type { Bound } from "../charts/geometry";
import { LineChart, type Series } from "../charts/LineChart";
import { GroupGrid } from "./GroupGrid";
import "./history.css";

const PERCENT_AXIS: [Bound, Bound] = [0, 100];
const ITERATION_AXIS: [Bound, Bound] = [1, null];
const asPercent = (v: number) => `${v}%`;
const formatValue = (v: number) => `${v.toFixed(1)}%`;

interface Overlay {
  rows: Record<string, number>[];
  series: Series[];
}

/** Per run a solid line (listed in the legend) and a dashed one, under keys "<run id>:<field>". */
function runLines(series: CompareSeries[], solid: string, dashed: string): Series[] {
  return series.flatMap((run): Series[] => [
    { key: `${run.id}:${solid}`, name: run.name, color: run.color, dot: { r: 3 } },
    {
      key: `${run.id}:${dashed}`,
      name: `${run.name} (${dashed})`,
      color: run.color,
      dash: "5 3",
      strokeWidth: 1.5,
      listed: false,
    },
  ]);
}

// Every run's points as rows of one chart, sorted by x: a row holds one run's point, so each
// run's line passes over the other runs' rows.
function accuracyOverlay(series: CompareSeries[]): Overlay {
  const rows = series
    .flatMap((run) =>
      run.accuracy.map((p) => ({
        sparsity: p.sparsity,
        [`${run.id}:structured`]: p.structured,
        [`${run.id}:unstructured`]: p.unstructured,
      })),
    )
    .sort((a, b) => a.sparsity - b.sparsity);
  return { rows, series: runLines(series, "structured", "unstructured") };
}

function sparsityOverlay(series: CompareSeries[]): Overlay {
  const rows = series
    .flatMap((run) =>
      run.sparsity.map((p) => ({
        iteration: p.iteration,
        [`${run.id}:overall`]: p.overall,
        [`${run.id}:structured`]: p.structured,
      })),
    )
    .sort((a, b) => a.iteration - b.iteration);
  return { rows, series: runLines(series, "overall", "structured") };
}

export function CompareView() {
  const compareIds = useHistory((s) => s.compareIds);
  const runs = useHistory((s) => s.runs);
  const picked = useMemo(
    () =>
      compareIds.flatMap((id): CompareRun[] => {
        const run = runs.find((r) => r.id === id);
        return run?.log ? [{ id: run.id, name: run.name, log: run.log }] : [];
      }),
    [compareIds, runs],
  );
  const series = useMemo(() => compareSeries(picked), [picked]);
  const accuracy = useMemo(() => accuracyOverlay(series), [series]);
  const sparsity = useMemo(() => sparsityOverlay(series), [series]);
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
        <figure className="chart-card" data-testid="compare-accuracy" data-series={series.length}>
          <figcaption>
            <h3>Accuracy vs sparsity</h3>
            <p>Solid: structured (hard cut); dashed: unstructured. One point per iteration.</p>
          </figcaption>
          <LineChart
            label="Test accuracy against sparsity, per run"
            rows={accuracy.rows}
            xKey="sparsity"
            series={accuracy.series}
            height={CHART_HEIGHT}
            xDomain={PERCENT_AXIS}
            yDomain={PERCENT_AXIS}
            formatX={asPercent}
            formatY={asPercent}
            formatValue={formatValue}
            describeX={(s) => `sparsity ${s.toFixed(1)}%`}
            legend
          />
        </figure>
        <figure className="chart-card" data-testid="compare-sparsity" data-series={series.length}>
          <figcaption>
            <h3>Sparsity</h3>
            <p>Solid: share of pruned weights; dashed: of weights outside the structure R.</p>
          </figcaption>
          <LineChart
            label="Sparsity per iteration, per run"
            rows={sparsity.rows}
            xKey="iteration"
            series={sparsity.series}
            height={CHART_HEIGHT}
            xDomain={ITERATION_AXIS}
            yDomain={PERCENT_AXIS}
            xIntegers
            formatY={asPercent}
            formatValue={formatValue}
            describeX={(i) => `iteration ${i}`}
            legend
          />
        </figure>
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
              </figcaption>
              <GroupGrid log={log} iteration={at} />
            </figure>
          );
        })}
      </div>
    </section>
  );
}
