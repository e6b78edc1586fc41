// For every head, its state after each iteration and the iteration from which it stayed
// dead, the earliest deaths first: the order in which the heads die.
import { useMemo } from "react";
import { useExperiment } from "../../store/appStore";
import { groupLives } from "../../store/views/groupViews";

export function HeadTimeline() {
  const log = useExperiment((s) => s.run.log);
  const lives = useMemo(() => groupLives(log, "head"), [log]);
  const iterations = log?.iterations.length ?? 0;

  return (
    <div className="timeline" data-testid="head-timeline">
      {lives.length === 0 || iterations === 0 ? (
        <p className="chart-empty">After the first iteration, each head's life appears here.</p>
      ) : (
        lives.map((life) => (
          <div
            key={`${life.layer}-${life.index}`}
            className="timeline-row"
            data-testid="head-life"
            data-layer={life.layerIndex}
            data-head={life.index}
            data-died-at={life.diedAt ?? ""}
          >
            <span className="timeline-label">
              block {life.layerIndex + 1} · head {life.index + 1}
            </span>
            <span className="timeline-track">
              {life.states.map((state) => (
                <span
                  key={state.iteration}
                  className={`timeline-slot${state.alive ? "" : " dead"}`}
                  title={`iteration ${state.iteration + 1}: ${state.alive ? "alive" : "dead"}`}
                />
              ))}
            </span>
            <span className="timeline-fate">
              {life.diedAt === null ? "alive to the end" : `dead from iteration ${life.diedAt + 1}`}
            </span>
          </div>
        ))
      )}
    </div>
  );
}
