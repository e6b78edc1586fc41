// The pretrained file by content: every parameter and buffer in PyTorch layout (a ResNet's convs
// OIHW) with its metadata, read back into the model's own layout value for value, U8 entries
// skipped, and nothing left allocated.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { decodeSafetensors, encodeSafetensors } from "../../src/core/io/safetensors";
import { createModel } from "../../src/core/models";
import {
  encodePretrained,
  inversePermutation,
  PRETRAINED_FILES,
  pretrainedWeights,
  pretrainedWeightsFor,
} from "../../src/core/pretrained";
import type { ExperimentConfig, Model } from "../../src/core/types";

const IMAGE: [number, number, number] = [8, 8, 1];

function tinyResnet(): ExperimentConfig {
  const resolved = resolveConfig({
    arch: "resnet",
    dataset: "synthetic",
    model: { depth: 8, width: 2 },
    trainSize: 64,
    testSize: 16,
    batchSize: 16,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

/** The model's parameters and buffers, by name, as nested arrays in the model's layout. */
function valuesOf(model: Model): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries({ ...model.params, ...model.buffers })) {
    values[name] = variable.arraySync();
  }
  return values;
}

describe("PRETRAINED_FILES", () => {
  it("names one file per arch under public/models", () => {
    expect(PRETRAINED_FILES).toEqual({
      vit: "models/vit-mnist.safetensors",
      resnet: "models/resnet-mnist.safetensors",
    });
  });
});

describe("inversePermutation", () => {
  it("has the permutation's length and undoes it", () => {
    expect(inversePermutation([1, 2, 0])).toEqual([2, 0, 1]);
    expect(inversePermutation([0])).toEqual([0]);
  });
});

describe("encodePretrained", () => {
  it("writes every parameter and buffer of a ResNet as F32, convs OIHW, with its metadata", async () => {
    const model = createModel(tinyResnet(), IMAGE, 10);
    try {
      const bytes = await encodePretrained(model, { trainedOn: "test" });
      const { tensors, metadata } = decodeSafetensors(bytes);
      expect(metadata).toEqual({ format: "pt", arch: "resnet", trainedOn: "test" });
      const names = [...Object.keys(model.params), ...Object.keys(model.buffers)];
      expect(Object.keys(tensors).sort()).toEqual([...names].sort());
      expect(Object.keys(model.buffers).length).toBeGreaterThan(0);
      for (const name of names) {
        const variable = model.params[name] ?? model.buffers[name]!;
        const stored = tensors[name]!;
        expect(stored.dtype, name).toBe("F32");
        const permutation = model.torchPermutation[name];
        const torchLayout = permutation ? tf.transpose(variable, permutation) : tf.clone(variable);
        expect(stored.shape, name).toEqual(torchLayout.shape);
        expect(Array.from(stored.data), name).toEqual(Array.from(torchLayout.dataSync()));
        torchLayout.dispose();
      }
      // The stem conv is 3×3 from 1 channel to 2: HWIO [3, 3, 1, 2] in the model, OIHW [2, 1, 3, 3] in the file.
      const stem = Object.keys(model.torchPermutation).find(
        (name) => model.params[name]?.shape.join() === "3,3,1,2",
      );
      expect(stem).toBeDefined();
      expect(tensors[stem!]!.shape).toEqual([2, 1, 3, 3]);
    } finally {
      model.dispose();
    }
  });
});

describe("pretrainedWeights", () => {
  it("reads a file written by encodePretrained back into the model's layout, value for value", async () => {
    const config = tinyResnet();
    const source = createModel(config, IMAGE, 10);
    const bytes = await encodePretrained(source, {});
    const expected = valuesOf(source);
    source.dispose();
    const before = tf.memory().numTensors;
    const weights = pretrainedWeightsFor(bytes, config, IMAGE, 10);
    // Only the returned tensors stay allocated: the model built to read the layouts is disposed.
    expect(tf.memory().numTensors - before).toBe(Object.keys(weights).length);
    const read: Record<string, unknown> = {};
    for (const [name, tensor] of Object.entries(weights)) read[name] = tensor.arraySync();
    expect(read).toEqual(expected);
    tf.dispose(Object.values(weights));
  });

  it("skips U8 entries and transposes only the permuted ones", () => {
    const bytes = encodeSafetensors([
      { name: "conv.weight", dtype: "F32", shape: [2, 1, 1, 1], data: Float32Array.from([5, 6]) },
      { name: "bias", dtype: "F32", shape: [2], data: Float32Array.from([1, 2]) },
      { name: "mask.bias", dtype: "U8", shape: [2], data: Uint8Array.from([1, 0]) },
    ]);
    const weights = pretrainedWeights(bytes, { torchPermutation: { "conv.weight": [3, 2, 0, 1] } });
    expect(Object.keys(weights).sort()).toEqual(["bias", "conv.weight"]);
    expect(weights["conv.weight"]!.shape).toEqual([1, 1, 1, 2]);
    expect(weights["conv.weight"]!.arraySync()).toEqual([[[[5, 6]]]]);
    expect(weights.bias!.arraySync()).toEqual([1, 2]);
    tf.dispose(Object.values(weights));
  });
});
