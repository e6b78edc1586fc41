// The charts' plots (recharts, plots.tsx) load after the page's first paint, and each chart turns
// its plot on in a task of its own. Mounted with the page, the four plots (each measures its box
// and renders again) made a long task that also held the first paint back; mounted together
// later, still one long task.
import { useEffect, useState } from "react";
import { flushSync } from "react-dom";

type Plots = typeof import("./plots");

let loaded: Plots | null = null;
let loading: Promise<Plots> | null = null;

/** Where paint timing is missing (or the page is hidden and never paints), give up waiting. */
const FIRST_PAINT_FALLBACK_MS = 2000;

/**
 * Resolves once the page has shown its first content. A frame painted (requestAnimationFrame,
 * then a timer) is not yet on screen: on a slow compositor the plots then mounted before the
 * first paint was presented and held it back.
 */
function afterFirstPaint(): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null;
    const done = () => {
      observer?.disconnect();
      clearTimeout(fallback);
      resolve();
    };
    const fallback = setTimeout(done, FIRST_PAINT_FALLBACK_MS);
    try {
      observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName("first-contentful-paint").length > 0) done();
      });
      observer.observe({ type: "paint", buffered: true });
    } catch {
      // No paint timing here: the fallback timer decides.
    }
  });
}

function loadPlots(): Promise<Plots> {
  loading ??= afterFirstPaint()
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
