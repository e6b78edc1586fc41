// sweep-view: a sweep's final tickets, accuracy against sparsity or the compacted MFLOPs, one
// colour per value of a chosen key (default struct), each colour's Pareto front as a step line
// and mean ± std over seeds as error bars; the parallel coordinates from the settings to the
// measures; a sortable table whose rows (like the chart's points) open their run and pick runs
// for the comparison view; the CSV, the PNG, the cluster scripts, and run logs imported together
// joined by their sweep id.
import { useMemo, useRef, useState } from "react";
import { errorMessage } from "../../core/errorMessage";
import {
  colourGroups,
  type FrontMeasure,
  measureOf,
  paretoFlags,
  type QueuedPoint,
  type SweepRecord,
  sweepCsv,
  valueAt,
} from "../../core/sweep";
import { clusterScripts } from "../../lib/clusterExport";
import { downloadBlob } from "../../lib/exporters";
import { historyActions } from "../../store/appStore";
import { sweepActions, useSweeps } from "../../store/sweepApp";
import { importSweepLogs } from "../../store/sweepImport";
import { parallelPlot } from "../../store/views/sweepParallel";
import { ParallelCoordinates } from "./ParallelCoordinates";
import { MEASURE_LABELS, SweepFronts } from "./SweepFronts";
import { SweepTable } from "./SweepTable";
import { sweepPng } from "./sweepPng";
import "./sweep.css";

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

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
  const [measure, setMeasure] = useState<FrontMeasure>("sparsity");
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const groups = useMemo(
    () => colourGroups(sweep.points, colourKey, measure),
    [sweep.points, colourKey, measure],
  );
  const plot = useMemo(() => parallelPlot(sweep, colourKey), [sweep, colourKey]);
  const pareto = useMemo(() => paretoOf(sweep.points), [sweep.points]);
  const colourOf = useMemo(() => colourScale(sweep.points, colourKey), [sweep.points, colourKey]);
  const done = sweep.points.filter((p) => p.status === "done").length;
  const failed = sweep.points.filter((p) => p.status === "failed").length;
  const withoutFlops = sweep.points.filter(
    (p) => p.status === "done" && measureOf(p, "mflops") === null,
  ).length;
  const stem = `sweep-${sweep.id}`;
  const pickedRuns = sweep.points.flatMap((p) => (p.runId && picked.has(p.runId) ? [p.runId] : []));

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
  const exportPng = () => {
    const svgOf = (testId: string, selector: string) =>
      viewRef.current?.querySelector<SVGSVGElement>(`[data-testid="${testId}"] ${selector}`) ?? null;
    const fronts = svgOf("sweep-chart", ".recharts-wrapper > svg.recharts-surface");
    const parallel = svgOf("sweep-parallel", "svg");
    const charts = [
      ...(fronts
        ? [
            {
              heading: `Test accuracy against ${MEASURE_LABELS[measure]}, fronts per ${colourKey}`,
              svg: fronts,
            },
          ]
        : []),
      ...(parallel ? [{ heading: "Settings to the final ticket", svg: parallel }] : []),
    ];
    const legend = groups.map((group) => ({
      label: `${colourKey} ${group.colour}`,
      colour: colourOf(group.colour),
    }));
    sweepPng(`${sweep.name} (${done}/${sweep.points.length} points)`, charts, legend)
      .then((blob) => {
        downloadBlob(blob, `${stem}.png`);
        setMessage(null);
      })
      .catch((error: unknown) => setMessage(errorMessage(error)));
  };
  const pick = (runId: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  const compare = () => {
    historyActions.clearCompare();
    for (const runId of pickedRuns) historyActions.toggleCompare(runId);
    setMessage(`${pickedRuns.length} points opened in the comparison view below the sweep.`);
  };

  return (
    <div ref={viewRef} data-testid="sweep-view" data-points={done} data-front={pareto.filter(Boolean).length}>
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
        <button type="button" data-testid="sweep-png" onClick={exportPng}>
          PNG
        </button>
        <button type="button" data-testid="sweep-cluster-shell" onClick={() => exportCluster("shell")}>
          Export for a cluster (shell)
        </button>
        <button type="button" data-testid="sweep-cluster-slurm" onClick={() => exportCluster("slurm")}>
          Export for a cluster (SLURM array)
        </button>
        <button
          type="button"
          data-testid="sweep-compare"
          disabled={pickedRuns.length < 2}
          title="Tick two or more points in the table"
          onClick={compare}
        >
          Compare {pickedRuns.length} picked
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
        <label>
          Against{" "}
          <select
            data-testid="sweep-measure"
            value={measure}
            onChange={(event) => setMeasure(event.target.value === "mflops" ? "mflops" : "sparsity")}
          >
            <option value="sparsity">{MEASURE_LABELS.sparsity}</option>
            <option value="mflops">{MEASURE_LABELS.mflops}</option>
          </select>
        </label>
      </div>
      {message && <p data-testid="sweep-message">{message}</p>}
      <SweepFronts
        groups={groups}
        colourKey={colourKey}
        measure={measure}
        colourOf={colourOf}
        onOpen={openPoint}
      />
      {measure === "mflops" && withoutFlops > 0 && (
        <p className="sweep-note" data-testid="sweep-mflops-note">
          {withoutFlops} of {done} finished points are left out: their run logs cannot tell the compacted
          model's MFLOPs (a ResNet's final record counts its channels only in total, and logs without the
          dataset's shape give no image size).
        </p>
      )}
      <ParallelCoordinates plot={plot} colourOf={colourOf} onOpen={openPoint} />
      <SweepTable
        axes={axes}
        points={sweep.points}
        pareto={pareto}
        picked={picked}
        onPick={pick}
        onOpen={openPoint}
      />
    </div>
  );
}

/** One colour per value of the colour key, in the order the finished points first show them. */
function colourScale(points: readonly QueuedPoint[], colourKey: string): (value: string) => string {
  const values = [
    ...new Set(points.filter((p) => p.testAcc !== null).map((p) => valueAt(p.config, colourKey))),
  ];
  return (value) => COLOURS[Math.max(0, values.indexOf(value)) % COLOURS.length]!;
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
