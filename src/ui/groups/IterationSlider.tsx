// Scrubs through the finished iterations; at the right end it follows the newest one.
import { runActions, useLab } from "../../store/appStore";

export function IterationSlider() {
  const count = useLab((s) => s.run.log?.iterations.length ?? 0);
  const selected = useLab((s) => s.selectedIteration);
  const last = Math.max(count - 1, 0);
  const position = selected === null ? last : Math.min(selected, last);
  const following = selected === null;

  return (
    <div className="iteration-slider">
      <label htmlFor="iteration-slider">
        Iteration {count === 0 ? "–" : position + 1} of {count}
        {following && count > 0 ? " (newest)" : ""}
      </label>
      <input
        id="iteration-slider"
        data-testid="iteration-slider"
        type="range"
        min={0}
        max={last}
        step={1}
        value={position}
        disabled={count < 2}
        onChange={(e) => {
          const value = Number(e.target.value);
          runActions.selectIteration(value >= last ? null : value);
        }}
      />
    </div>
  );
}
