// sweep-view: a sweep's final tickets, accuracy against sparsity, one colour per value of a
// chosen key (default struct), each colour's Pareto front as a step line and mean ± std over
// seeds as error bars; a sortable table whose rows (like the chart's points) open their run;
// the CSV, the cluster scripts, and run logs imported together joined by their sweep id.
import { useMemo, useState } from "react";
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
import { colourGroups, paretoFlags, type QueuedPoint, type SweepRecord, sweepCsv } from "../../core/sweep";
import { clusterScripts } from "../../lib/clusterExport";
import { downloadBlob } from "../../lib/exporters";
import { historyActions } from "../../store/appStore";
import { sweepActions, useSweeps } from "../../store/sweepApp";
import { importSweepLogs } from "../../store/sweepImport";
import { AXIS_STYLE, CHART_HEIGHT } from "../charts/ChartCard";
import { percent } from "../format";
import "./sweep.css";

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

type SortKey = string;

export function SweepView() {
  const sweeps = useSweeps((s) => s.sweeps);
  const selectedId = useSweeps((s) => s.selectedId);
  const runningPoint = useSweeps((s) => s.runningPoint);
  const [importNote, setImportNote] = useState<string | null>(null);
  const sweep = sweeps.find((s) => s.id === selectedId) ?? sweeps[0];

  const importLogs = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setImportNote(await importSweepLogs([...files]));
  };

  return (
    <section className="panel" aria-label="Sweeps" data-testid="sweeps-panel">
      <div className="panel-head">
        <h2>Sweeps</h2>
        {sweeps.length > 1 && (
          <select
            data-testid="sweep-select"
            value={sweep?.id ?? ""}
            onChange={(event) => sweepActions.select(event.target.value)}
          >
            {sweeps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        )}
        <label>
          Import run logs of a sweep…{" "}
          <input
            type="file"
            multiple
            accept=".json,application/json"
            data-testid="sweep-import"
            onChange={(event) => void importLogs(event.target.files)}
          />
        </label>
      </div>
      {importNote && <p data-testid="sweep-import-note">{importNote}</p>}
      {sweep ? (
        <SweepDetails
          sweep={sweep}
          running={runningPoint?.sweepId === sweep.id ? runningPoint.index : null}
        />
      ) : (
        <p>No sweep yet: open the sweep mode of the form, or import the run logs of one.</p>
      )}
    </section>
  );
}

