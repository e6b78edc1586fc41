// Reads a fast-changing piece of the store at most once per `intervalMs`, always ending on
// the latest value, without re-rendering in between: redrawing a chart for every
// training step would load the main thread.
import { useEffect, useState } from "react";
import { experimentStore } from "../../store/appStore";
import type { ExperimentState } from "../../store/experimentStore";

export function useThrottledExperiment<T>(selector: (state: ExperimentState) => T, intervalMs: number): T {
  const [shown, setShown] = useState(() => selector(experimentStore.getState()));

  useEffect(() => {
    let lastShownAt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      timer = null;
      lastShownAt = performance.now();
      setShown(() => selector(experimentStore.getState()));
    };
    show();
    const unsubscribe = experimentStore.subscribe((state, previous) => {
      if (selector(state) === selector(previous) || timer !== null) return;
      timer = setTimeout(show, Math.max(0, lastShownAt + intervalMs - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [selector, intervalMs]);

  return shown;
}
