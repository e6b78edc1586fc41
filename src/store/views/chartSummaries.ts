// Each chart's figures in one sentence: the text alternative a screen reader hears instead
// of the drawing (ChartCard's `summary`, referenced by aria-describedby).
import type { LivePoint } from "../runState";
import type { AccuracySeries, SparsityRows } from "./chartSeries";
import type { GroupLayerView } from "./groupViews";

const pct = (value: number) => `${value.toFixed(1)}%`;

export function accuracySummary(series: AccuracySeries): string {
  if (series.unstructured.length === 0) return "No iteration has finished yet.";
  const iterations = series.unstructured.map((point, i) => {
    const cut = series.structured[i];
    const structured = cut ? `, structured ${pct(cut.accuracy)} at ${pct(cut.sparsity)}` : "";
    return `iteration ${point.iteration}: unstructured ${pct(point.accuracy)} at ${pct(point.sparsity)} sparsity${structured}`;
  });
  const final = series.final[0];
  if (final) iterations.push(`final ticket: ${pct(final.accuracy)} at ${pct(final.sparsity)} sparsity`);
  return `Test accuracy by ${iterations.join("; ")}.`;
}

export function sparsitySummary({ rows }: SparsityRows): string {
  if (rows.length === 0) return "No iteration has finished yet.";
  const parts = rows.map(
    (row) =>
      `iteration ${row.iteration}: ${pct(row.overall ?? 0)} of weights pruned, ${pct(row.structured ?? 0)} structured`,
  );
  return `Sparsity after ${parts.join("; ")}.`;
}

/** The live series (loss or λ) by its first and latest values. */
export function liveSummary(points: readonly LivePoint[], key: "loss" | "lambda"): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return "No step has been trained yet.";
  const name = key === "loss" ? "Training loss" : "λ";
  return `${name} over ${points.length} steps: ${first[key].toPrecision(3)} at step ${first.step + 1}, ${last[key].toPrecision(3)} at step ${last.step + 1}.`;
}

export function heatmapSummary(layers: readonly GroupLayerView[]): string {
  if (layers.length === 0) return "No attention heads yet.";
  const blocks = layers.map((layer, i) => {
    const dead = layer.cells.filter((cell) => !cell.alive).map((cell) => cell.index + 1);
    const deadText = dead.length > 0 ? ` (dead: ${dead.join(", ")})` : "";
    return `block ${i + 1}: ${layer.aliveCount} of ${layer.cells.length} heads alive${deadText}`;
  });
  return `Attention heads by ${blocks.join("; ")}.`;
}

/** RSST's pull by its latest point: the mean |w| of the pulled and the kept weights. */
export function pullSummary(points: readonly { step: number; pulled: number; kept: number }[]): string {
  const last = points.at(-1);
  if (!last) return "No weights are being pulled.";
  return `Mean |w| at step ${last.step + 1}: ${last.pulled.toPrecision(3)} for the pulled weights, ${last.kept.toPrecision(3)} for the kept ones.`;
}
