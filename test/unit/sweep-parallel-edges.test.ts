// The parallel coordinates at their edges: one value on an axis (drawn in the middle), one
// finished point (a measure axis with one tick), none finished (no axes), the MFLOPs axis's
// ticks and words, and a words axis in the sweep file's order rather than sorted.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import type { QueuedPoint } from "../../src/core/sweep";
import { parallelPlot } from "../../src/store/views/sweepParallel";

function point(
  index: number,
  values: Record<string, string | number>,
  testAcc: number | null,
  sparsity: number | null,
  compactFlops?: number | null,
): QueuedPoint {
  return {
    index,
    name: `p${index}`,
    values,
    config: { ...DEFAULT_CONFIG, struct: "rsst", seed: 1, ...values },
    status: testAcc === null ? "queued" : "done",
    runId: null,
    testAcc,
    sparsity,
    ...(compactFlops !== undefined && { compactFlops }),
    error: null,
  };
}

describe("parallelPlot at its edges", () => {
  it("draws a single swept value and a single finished point in the middle, with one tick", () => {
    const plot = parallelPlot(
      {
        axes: { rate: [0.2] },
        points: [point(0, { rate: 0.2 }, 0.9, 0.5), point(1, { rate: 0.2 }, null, null)],
      },
      "struct",
    );
    expect(plot.axes).toEqual([
      { key: "rate", label: "rate", ticks: [{ label: "0.2", at: 0.5 }] },
      { key: "sparsity", label: "sparsity", ticks: [{ label: "50.0%", at: 0.5 }] },
      { key: "testAcc", label: "test acc", ticks: [{ label: "90.0%", at: 0.5 }] },
    ]);
    expect(plot.lines).toEqual([
      {
        index: 0,
        name: "p0",
        runId: null,
        colour: "rsst",
        at: [0.5, 0.5, 0.5],
        label: "p0: rate 0.2, sparsity 50.0%, test acc 90.0%",
      },
    ]);
    expect(plot.note).toBeNull();
  });

  it("has no axes and no lines before a point has finished, and no MFLOPs note", () => {
    const plot = parallelPlot(
      { axes: { rate: [0.2, 0.4] }, points: [point(0, { rate: 0.2 }, null, null)] },
      "rate",
    );
    expect(plot).toEqual({ axes: [], lines: [], note: null });
  });

  it("keeps a words axis in the sweep's order, and scales the MFLOPs between their ends", () => {
    const plot = parallelPlot(
      {
        axes: { criteria: ["saliency", "magnitude", "l1"] },
        points: [
          point(0, { criteria: "saliency" }, 0.8, 0.4, 2_500_000),
          point(1, { criteria: "l1" }, 0.6, 0.6, 1_000_000),
          point(2, { criteria: "magnitude" }, 0.7, 0.5, 1_750_000),
        ],
      },
      "criteria",
    );
    expect(plot.axes[0]!.ticks).toEqual([
      { label: "saliency", at: 0 },
      { label: "magnitude", at: 0.5 },
      { label: "l1", at: 1 },
    ]);
    expect(plot.axes[2]).toEqual({
      key: "mflops",
      label: "compacted MFLOPs",
      ticks: [
        { label: "1.00", at: 0 },
        { label: "2.50", at: 1 },
      ],
    });
    // Point 2: magnitude (0.5), sparsity 0.5 of 0.4..0.6, 1.75 of 1..2.5 MFLOPs, accuracy 0.7 of 0.6..0.8.
    const line = plot.lines[2]!;
    expect(line.at.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(line.label).toBe("p2: criteria magnitude, sparsity 50.0%, compacted MFLOPs 1.75, test acc 70.0%");
    expect(line.colour).toBe("magnitude");
  });
});
