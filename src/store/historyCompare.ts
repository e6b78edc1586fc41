// What the comparison of stored runs draws: per run, its accuracy-vs-sparsity and sparsity
// curves (one point per iteration, in %), and the group kind their heatmaps show.
import type { GroupKind, RunLog } from "../core/types";
import { type AccuracySeries, accuracySeries } from "./views/chartSeries";

export interface CompareRun {
  id: string;
  name: string;
  log: RunLog;
}

export interface CompareSeries {
  id: string;
  name: string;
  color: string;
  /** Each accuracy at the sparsity it was measured at (see accuracySeries). */
  accuracy: AccuracySeries;
  sparsity: { iteration: number; overall: number; structured: number }[];
}

/** Distinct on white and for the common colour-vision deficiencies (Okabe–Ito). */
export const COMPARE_COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];

export function compareSeries(runs: CompareRun[]): CompareSeries[] {
  return runs.map((run, position) => ({
    id: run.id,
    name: run.name,
    color: COMPARE_COLORS[position % COMPARE_COLORS.length] ?? "#000000",
    accuracy: accuracySeries(run.log),
    sparsity: run.log.iterations.map((it) => ({
      iteration: it.index + 1,
      overall: 100 * it.sparsity.overall,
      structured: 100 * it.structuredSparsity,
    })),
  }));
}

/** Iterations the slider spans: as many as the longest run has. */
export function compareIterations(runs: CompareRun[]): number {
  return Math.max(0, ...runs.map((run) => run.log.iterations.length));
}

/** The kind a run's heatmap shows: heads when it has them, else its first kind of group. */
export function heatmapKind(log: RunLog): GroupKind | null {
  const kinds = log.model.groups.map((group) => group.kind);
  return kinds.includes("head") ? "head" : (kinds[0] ?? null);
}
