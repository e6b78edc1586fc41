// Walks the iteration slider through the iterations, one every STEP_MS, from the first to the
// newest (where the slider follows new iterations again).
import { useEffect, useState } from "react";
import "./heads.css";
import { labStore, runActions, useLab } from "../../store/appStore";

const STEP_MS = 900;

export function PlayButton() {
  const count = useLab((s) => s.run.log?.iterations.length ?? 0);
  const [playing, setPlaying] = useState(false);
  const last = count - 1;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const selected = labStore.getState().selectedIteration;
      const next = (selected ?? last) + 1;
      if (next >= last) {
        runActions.selectIteration(null);
        setPlaying(false);
      } else runActions.selectIteration(next);
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing, last]);

  const start = () => {
    runActions.selectIteration(0);
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
