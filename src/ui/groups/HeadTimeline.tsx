// For every head, its state after each iteration and the iteration from which it stayed
// dead, the earliest deaths first: the order in which the heads die.
import { useMemo } from "react";
import { useLab } from "../../store/appStore";
import { groupLives } from "../../store/views/groupViews";
import { slotChange } from "../../store/views/headViews";

export function HeadTimeline() {
  const log = useLab((s) => s.run.log);
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
              {life.states.map((state, i) => {
                // Marks what changed from the iteration before: cut, or revived by refill.
                const change = slotChange(life.states[i - 1]?.alive ?? true, state.alive);
                return (
                  <span
                    key={state.iteration}
                    className={`timeline-slot${state.alive ? "" : " dead"}${change ? ` ${change}` : ""}`}
                    data-change={change ?? ""}
                    title={`iteration ${state.iteration + 1}: ${state.alive ? "alive" : "dead"}${change ? ` (${change})` : ""}`}
                  />
                );
              })}
            </span>
            <span className="timeline-fate">
              {life.diedAt === null ? "alive to the end" : `dead from iteration ${life.diedAt + 1}`}
            </span>
          </div>
        ))
      )}
      {iterations > 0 && (
        <p className="timeline-refilled" data-testid="timeline-refilled">
          Entries refill restored (R = 1 where M = 0), per iteration:{" "}
          {log?.iterations.map((it) => it.refilled ?? "–").join(" → ")}
        </p>
      )}
    </div>
  );
}
