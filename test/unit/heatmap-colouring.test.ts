// The head heatmap's colouring: the criterion's importance until the criterion check switches it
// to the ablation Δloss, and back.
import { beforeEach, describe, expect, it } from "vitest";
import { useHeatmapColouring } from "../../src/store/views/heatmapColouring";

describe("useHeatmapColouring", () => {
  beforeEach(() => useHeatmapColouring.setState({ colouring: "criterion" }));

  it("starts on the criterion and switches to the ablation and back", () => {
    expect(useHeatmapColouring.getInitialState().colouring).toBe("criterion");
    useHeatmapColouring.getState().setColouring("ablation");
    expect(useHeatmapColouring.getState().colouring).toBe("ablation");
    useHeatmapColouring.getState().setColouring("criterion");
    expect(useHeatmapColouring.getState().colouring).toBe("criterion");
  });
});
