// encodeCheckpoint entry by entry on a one-conv model worked by hand: weights as trained,
// mask./refill./cut. entries as U8, convs in PyTorch's OIHW, and the final ticket's own set
// (its biases zero where cut, no refill. or cut. entries).
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCheckpoint } from "../../src/core/checkpoint";
import { checkpointMeta } from "../../src/core/checkpointMeta";
import { DEFAULT_CONFIG } from "../../src/core/config";
import type { RunCheckpoint } from "../../src/core/experiment";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import type { Dataset, Model } from "../../src/core/types";

const IMAGES = { images: Uint8Array.from([1, 2]), labels: Uint8Array.from([0, 1]), count: 2 };
const DATASET: Dataset = {
  name: "tiny",
  shape: [1, 1, 1],
  numClasses: 2,
  train: IMAGES,
  test: IMAGES,
  mean: [0],
  std: [1],
};
// Made in each test, not at load: Stryker credits a mutant only to the tests that run its code.
const meta = () => checkpointMeta(DEFAULT_CONFIG, DATASET, { kind: "files", test: IMAGES }, "cafe");

// A 1×1 conv from 2 to 2 channels, HWIO [1, 1, 2, 2]: entry (i, o) is at 2i + o.
// In OIHW [2, 2, 1, 1] the order is (o, i): HWIO [a, b, c, d] reads [a, c, b, d].
const hwio = (values: number[]): tf.Tensor => tf.tensor4d(values, [1, 1, 2, 2]);
let model: Model;
const masks: tf.Tensor[] = [];

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = {
    arch: "resnet",
    params: {
      "conv.weight": tf.variable(hwio([1, 2, 3, 4])),
      "conv.bias": tf.variable(tf.tensor1d([0.5, -0.5])),
    },
    buffers: { "bn.running_mean": tf.variable(tf.tensor1d([0.25, 0.75])) },
    prunable: ["conv.weight"],
    groupSets: [],
    torchPermutation: { "conv.weight": [3, 2, 0, 1] },
    forward: () => {
      throw new Error("the checkpoint writer never runs the model");
    },
    flopsPerSample: 0,
    dispose: () => {},
  };
});

afterAll(() => {
  tf.dispose([...Object.values(model.params), ...Object.values(model.buffers), ...masks]);
});

async function entries(checkpoint: RunCheckpoint): Promise<Record<string, [string, number[], number[]]>> {
  const { tensors } = decodeSafetensors(await encodeCheckpoint(checkpoint, meta()));
  return Object.fromEntries(
    Object.entries(tensors).map(([name, t]) => [name, [t.dtype, t.shape, Array.from(t.data)]]),
  );
}

describe("encodeCheckpoint", () => {
  it("writes an iteration's weights as trained, M, R and what R cuts, in OIHW", async () => {
    const trained = hwio([1, 0, 1, 1]);
    const pruned = hwio([1, 0, 1, 0]);
    const structure = hwio([1, 1, 0, 0]);
    const owned = tf.tensor1d([1, 0]);
    masks.push(trained, pruned, structure, owned);
    const written = await entries({
      kind: "iteration",
      iteration: 1,
      model,
      trainedMasks: { "conv.weight": trained },
      prunedMasks: { "conv.weight": pruned },
      structureMask: { "conv.weight": structure },
      owned: { "conv.bias": owned },
    });
    expect(written).toEqual({
      "conv.weight": ["F32", [2, 2, 1, 1], [1, 3, 0, 4]],
      "conv.bias": ["F32", [2], [0.5, -0.5]],
      "bn.running_mean": ["F32", [2], [0.25, 0.75]],
      "mask.conv.weight": ["U8", [2, 2, 1, 1], [1, 1, 0, 0]],
      "refill.conv.weight": ["U8", [2, 2, 1, 1], [1, 0, 1, 0]],
      "cut.conv.bias": ["U8", [2], [1, 0]],
    });
  });

  it("writes the final ticket zero outside its mask and where its groups were cut", async () => {
    const final = hwio([0, 1, 1, 1]);
    const owned = tf.tensor1d([0, 1]);
    masks.push(final, owned);
    const written = await entries({
      kind: "final",
      iteration: 1,
      model,
      masks: { "conv.weight": final },
      owned: { "conv.bias": owned },
    });
    expect(written).toEqual({
      "conv.weight": ["F32", [2, 2, 1, 1], [0, 3, 2, 4]],
      "conv.bias": ["F32", [2], [0, -0.5]],
      "bn.running_mean": ["F32", [2], [0.25, 0.75]],
      "mask.conv.weight": ["U8", [2, 2, 1, 1], [0, 1, 1, 1]],
    });
  });

  it("stamps the iteration, or final, on the metadata", async () => {
    const mask = hwio([1, 1, 1, 1]);
    masks.push(mask);
    const same = { "conv.weight": mask };
    const iteration = await encodeCheckpoint(
      {
        kind: "iteration",
        iteration: 3,
        model,
        trainedMasks: same,
        prunedMasks: same,
        structureMask: same,
        owned: {},
      },
      meta(),
    );
    const final = await encodeCheckpoint(
      { kind: "final", iteration: 3, model, masks: same, owned: {} },
      meta(),
    );
    expect(decodeSafetensors(iteration).metadata.iteration).toBe("3");
    expect(decodeSafetensors(final).metadata.iteration).toBe("final");
    expect(decodeSafetensors(final).metadata.dataset).toBe('{"name":"tiny","hash":"cafe"}');
  });
});
