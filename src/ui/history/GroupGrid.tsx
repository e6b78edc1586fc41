// A stored run's groups (heads, else neurons or channels) as one iteration left them: a small
// read-only heatmap for side-by-side comparison.
import { useMemo } from "react";
import type { RunLog } from "../../core/types";
import { heatmapKind } from "../../store/historyCompare";
import { groupLayers, iterationAt } from "../../store/views/groupViews";
import { number } from "../format";
import { importanceColor } from "../groups/importanceColor";

export function GroupGrid({ log, iteration }: { log: RunLog; iteration: number }) {
  const kind = heatmapKind(log);
  const layers = useMemo(
    () => (kind ? groupLayers(log, iterationAt(log, iteration), kind) : []),
    [log, iteration, kind],
  );
  const columns = Math.max(1, ...layers.map((layer) => layer.cells.length));
  if (!kind) return <p className="chart-empty">This model has no structural groups.</p>;
  return (
    <div
      className="group-grid"
      data-kind={kind}
      style={{ gridTemplateColumns: `auto repeat(${columns}, minmax(4px, 1fr))` }}
    >
      {layers.map((layer) => [
        <span key={`${layer.name}-label`} className="group-grid-label" title={layer.name}>
          {layer.label}
          <small>
            {layer.aliveCount}/{layer.cells.length}
          </small>
        </span>,
        ...layer.cells.map((cell) => (
          <span
            key={`${layer.name}-${cell.index}`}
            className={`group-grid-cell${cell.alive ? "" : " dead"}`}
            data-testid="compare-cell"
            data-alive={String(cell.alive)}
            style={{ background: cell.alive ? importanceColor(cell.shade) : undefined }}
            title={`${layer.name} ${kind} ${cell.index + 1}: ${cell.alive ? "alive" : "removed"}${
              cell.importance === null ? "" : `, ${log.config.criteria} ${number(cell.importance)}`
            }`}
          />
        )),
      ])}
    </div>
  );
}
