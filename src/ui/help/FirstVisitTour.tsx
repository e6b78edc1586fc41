// A short tour of the five areas on the first visit: not modal (the lab stays usable under
// it), skippable, and remembered once finished or skipped.
import { useState } from "react";
import { rememberTourSeen, tourSeen } from "./tourMemory";

export const TOUR_STOPS: { area: string; text: string }[] = [
  {
    area: "Configuration (left)",
    text: "The preset and every setting of the experiment. The lab opens on a pretrained ViT whose attention heads Refill cuts.",
  },
  {
    area: "Run controls",
    text: "Run starts the experiment in your browser; Step (or the S key) runs one phase and explains what it did.",
  },
  {
    area: "Charts",
    text: "Loss while training, accuracy against sparsity after each iteration, and how much of each layer is pruned.",
  },
  {
    area: "Structure",
    text: "The heatmap of heads (or neurons, channels): colour is importance, ✕ is cut. The slider goes back through iterations.",
  },
  {
    area: "Runs",
    text: "Every run is kept in this browser: open, compare, export or resume one. The glossary explains the words.",
  },
];

export function FirstVisitTour() {
  const [stop, setStop] = useState<number | null>(() => (tourSeen() ? null : 0));
  if (stop === null) return null;
  const end = () => {
    rememberTourSeen();
    setStop(null);
  };
  const current = TOUR_STOPS[stop]!;
  const last = stop === TOUR_STOPS.length - 1;
  return (
    <aside className="tour" aria-label="First-visit tour" data-testid="tour">
      <p className="tour-text">
        <strong>
          {stop + 1}/{TOUR_STOPS.length} · {current.area}:
        </strong>{" "}
        {current.text}
      </p>
      <div className="tour-buttons">
        <button type="button" data-testid="tour-next" onClick={last ? end : () => setStop(stop + 1)}>
          {last ? "Done" : "Next"}
        </button>
        {!last && (
          <button type="button" data-testid="tour-skip" onClick={end}>
            Skip the tour
          </button>
        )}
      </div>
    </aside>
  );
}