function SweepDetails({ sweep, running }: { sweep: SweepRecord; running: number | null }) {
  const axes = Object.keys(sweep.axes);
  const colourKeys = axes.includes("struct") ? axes : ["struct", ...axes];
  const [colourKey, setColourKey] = useState("struct");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: "point",
    descending: false,
  });
  const groups = useMemo(() => colourGroups(sweep.points, colourKey), [sweep.points, colourKey]);
  const pareto = useMemo(() => paretoOf(sweep.points), [sweep.points]);
  const done = sweep.points.filter((p) => p.status === "done").length;
  const failed = sweep.points.filter((p) => p.status === "failed").length;
  const rows = useMemo(
    () => sortedRows(sweep.points, pareto, sort.key, sort.descending),
    [sweep.points, pareto, sort],
  );
  const stem = `sweep-${sweep.id}`;

  const exportCsv = () =>
    downloadBlob(new Blob([sweepCsv(axes, sweep.points, pareto)], { type: "text/csv" }), `${stem}.csv`);
  const exportCluster = (kind: "shell" | "slurm") => {
    const scripts = clusterScripts({ id: sweep.id, points: sweep.points });
    const text = kind === "shell" ? scripts.shell : scripts.slurm;
    downloadBlob(
      new Blob([text], { type: "text/x-shellscript" }),
      `${stem}.${kind === "shell" ? "sh" : "slurm"}`,
    );
  };
  const header = (key: SortKey, label: string) => (
    <th>
      <button
        type="button"
        data-testid={`sweep-sort-${key}`}
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== "point" }))}
      >
        {label}
        {sort.key === key ? (sort.descending ? " ▾" : " ▴") : ""}
      </button>
    </th>
  );

  return (
    <div data-testid="sweep-view" data-points={done} data-front={pareto.filter(Boolean).length}>
      <p data-testid="sweep-status">
        {sweep.name}: {sweep.status}, {done}/{sweep.points.length} points done
        {failed > 0 ? `, ${failed} failed` : ""}
        {running !== null ? `, running point ${running + 1}` : ""}
      </p>
      <div className="sweep-actions">
        {sweep.origin === "lab" && sweep.status === "running" && (
          <button type="button" data-testid="sweep-pause" onClick={() => void sweepActions.pause(sweep.id)}>
            Pause the sweep
          </button>
        )}
        {sweep.origin === "lab" && sweep.status === "paused" && (
          <button type="button" data-testid="sweep-resume" onClick={() => void sweepActions.resume(sweep.id)}>
            Resume the sweep
          </button>
        )}
        {sweep.origin === "lab" && (sweep.status === "running" || sweep.status === "paused") && (
          <button type="button" data-testid="sweep-cancel" onClick={() => void sweepActions.cancel(sweep.id)}>
            Cancel the sweep
          </button>
        )}
        <button type="button" data-testid="sweep-csv" onClick={exportCsv}>
          CSV
        </button>
        <button type="button" data-testid="sweep-cluster-shell" onClick={() => exportCluster("shell")}>
          Export for a cluster (shell)
        </button>
        <button type="button" data-testid="sweep-cluster-slurm" onClick={() => exportCluster("slurm")}>
          Export for a cluster (SLURM array)
        </button>
        <label>
          Colour by{" "}
          <select
            data-testid="sweep-colour"
            value={colourKey}
            onChange={(event) => setColourKey(event.target.value)}
          >
            {colourKeys.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div data-testid="sweep-chart" data-series={groups.length} style={{ height: CHART_HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="sparsity"
              domain={[0, 1]}
              tickFormatter={(v: number) => percent(v, 0)}
              label={{ value: "sparsity", position: "insideBottom", offset: -8 }}
              {...AXIS_STYLE}
            />
            <YAxis
              type="number"
              dataKey="testAcc"
              domain={[0, 1]}
              tickFormatter={(v: number) => percent(v, 0)}
              {...AXIS_STYLE}
            />
            <Tooltip formatter={(value) => (typeof value === "number" ? percent(value) : String(value))} />
            <Legend />
            {groups.flatMap((group, i) => {
              const colour = COLOURS[i % COLOURS.length];
              return [
                <Scatter
                  key={`points-${group.colour}`}
                  name={`${colourKey} ${group.colour}`}
                  data={group.points}
                  fill={colour}
                  isAnimationActive={false}
                  onClick={(entry) =>
                    openPoint((entry as { payload?: { runId?: string | null } }).payload?.runId)
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
                  data={group.means}
                  fill={colour}
                  shape="cross"
                  legendType="none"
                  isAnimationActive={false}
                >
                  <ErrorBar dataKey="testAccStd" direction="y" stroke={colour} />
                  <ErrorBar dataKey="sparsityStd" direction="x" stroke={colour} />
                </Scatter>,
              ];
            })}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <table className="sweep-table" data-testid="sweep-table">
        <thead>
          <tr>
            {header("point", "#")}
            {axes.map((axis) => header(axis, axis))}
            {header("status", "status")}
            {header("testAcc", "test acc")}
            {header("sparsity", "sparsity")}
            {header("pareto", "Pareto")}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ point, onFront }) => (
            <tr
              key={point.name}
              data-testid="sweep-row"
              data-pareto={onFront}
              onClick={() => openPoint(point.runId)}
              title={point.error ?? (point.runId ? "Open this point's run" : "")}
            >
              <td>{point.index}</td>
              {axes.map((axis) => (
                <td key={axis}>{String(point.values[axis] ?? "")}</td>
              ))}
              <td>{point.status}</td>
              <td>{point.testAcc === null ? "" : percent(point.testAcc)}</td>
              <td>{point.sparsity === null ? "" : percent(point.sparsity)}</td>
              <td>{onFront ? "✓" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function openPoint(runId: string | null | undefined): void {
  if (runId) historyActions.open(runId);
}

/** Pareto flags over the finished points, false for the others. */
function paretoOf(points: readonly QueuedPoint[]): boolean[] {
  const done = points.filter((p) => p.testAcc !== null && p.sparsity !== null);
  const flags = paretoFlags(done.map((p) => ({ testAcc: p.testAcc!, sparsity: p.sparsity! })));
  return points.map((p) => {
    const i = done.indexOf(p);
    return i >= 0 && flags[i] === true;
  });
}

function sortedRows(
  points: readonly QueuedPoint[],
  pareto: readonly boolean[],
  key: SortKey,
  descending: boolean,
) {
  const rows = points.map((point, i) => ({ point, onFront: pareto[i] === true }));
  const value = (row: (typeof rows)[number]): string | number => {
    if (key === "point") return row.point.index;
    if (key === "status") return row.point.status;
    if (key === "testAcc") return row.point.testAcc ?? -1;
    if (key === "sparsity") return row.point.sparsity ?? -1;
    if (key === "pareto") return row.onFront ? 1 : 0;
    const axisValue = row.point.values[key];
    return typeof axisValue === "number" ? axisValue : String(axisValue ?? "");
  };
  const sign = descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.point.index - b.point.index;
  });
}
