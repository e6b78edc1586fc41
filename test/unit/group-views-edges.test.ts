// The heatmap and timeline rows at their edges: iterations whose indices are not their
// positions (a log that starts later), a set an iteration does not record, equal and
// non-finite importances, ties in the order of deaths, and the ResNet's residual labels.
import { describe, expect, it } from "vitest";
import type { GroupRecord, IterationRecord, RunLog } from "../../src/core/types";
import { groupLayers, groupLives, iterationAt, layerLabel } from "../../src/store/views/groupViews";

function channels(alive: boolean[], importance: number[], density: number[]): GroupRecord {
  return { kind: "channel", alive, importance, density };
}

function iteration(index: number, groups: IterationRecord["groups"]): IterationRecord {
  return {
    index,
    epochs: [],
    sparsity: { overall: 0.1 * index, layers: {} },
    trainedSparsity: 0,
    structuredSparsity: 0,
    testAccUnstructured: 0.9,
    testAccStructured: 0.8,
    groups,
    durationMs: 1,
  };
}

// Iterations 3 and 4 (not 0 and 1); layer2 is not recorded in iteration 3.
const LOG = {
  model: {
    arch: "resnet",
    prunableParams: 1,
    groups: [
      { name: "layer1", kind: "channel", count: 2 },
      { name: "blocks.0.attn", kind: "head", count: 2 },
      { name: "layer2", kind: "channel", count: 3 },
    ],
  },
  iterations: [
    iteration(3, { layer1: channels([false, true], [1, 2], [0, 1]) }),
    iteration(4, {
      layer1: channels([false, false], [2, 2], [0.5, 0]),
      layer2: channels([false, true, false], [1, Number.NaN, 3], [1, 0.5, 0]),
    }),
  ],
} as unknown as RunLog;

describe("groupLives", () => {
  it("dates deaths by the iterations' own indices, a set not recorded as alive, ties by layer then group", () => {
    const lives = groupLives(LOG, "channel").map((life) => [
      life.layer,
      life.layerIndex,
      life.index,
      life.diedAt,
      life.states.map((s) => `${s.iteration}:${s.alive ? "alive" : "dead"}`).join(" "),
    ]);
    expect(lives).toEqual([
      ["layer1", 0, 0, 3, "3:dead 4:dead"],
      ["layer1", 0, 1, 4, "3:alive 4:dead"],
      ["layer2", 1, 0, 4, "3:alive 4:dead"],
      ["layer2", 1, 2, 4, "3:alive 4:dead"],
      ["layer2", 1, 1, null, "3:alive 4:alive"],
    ]);
  });

  it("has no lives without a log", () => {
    expect(groupLives(null, "channel")).toEqual([]);
  });
});

describe("groupLayers", () => {
  it("shades by the finite importances within the layer, 0 when they are all equal", () => {
    const layers = groupLayers(LOG, LOG.iterations[1] ?? null, "channel");
    expect(
      layers.map((layer) => [layer.name, layer.label, layer.kind, layer.aliveCount, layer.meanDensity]),
    ).toEqual([
      ["layer1", "layer1 residual", "channel", 0, 0.25],
      ["layer2", "layer2 residual", "channel", 1, 0.5],
    ]);
    expect(layers[0]?.cells).toEqual([
      { index: 0, alive: false, importance: 2, density: 0.5, shade: 0 },
      { index: 1, alive: false, importance: 2, density: 0, shade: 0 },
    ]);
    expect(layers[1]?.cells).toEqual([
      { index: 0, alive: false, importance: 1, density: 1, shade: 0 },
      { index: 1, alive: true, importance: Number.NaN, density: 0.5, shade: 0 },
      { index: 2, alive: false, importance: 3, density: 0, shade: 1 },
    ]);
  });

  it("shows a set the iteration does not record as alive, unranked and unshaded", () => {
    const [, layer2] = groupLayers(LOG, LOG.iterations[0] ?? null, "channel");
    expect(layer2).toEqual({
      name: "layer2",
      label: "layer2 residual",
      kind: "channel",
      cells: [0, 1, 2].map((index) => ({ index, alive: true, importance: null, density: null, shade: 0 })),
      aliveCount: 3,
      meanDensity: null,
    });
  });

  it("has no layers without a log", () => {
    expect(groupLayers(null, null, "head")).toEqual([]);
  });
});

describe("iterationAt", () => {
  it("clamps the position and has nothing without a log", () => {
    expect(iterationAt(null, 0)).toBeNull();
    expect(iterationAt(LOG, -2)?.index).toBe(3);
    expect(iterationAt(LOG, 7)?.index).toBe(4);
    expect(iterationAt(LOG, null)?.index).toBe(4);
  });
});

describe("layerLabel", () => {
  it("calls only a ResNet stage's own channel set its residual stream", () => {
    expect(layerLabel("layer2", "channel")).toBe("layer2 residual");
    expect(layerLabel("layer12", "channel")).toBe("layer12 residual");
    expect(layerLabel("layer2.0.conv1", "channel")).toBe("layer2.0.conv1");
    expect(layerLabel("stem.layer2", "channel")).toBe("stem.layer2");
    expect(layerLabel("layer2", "neuron")).toBe("layer2");
  });
});
