// The charts' plots (recharts, plots.tsx) load after the page's first paint, and each chart turns
// its plot on in a task of its own. Mounted with the page, the four plots (each measures its box
// and renders again) made a long task that also held the first paint back; mounted together
// later, still one long task.
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";

type Plots = typeof import("./plots");

let loaded: Plots | null = null;
let loading: Promise<Plots> | null = null;

/** Resolves once the frame being prepared now has been painted. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function loadPlots(): Promise<Plots> {
  loading ??= afterPaint()
    .then(() => import("./plots"))
    .then((plots) => {
      loaded = plots;
      return plots;
    });
  return loading;
}

/** The plot components, or null until they are loaded (the chart shows its card meanwhile). */
export function usePlots(): Plots | null {
  const [plots, setPlots] = useState(loaded);
  useEffect(() => {
    if (plots) return;
    let mounted = true;
    loadPlots().then(
      (module) =>
        setTimeout(() => {
          if (mounted) flushSync(() => setPlots(module));
        }, 0),
      (error: unknown) => console.warn("The charts could not be loaded:", error),
    );
    return () => {
      mounted = false;
    };
  }, [plots]);
  return plots;
}
