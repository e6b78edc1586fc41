// Walks the iteration slider through the iterations, one every STEP_MS, from the first to the
// newest (where the slider follows new iterations again).
import { useEffect, useState } from "react";
import "./heads.css";
import { experimentActions, experimentStore, useExperiment } from "../../store/appStore";

const STEP_MS = 900;

export function PlayButton() {
  const count = useExperiment((s) => s.run.log?.iterations.length ?? 0);
  const [playing, setPlaying] = useState(false);
  const last = count - 1;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const selected = experimentStore.getState().selectedIteration;
      const next = (selected ?? last) + 1;
      if (next >= last) {
        experimentActions.selectIteration(null);
        setPlaying(false);
      } else experimentActions.selectIteration(next);
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing, last]);

  const start = () => {
    experimentActions.selectIteration(0);
    setPlaying(true);
  };
  return (
    <button
      type="button"
      className="play-button"
      data-testid="iteration-play"
      aria-pressed={playing}
      disabled={count < 2}
      onClick={playing ? () => setPlaying(false) : start}
    >
      {playing ? "❚❚ Pause" : "▶ Play"}
    </button>
  );
}
