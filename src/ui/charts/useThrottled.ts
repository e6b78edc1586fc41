// Reads a fast-changing piece of the store at most once per `intervalMs`, always ending on
// the latest value, without re-rendering in between: redrawing a chart for every
// training step would load the main thread. Each update renders in its own timer task
// (flushSync), so two charts due at the same moment do not share one long task.
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { labStore } from "../../store/appStore";
import type { LabState } from "../../store/labState";

/**
 * An interval of 0: the value follows every change, but each chart reading it this way redraws in
 * a task of its own (a timer), not in the one that applied the event. At the end of an iteration
 * several views change at once; drawn together they made one long task.
 */
export const OWN_TASK = 0;

export function useThrottledExperiment<T>(selector: (state: LabState) => T, intervalMs: number): T {
  const [shown, setShown] = useState(() => selector(labStore.getState()));

  useEffect(() => {
    let lastShownAt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      lastShownAt = performance.now();
      setShown(() => selector(labStore.getState()));
    };
    const showLater = () => {
      timer = null;
      flushSync(show);
    };
    show();
    const unsubscribe = labStore.subscribe((state, previous) => {
      if (selector(state) === selector(previous) || timer !== null) return;
      timer = setTimeout(showLater, Math.max(0, lastShownAt + intervalMs - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [selector, intervalMs]);

  return shown;
}
