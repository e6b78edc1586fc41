// The charts' text alternatives say the figures drawn.
import { describe, expect, it } from "vitest";
import { accuracySummary, heatmapSummary, liveSummary } from "../../src/store/views/chartSummaries";
import type { GroupLayerView } from "../../src/store/views/groupViews";

const point = (iteration: number | "final", sparsity: number, accuracy: number) => ({
  iteration,
  sparsity,
  accuracy,
  measuredOn: "",
});

describe("chart summaries", () => {
  it("accuracy: each iteration's two points and the final ticket, in %", () => {
    const text = accuracySummary({
      unstructured: [point(1, 0, 93.65), point(2, 20, 92.1)],
      structured: [point(1, 25, 80), point(2, 45, 70.04)],
      final: [point("final", 67.23, 91)],
    });
    expect(text).toBe(
      "Test accuracy by iteration 1: unstructured 93.7% at 0.0% sparsity, structured 80.0% at 25.0%; " +
        "iteration 2: unstructured 92.1% at 20.0% sparsity, structured 70.0% at 45.0%; " +
        "final ticket: 91.0% at 67.2% sparsity.",
    );
  });

  it("loss: the first and the latest step, 1-based", () => {
    const live = [
      { step: 0, loss: 2.31, lambda: 0 },
      { step: 1, loss: 1.5, lambda: 0 },
      { step: 9, loss: 0.41234, lambda: 0 },
    ];
    expect(liveSummary(live, "loss")).toBe("Training loss over 3 steps: 2.31 at step 1, 0.412 at step 10.");
  });

  it("heatmap: alive heads per block and the dead ones by number", () => {
    const cell = (index: number, alive: boolean) => ({ index, alive }) as GroupLayerView["cells"][number];
    const layers = [
      { aliveCount: 2, cells: [cell(0, true), cell(1, false), cell(2, true)] },
      { aliveCount: 3, cells: [cell(0, true), cell(1, true), cell(2, true)] },
    ] as GroupLayerView[];
    expect(heatmapSummary(layers)).toBe(
      "Attention heads by block 1: 2 of 3 heads alive (dead: 2); block 2: 3 of 3 heads alive.",
    );
  });
});
