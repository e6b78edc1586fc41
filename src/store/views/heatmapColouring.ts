// Whether the head heatmap is coloured by the criterion's importance or by the ablation Δloss:
// a view setting shared by the criterion check (which switches it) and the heatmap.
import { create } from "zustand";

export type HeatmapColouring = "criterion" | "ablation";

interface HeatmapColouringState {
  colouring: HeatmapColouring;
  setColouring: (colouring: HeatmapColouring) => void;
}

export const useHeatmapColouring = create<HeatmapColouringState>((set) => ({
  colouring: "criterion",
  setColouring: (colouring) => set({ colouring }),
}));
