// Layers × heads: colour = importance under the criterion (within the layer), dead heads
// crossed out, as the chosen iteration left them.
import { useMemo } from "react";
import { useLab } from "../../store/appStore";
import { heatmapSummary } from "../../store/views/chartSummaries";
import { type GroupCellView, groupLayers, iterationAt } from "../../store/views/groupViews";
import { ablationShades } from "../../store/views/headViews";
import { useHeatmapColouring } from "../../store/views/heatmapColouring";
import { number, percent } from "../format";
import { IMPORTANCE_GRADIENT, importanceColor } from "./importanceColor";

/** A live head's colour at `shade`; none for a dead head or one without a value. */
function cellBackground(cell: GroupCellView, shade: number | null): string | undefined {
  return cell.alive && cell.importance !== null && shade !== null ? importanceColor(shade) : undefined;
}

export function HeadHeatmap() {
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const criterion = log?.config.criteria;
  const record = iterationAt(log, selected);
  const layers = useMemo(() => groupLayers(log, record, "head"), [log, record]);
  // Coloured by the ablation Δloss instead of the criterion when the criterion check says so.
  const byAblation = useHeatmapColouring((s) => s.colouring) === "ablation";
  const shadeOf = (layer: string, index: number, criterionShade: number): number | null =>
    byAblation ? (ablationShades(record, layer)[index] ?? null) : criterionShade;
  const heads = Math.max(0, ...layers.map((layer) => layer.cells.length));
  const headNumbers = Array.from({ length: heads }, (_, head) => head + 1);

  return (
    <div className="heatmap-block">
      {/* biome-ignore lint/a11y/useSemanticElements: a CSS grid of cells, not a form's fieldset; the role carries its label and description */}
      <div
        className="heatmap"
        data-testid="head-heatmap"
        role="group"
        aria-label="Attention heads: importance by block and head"
        aria-describedby="head-heatmap-summary"
        style={{ gridTemplateColumns: `auto repeat(${heads}, 1fr)` }}
      >
        {layers.length === 0 && (
          <p className="chart-empty">Attention heads appear here once a ViT run starts.</p>
        )}
        {layers.length > 0 && <span />}
        {layers.length > 0 &&
          headNumbers.map((head) => (
            <span key={head} className="heatmap-col">
              head {head}
            </span>
          ))}
        {layers.map((layer, layerIndex) => [
          <span key={`${layer.name}-label`} className="heatmap-row" title={layer.name}>
            block {layerIndex + 1}
            <small>
              {layer.aliveCount}/{layer.cells.length} alive
            </small>
          </span>,
          ...layer.cells.map((cell) => (
            <div
              key={`${layer.name}-${cell.index}`}
              className={`head-cell${cell.alive ? "" : " dead"}`}
              data-testid="head-cell"
              data-layer={layerIndex}
              data-head={cell.index}
              data-alive={String(cell.alive)}
              data-importance={cell.importance ?? ""}
              style={{
                background: cellBackground(cell, shadeOf(layer.name, cell.index, cell.shade)),
              }}
              title={
                `${layer.name}, head ${cell.index + 1}: ${cell.alive ? "alive" : "dead"}` +
                (cell.importance === null ? "" : `, ${criterion} ${number(cell.importance)}`) +
                (cell.density === null ? "" : `, ${percent(cell.density, 0)} of weights kept`)
              }
            >
              {cell.alive ? "" : "✕"}
            </div>
          )),
        ])}
      </div>
      <p id="head-heatmap-summary" className="sr-only" data-testid="head-heatmap-summary">
        {heatmapSummary(layers)}
      </p>
      <div className="heatmap-legend">
        <span>low {byAblation ? "ablation Δloss" : (criterion ?? "importance")}</span>
        <span className="legend-ramp" style={{ background: IMPORTANCE_GRADIENT }} />
        <span>high</span>
        <span className="legend-dead">✕</span>
        <span>dead (removed by the structure)</span>
      </div>
    </div>
  );
}
