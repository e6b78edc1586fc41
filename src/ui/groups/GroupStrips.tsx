// MLP neurons or ResNet channels (each block's conv1, each stage's residual stream), layer by
// layer: a strip of units coloured by importance (dead ones dark), how many are alive, their
// density, and the alive count per iteration.
import { useMemo } from "react";
import type { GroupKind } from "../../core/types";
import { useLab } from "../../store/appStore";
import { aliveCounts, groupLayers, iterationAt } from "../../store/views/groupViews";
import { percent } from "../format";
import { importanceColor } from "./importanceColor";

interface GroupStripsProps {
  kind: Extract<GroupKind, "neuron" | "channel">;
}

export function GroupStrips({ kind }: GroupStripsProps) {
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const layers = useMemo(() => groupLayers(log, iterationAt(log, selected), kind), [log, selected, kind]);
  const history = useMemo(() => aliveCounts(log, kind), [log, kind]);

  if (layers.length === 0) return null;
  return (
    <div className="strips" data-testid={`${kind}-strips`}>
      {layers.map((layer, i) => (
        <div
          key={layer.name}
          className="strip-row"
          data-testid={`${kind}-layer`}
          data-alive={layer.aliveCount}
        >
          <span className="strip-name" title={layer.name}>
            {layer.label}
          </span>
          <span className="strip">
            {layer.cells.map((cell) => (
              <span
                key={cell.index}
                className={`strip-cell${cell.alive ? "" : " dead"}`}
                style={{
                  background:
                    cell.alive && cell.importance !== null ? importanceColor(cell.shade) : undefined,
                }}
              />
            ))}
          </span>
          <span className="strip-stats">
            {layer.aliveCount}/{layer.cells.length} alive
            {layer.meanDensity !== null && ` · density ${percent(layer.meanDensity, 0)}`}
          </span>
          <span className="strip-history">{history[i]?.counts.join(" → ")}</span>
        </div>
      ))}
    </div>
  );
}
